// Users and their access: create with a first membership, disable/enable (ends sessions),
// grant and remove roles per organization. A foldable query form (login or name), columns to
// show or hide, the page size and the rows' range with the total.
import { useState } from 'react';
import { App, Button, Card, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ListToolbar } from '../../../components/ListTools';
import { formatInstant } from '../../../lib/format';
import { CursorPager } from '../../../components/CursorPager';
import { useCurrentOrg } from '../../../lib/current-org';
import { ListError } from '../../../components/ListError';

type User = components['schemas']['User'];
type Role = components['schemas']['Role'];
const ROLES: Role[] = ['association_admin', 'association_staff', 'finance', 'institution_admin', 'enterprise_officer', 'enterprise_manager', 'teacher', 'head_teacher', 'evaluator', 'proctor', 'exam_officer', 'subcentre_admin', 'regulator', 'practitioner', 'platform_admin'];

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pages = useCursorPages();
  const { orgId } = useCurrentOrg();
  const [pageSize, setPageSize] = usePageSize('users');
  const [q, setQ] = useState<string | undefined>();
  const [queryForm] = Form.useForm<{ q?: string }>();
  const [creating, setCreating] = useState(false);
  const [access, setAccess] = useState<User | null>(null);
  const [form] = Form.useForm();

  const list = useQuery({
    queryKey: ['users', q, pages.cursor, pageSize],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { q, limit: pageSize, cursor: pages.cursor, with_total: pages.withTotal } } })),
  });
  const total = useListTotal(pages, list.data?.total);
  const orgs = useQuery({ queryKey: ['organizations', 'all'], queryFn: () => unwrap(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })) });
  const orgOptions = (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  const columns = useColumnSettings<User>('users', [
    { key: 'login', title: t('user.login'), dataIndex: 'login' },
    { key: 'display_name', title: t('user.displayName'), dataIndex: 'display_name' },
    { key: 'phone', title: t('user.phone'), dataIndex: 'phone' },
    { key: 'status', title: t('user.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'red'}>{t(`status.${s}`)}</Tag> },
    { key: 'created_at', title: t('user.createdAt'), dataIndex: 'created_at', render: (v: string) => formatInstant(v) },
  ], ['created_at']);

  const create = useMutation({
    mutationFn: (v: { login: string; display_name: string; phone?: string; password: string; organization_id: string; roles: Role[] }) =>
      unwrap(api.POST('/api/v1/users', { body: { ...v, phone: v.phone || undefined } })),
    onSuccess: () => {
      setCreating(false);
      message.success(t('app.saved'));
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => showProblem(e, message, form),
  });
  const toggle = useMutation({
    mutationFn: (u: User) =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: u.id }, header: { 'If-Match': `"${u.version}"` } },
          body: { status: u.status === 'active' ? 'disabled' : 'active' },
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['users'] }),
    onError: (e) => showProblem(e, message),
  });

  return (
    <Card
      title={t('nav.users')}
      extra={
        <Button
          type="primary"
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ organization_id: orgId });
            setCreating(true);
          }}
        >
          {t('user.new')}
        </Button>
      }
    >
      <QueryForm<{ q?: string }>
        form={queryForm}
        onSearch={(v) => {
          pages.reset();
          setQ(v.q?.trim() || undefined);
        }}
        onReset={() => {
          pages.reset();
          setQ(undefined);
        }}
      >
        <Form.Item name="q" label={t('user.filter')}>
          <Input allowClear data-testid="users-filter" />
        </Form.Item>
      </QueryForm>
      <ListToolbar settings={columns.settings} />
      <ListError error={list.error} onRetry={() => list.refetch()} />
      <Table<User>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          ...columns.visible,
          {
            title: t('app.actions'),
            key: 'a',
            render: (_, u) => (
              <Space>
                <a onClick={() => setAccess(u)}>{t('user.memberships')}</a>
                <Popconfirm title={u.status === 'active' ? t('user.disable') : t('user.enable')} onConfirm={() => toggle.mutate(u)}>
                  <a>{u.status === 'active' ? t('user.disable') : t('user.enable')}</a>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} count={list.data?.items.length} pageSize={pageSize} onPageSize={setPageSize} total={total} />
      <Modal open={creating} title={t('user.new')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('app.save')} cancelText={t('app.cancel')} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="login" label={t('user.login')} rules={[{ required: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="display_name" label={t('user.displayName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t('user.phone')}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('user.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="organization_id" label={t('user.organization')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={orgOptions} />
          </Form.Item>
          <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={access !== null} onClose={() => setAccess(null)} title={`${t('user.memberships')} · ${access?.display_name ?? ''}`} size={Math.min(560, window.innerWidth)}>
        {access && <Memberships user={access} orgOptions={orgOptions} />}
      </Drawer>
    </Card>
  );
}

function Memberships({ user, orgOptions }: { user: User; orgOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['memberships', user.id],
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/users/{id}/memberships', { params: { path: { id: user.id }, query: { limit: PAGE_MAX, cursor } } }))),
  });
  const add = useMutation({
    mutationFn: (v: { organization_id: string; roles: Role[] }) => unwrap(api.POST('/api/v1/memberships', { body: { ...v, user_id: user.id } })),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['memberships', user.id] });
    },
    onError: (e) => showProblem(e, message, form),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/memberships/{id}', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['memberships', user.id] }),
    onError: (e) => showProblem(e, message),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list.data ?? []}
        columns={[
          { title: t('user.organization'), dataIndex: 'organization_name' },
          { title: t('user.roles'), dataIndex: 'roles', render: (rs: Role[]) => rs.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>) },
          {
            title: t('app.actions'),
            key: 'a',
            render: (_, m) => (
              <Popconfirm title={t('user.remove')} onConfirm={() => remove.mutate(m.id)}>
                <a>{t('user.remove')}</a>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Typography.Title level={5}>{t('user.addMembership')}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
        <Form.Item name="organization_id" label={t('user.organization')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={orgOptions} />
        </Form.Item>
        <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true }]}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={add.isPending}>
          {t('user.addMembership')}
        </Button>
      </Form>
    </Space>
  );
}
