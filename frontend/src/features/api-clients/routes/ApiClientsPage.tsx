// API clients of regulators' systems: create (the secret is shown once), revoke.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { ListError } from '../../../components/ListError';
import { showProblem } from '../../../lib/forms';

type Client = components['schemas']['ApiClient'];
const SCOPES = ['organizations:read', 'persons:read', 'audit:read'];

export function ApiClientsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<Client | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['api-clients'], queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/api-clients', { params: { query: { limit: PAGE_MAX, cursor } } }))) });
  const regulators = useQuery({
    queryKey: ['organizations', 'regulators'],
    queryFn: () => unwrap(api.GET('/api/v1/organizations', { params: { query: { kind: 'regulator', limit: 200 } } })),
  });
  const create = useMutation({
    mutationFn: (v: { name: string; organization_id: string; scopes: string[] }) => unwrap(api.POST('/api/v1/api-clients', { body: v })),
    onSuccess: (c) => {
      setOpen(false);
      setSecret(c);
      void qc.invalidateQueries({ queryKey: ['api-clients'] });
    },
    onError: (e) => showProblem(e, message, form),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-clients/{id}', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['api-clients'] }),
    onError: (e) => showProblem(e, message),
  });
  return (
    <Card title={t('nav.apiClients')} extra={<Button type="primary" onClick={() => { form.resetFields(); setOpen(true); }}>{t('client.new')}</Button>}>
      {secret && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setSecret(null)}
          style={{ marginBottom: 12 }}
          title={t('client.secretOnce')}
          description={
            <Typography.Paragraph copyable style={{ marginBottom: 0 }}>
              {`${secret.client_id} / ${secret.client_secret ?? ''}`}
            </Typography.Paragraph>
          }
        />
      )}
      {list.error ? (
        <ListError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Client>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20 }}
          scroll={{ x: 700 }}
          columns={[
            { title: t('client.name'), dataIndex: 'name' },
            { title: t('client.clientId'), dataIndex: 'client_id' },
            { title: t('client.scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>) },
            { title: t('org.status'), dataIndex: 'status', render: (s: string) => t(`status.${s}`) },
            {
              title: t('app.actions'),
              key: 'a',
              render: (_, c) =>
                c.status === 'active' && (
                  <Popconfirm title={t('client.confirmRevoke')} onConfirm={() => revoke.mutate(c.id)}>
                    <a>{t('client.revoke')}</a>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
      <Modal open={open} title={t('client.new')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('app.save')} cancelText={t('app.cancel')} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t('client.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="organization_id" label={t('client.organization')} rules={[{ required: true }]}>
            <Select options={(regulators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="scopes" label={t('client.scopes')} rules={[{ required: true }]}>
            <Select mode="multiple" options={SCOPES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
