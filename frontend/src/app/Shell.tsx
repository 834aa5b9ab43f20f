// The frame every signed-in screen sits in, after Ant Design Pro's layout: a grouped menu with
// icons and badges (a side menu on a desk, an overlay drawer on a phone that closes once a
// screen is chosen), a breadcrumb with a back button on detail pages, the notice bell, the
// organization switcher and the avatar menu holding the personal centre, language and logout.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Avatar, Badge, Breadcrumb, Button, Drawer, Dropdown, Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { ArrowLeftOutlined, GlobalOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe, type Me } from '../lib/me';
import { useCurrentOrg } from '../lib/current-org';
import { logout } from './logout';
import { forgetMenu, menuAsked } from './handover';
import { setLang } from '../config/i18n';
import { menuFor, screenOf } from './menu';
import { useWaiting } from '../features/workbench/waiting';
import { BellButton } from '../features/workbench/BellButton';
import { useWide } from '../lib/useWide';
import { useAfterPaint } from '../lib/useAfterPaint';

// The bell, its popover and its list are a chunk of their own, mounted once the page is
// painted; until then the same button stands in its place, so nothing moves.
const NoticeBell = lazy(() => import('../features/workbench/NoticeBell').then((m) => ({ default: m.NoticeBell })));

/**
 * The menu items of `me`, each screen a link, badges from the same counts as the workbench,
 * asked for once the page is painted.
 */
export function useMenuItems(me: Me | undefined, onPick?: () => void): MenuProps['items'] {
  const { t } = useTranslation();
  const { badges } = useWaiting(me, useAfterPaint());
  return menuFor(me).map((g) => ({
    type: 'group' as const,
    key: g.key,
    label: t(g.label),
    children: g.screens.map((s) => ({
      key: s.path,
      icon: s.icon,
      label: (
        <Link to={s.path} onClick={onPick}>
          <Space size={6}>
            {t(s.label)}
            {s.badge && badges[s.badge] > 0 && <Badge count={badges[s.badge]} size="small" data-testid={`menu-badge-${s.badge}`} />}
          </Space>
        </Link>
      ),
    })),
  }));
}

/** The grouped menu: in the side bar on a desk, in the drawer on a phone (mounted when first opened). */
function NavMenu({ me, selected, onPick }: { me: Me | undefined; selected: string[]; onPick?: () => void }) {
  const items = useMenuItems(me, onPick);
  return <Menu mode="inline" selectedKeys={selected} items={items} style={{ borderInlineEnd: 'none' }} data-testid="nav-menu" />;
}

export function Shell() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { orgId, setOrgId } = useCurrentOrg();
  const location = useLocation();
  const navigate = useNavigate();
  const wide = useWide();
  // Open at once when the trainee's light frame handed over with its menu button.
  const [drawer, setDrawer] = useState(menuAsked);
  useEffect(forgetMenu, []);
  const [shownPath, setShownPath] = useState(location.pathname);
  const painted = useAfterPaint();
  const data = me.data;

  useEffect(() => {
    if (data && !data.memberships.some((m) => m.organization_id === orgId)) {
      setOrgId(data.memberships[0]?.organization_id);
    }
  }, [data, orgId, setOrgId]);

  // The phone drawer closes on every navigation, also one made from a page's own links.
  if (shownPath !== location.pathname) {
    setShownPath(location.pathname);
    setDrawer(false);
  }

  const here = screenOf(location.pathname);
  const detail = !!here && location.pathname !== here.screen.path && here.screen.path !== '/';
  const selected = here ? [here.screen.path] : [];

  const avatarMenu: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: <Link to="/account" data-testid="menu-profile">{t('account.title')}</Link> },
    { key: 'lang', icon: <GlobalOutlined />, label: <span data-testid="menu-language">{t('app.language')}</span>, onClick: () => setLang(i18n.language === 'en' ? 'zh-CN' : 'en') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('app.logout')}</span>, onClick: () => void logout() },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {wide && (
        <Layout.Sider theme="light" width={220} style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: 16, fontWeight: 600 }}>{t('app.title')}</div>
          <NavMenu me={data} selected={selected} />
        </Layout.Sider>
      )}
      {!wide && (
        <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size={260} title={t('app.title')} styles={{ body: { padding: 0 } }} data-testid="nav-drawer">
          <NavMenu me={data} selected={selected} onPick={() => setDrawer(false)} />
        </Drawer>
      )}
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 12px', display: 'flex', alignItems: 'center', gap: 8, height: 56, lineHeight: '56px', borderBottom: '1px solid #f0f0f0' }}>
          {!wide && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.open')} data-testid="nav-open" onClick={() => setDrawer(true)} />}
          <Select
            data-testid="org-switcher"
            aria-label={t('app.org')}
            style={{ minWidth: 0, width: wide ? 260 : undefined, flex: wide ? undefined : 1, maxWidth: wide ? '40vw' : undefined }}
            value={orgId}
            onChange={setOrgId}
            options={(data?.memberships ?? []).map((m) => ({ value: m.organization_id, label: m.organization_name }))}
          />
          <div style={{ flex: wide ? 1 : 0 }} />
          {painted ? (
            <Suspense fallback={<BellButton unread={0} />}>
              <NoticeBell me={data} />
            </Suspense>
          ) : (
            <BellButton unread={0} />
          )}
          <Dropdown menu={{ items: avatarMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="avatar" aria-label={t('account.menu')} style={{ paddingInline: 4 }}>
              <Space size={6}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fa8' }} />
                {wide && <Typography.Text>{data?.user.display_name}</Typography.Text>}
              </Space>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ margin: wide ? 16 : 8, minWidth: 0 }}>
          {here && here.screen.path !== '/' && (
            <Space style={{ marginBottom: 8 }} size={4} wrap>
              {detail && (
                <Button type="text" size="small" icon={<ArrowLeftOutlined />} aria-label={t('app.back')} data-testid="page-back" onClick={() => void navigate(-1)} />
              )}
              <Breadcrumb
                data-testid="breadcrumb"
                items={[
                  { title: <Link to="/">{t('nav.workbench')}</Link> },
                  { title: t(here.group.label) },
                  detail ? { title: <Link to={here.screen.path}>{t(here.screen.label)}</Link> } : { title: t(here.screen.label) },
                  ...(detail ? [{ title: t('app.detail') }] : []),
                ]}
              />
            </Space>
          )}
          {me.isLoading ? (
            <Spin />
          ) : (
            <Suspense fallback={<Spin data-testid="page-loading" />}>
              <Outlet />
            </Suspense>
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
