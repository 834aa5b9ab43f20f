// The role-aware frame: navigation, organization switcher, language, logout. At phone width
// the side menu collapses behind a button.
import { useEffect, useState } from 'react';
import { Button, Grid, Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import { Link, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasAnyRole, useMe } from '../lib/me';
import { useCurrentOrg } from '../lib/current-org';
import { getSession, setSession } from '../lib/session';
import { setLang } from '../config/i18n';

export function Shell() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { orgId, setOrgId } = useCurrentOrg();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // Below md the menu hides behind a floating trigger at the top left: keep the header clear of it.
  const wide = Grid.useBreakpoint().md ?? true;
  const data = me.data;

  useEffect(() => {
    if (data && !data.memberships.some((m) => m.organization_id === orgId)) {
      setOrgId(data.memberships[0]?.organization_id);
    }
  }, [data, orgId, setOrgId]);

  const logout = async () => {
    const s = getSession();
    if (s) {
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.accessToken}` },
        body: JSON.stringify({ refresh_token: s.refreshToken }),
      }).catch(() => undefined);
    }
    setSession(null);
  };

  const items = [
    { key: '/organizations', label: <Link to="/organizations">{t('nav.organizations')}</Link>, show: true },
    {
      key: '/persons',
      label: <Link to="/persons">{t('nav.persons')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'association_staff', 'institution_admin', 'enterprise_officer', 'enterprise_manager', 'subcentre_admin', 'regulator', 'practitioner']),
    },
    {
      key: '/users',
      label: <Link to="/users">{t('nav.users')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'institution_admin', 'enterprise_manager', 'subcentre_admin']),
    },
    {
      key: '/training',
      label: <Link to="/training">{t('nav.training')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'association_staff', 'finance', 'institution_admin', 'enterprise_officer', 'enterprise_manager', 'teacher', 'head_teacher', 'subcentre_admin', 'practitioner']),
    },
    { key: '/training/enrol', label: <Link to="/training/enrol">{t('nav.enrol')}</Link>, show: hasAnyRole(data, ['enterprise_officer']) },
    {
      key: '/training/enrolments',
      label: <Link to="/training/enrolments">{t('nav.enrolments')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'association_staff', 'finance', 'enterprise_officer', 'enterprise_manager']),
    },
    { key: '/training/plans', label: <Link to="/training/plans">{t('nav.plans')}</Link>, show: hasAnyRole(data, ['association_admin', 'association_staff']) },
    { key: '/training/teachers', label: <Link to="/training/teachers">{t('nav.teachers')}</Link>, show: hasAnyRole(data, ['association_admin', 'association_staff']) },
    { key: '/training/refunds', label: <Link to="/training/refunds">{t('nav.refunds')}</Link>, show: hasAnyRole(data, ['association_admin', 'association_staff', 'finance']) },
    {
      key: '/training/accounts',
      label: <Link to="/training/accounts">{t('nav.accounts')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'association_staff', 'enterprise_officer', 'enterprise_manager']),
    },
    {
      key: '/training/blacklist',
      label: <Link to="/training/blacklist">{t('nav.blacklist')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'association_staff', 'subcentre_admin']),
    },
    {
      key: '/training/calendar',
      label: <Link to="/training/calendar">{t('nav.calendar')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'association_staff', 'finance']),
    },
    { key: '/training/attendance', label: <Link to="/training/attendance">{t('nav.attendance')}</Link>, show: hasAnyRole(data, ['head_teacher']) },
    {
      key: '/inbox',
      label: <Link to="/inbox">{t('nav.inbox')}</Link>,
      show: hasAnyRole(data, ['enterprise_officer', 'enterprise_manager', 'association_admin', 'association_staff', 'finance', 'head_teacher']),
    },
    { key: '/my-classes', label: <Link to="/my-classes">{t('nav.myClasses')}</Link>, show: hasAnyRole(data, ['practitioner']) },
    { key: '/public/plans', label: <Link to="/public/plans">{t('nav.publicPlans')}</Link>, show: true },
    { key: '/api-clients', label: <Link to="/api-clients">{t('nav.apiClients')}</Link>, show: !!data?.is_platform_admin },
    {
      key: '/audit',
      label: <Link to="/audit">{t('nav.audit')}</Link>,
      show: hasAnyRole(data, ['association_admin', 'institution_admin', 'subcentre_admin', 'regulator']),
    },
  ].filter((i) => i.show);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="md" collapsedWidth={0} collapsed={collapsed} onCollapse={setCollapsed} theme="light">
        <div style={{ padding: 16, fontWeight: 600 }}>{t('app.title')}</div>
        <Menu mode="inline" selectedKeys={[location.pathname]} items={items.map(({ key, label }) => ({ key, label }))} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: wide ? '0 12px' : '0 12px 0 56px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', height: 'auto', minHeight: 64 }}>
          <Space wrap>
            <Typography.Text type="secondary">{t('app.org')}</Typography.Text>
            <Select
              data-testid="org-switcher"
              style={{ minWidth: 200, maxWidth: '60vw' }}
              value={orgId}
              onChange={setOrgId}
              options={(data?.memberships ?? []).map((m) => ({ value: m.organization_id, label: m.organization_name }))}
            />
          </Space>
          <Space wrap>
            {wide && <Typography.Text>{data?.user.display_name}</Typography.Text>}
            <Button onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>{t('app.language')}</Button>
            <Button data-testid="logout" onClick={() => void logout()}>
              {t('app.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 12 }}>
          {me.isLoading ? <Spin /> : <Outlet />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
