// Organizations: filter by kind and name, cursor pages, create and edit (If-Match).
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import { useCursorPages, useListTotal } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { ListError } from '../../../components/ListError';
import { formatInstant } from '../../../lib/format';

type Org = components['schemas']['Organization'];
type Kind = components['schemas']['OrgKind'];
const KINDS: Kind[] = ['association', 'inspection_institution', 'enterprise', 'training_centre', 'sub_centre', 'exam_body', 'regulator'];

export function OrganizationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pages = useCursorPages();
  const [filters, setFilters] = useState<{ kind?: Kind; q?: string }>({});
  const [editing, setEditing] = useState<Org | 'new' | null>(null);
  const [form] = Form.useForm();

  const list = useQuery({
    queryKey: ['organizations', filters, pages.cursor],
    queryFn: () => unwrap(api.GET('/api/v1/organizations', { params: { query: { ...filters, limit: 20, cursor: pages.cursor, with_total: pages.withTotal } } })),
  });
  const total = useListTotal(pages, list.data?.total);
  const regions = useQuery({ queryKey: ['regions'], queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/regions', { params: { query: { limit: PAGE_MAX, cursor } } }))) });

  const save = useMutation({
    mutationFn: async (v: { kind: Kind; name: string; credit_code: string; region_code: string; status?: 'active' | 'suspended' }) => {
      if (editing && editing !== 'new') {
        return unwrap(
          api.PATCH('/api/v1/organizations/{id}', {
            params: { path: { id: editing.id }, header: { 'If-Match': `"${editing.version}"` } },
            body: { name: v.name, region_code: v.region_code, status: v.status === editing.status ? undefined : v.status },
          }),
        );
      }
      return unwrap(api.POST('/api/v1/organizations', { body: { kind: v.kind, name: v.name, credit_code: v.credit_code, region_code: v.region_code } }));
    },
    onSuccess: () => {
      message.success(t('app.saved'));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['organizations'] });
    },
    onError: (e) => showProblem(e, message, form),
  });

  return (
    <Card
      title={t('nav.organizations')}
      extra={
        <Button
          type="primary"
          onClick={() => {
            form.resetFields();
            setEditing('new');
          }}
        >
          {t('org.new')}
        </Button>
      }
    >
      <Form
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v: { kind?: Kind; q?: string }) => {
          pages.reset();
          setFilters({ kind: v.kind, q: v.q || undefined });
        }}
      >
        <Form.Item name="kind">
          <Select allowClear placeholder={t('org.kind')} style={{ minWidth: 160 }} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="q">
          <Input allowClear placeholder={t('org.filterName')} />
        </Form.Item>
        <Button htmlType="submit">{t('app.search')}</Button>
      </Form>
      {list.error ? (
        <ListError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Org>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: t('org.name'), dataIndex: 'name' },
            { title: t('org.kind'), dataIndex: 'kind', render: (k: Kind) => t(`kind.${k}`) },
            { title: t('org.creditCode'), dataIndex: 'credit_code' },
            { title: t('org.region'), key: 'r', render: (_, o) => `${o.region_name ?? ''} ${o.region_code}` },
            { title: t('org.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'orange'}>{t(`status.${s}`)}</Tag> },
            { title: t('audit.at'), dataIndex: 'created_at', render: (v: string) => formatInstant(v) },
            {
              title: t('app.actions'),
              key: 'a',
              render: (_, o) => (
                <a
                  onClick={() => {
                    form.setFieldsValue(o);
                    setEditing(o);
                  }}
                >
                  {t('app.edit')}
                </a>
              ),
            },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} total={total} />
      <Modal open={editing !== null} title={editing === 'new' ? t('org.new') : t('org.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()} okText={t('app.save')} cancelText={t('app.cancel')} confirmLoading={save.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true }]}>
            <Select disabled={editing !== 'new'} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('org.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="credit_code" label={t('org.creditCode')} rules={[{ required: true }]}>
            <Input disabled={editing !== 'new'} maxLength={18} />
          </Form.Item>
          <Form.Item name="region_code" label={t('org.region')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="status" label={t('org.status')}>
              <Select options={['active', 'suspended'].map((s) => ({ value: s, label: t(`status.${s}`) }))} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
