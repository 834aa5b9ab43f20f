// Organizations: a foldable query form (name, kind), cursor pages with the page size and the
// total, columns to show or hide, every filtered organization exported, create and edit (If-Match).
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ListToolbar, saveCsv } from '../../../components/ListTools';
import { DownloadOutlined } from '@ant-design/icons';
import { CursorPager } from '../../../components/CursorPager';
import { ListError } from '../../../components/ListError';
import { formatInstant } from '../../../lib/format';

type Org = components['schemas']['Organization'];
type Kind = components['schemas']['OrgKind'];
type Filters = { kind?: Kind; q?: string };
const KINDS: Kind[] = ['association', 'inspection_institution', 'enterprise', 'training_centre', 'sub_centre', 'exam_body', 'regulator'];

export function OrganizationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pages = useCursorPages();
  const [pageSize, setPageSize] = usePageSize('organizations');
  const [filters, setFilters] = useState<Filters>({});
  const [queryForm] = Form.useForm<Filters>();
  const [exporting, setExporting] = useState(false);
  const [editing, setEditing] = useState<Org | 'new' | null>(null);
  const [form] = Form.useForm();

  const list = useQuery({
    queryKey: ['organizations', filters, pages.cursor, pageSize],
    queryFn: () => unwrap(api.GET('/api/v1/organizations', { params: { query: { ...filters, limit: pageSize, cursor: pages.cursor, with_total: pages.withTotal } } })),
  });
  const columns = useColumnSettings<Org>('organizations', [
    { key: 'name', title: t('org.name'), dataIndex: 'name' },
    { key: 'kind', title: t('org.kind'), dataIndex: 'kind', render: (k: Kind) => t(`kind.${k}`), csv: (o) => t(`kind.${o.kind}`) },
    { key: 'credit_code', title: t('org.creditCode'), dataIndex: 'credit_code' },
    { key: 'region', title: t('org.region'), render: (_, o) => `${o.region_name ?? ''} ${o.region_code}`, csv: (o) => `${o.region_name ?? ''} ${o.region_code}` },
    { key: 'status', title: t('org.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'orange'}>{t(`status.${s}`)}</Tag>, csv: (o) => t(`status.${o.status}`) },
    { key: 'created_at', title: t('audit.at'), dataIndex: 'created_at', render: (v: string) => formatInstant(v), csv: (o) => formatInstant(o.created_at) },
  ]);
  /** Every organization the filter keeps (the list is paged; the export reads it whole). */
  const exportAll = async () => {
    setExporting(true);
    try {
      const rows = await allPages((cursor) => unwrap(api.GET('/api/v1/organizations', { params: { query: { ...filters, limit: PAGE_MAX, cursor } } })));
      saveCsv('organizations', columns.visible, rows);
    } catch (e) {
      showProblem(e, message);
    } finally {
      setExporting(false);
    }
  };
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
      <QueryForm<Filters>
        form={queryForm}
        onSearch={(v) => {
          pages.reset();
          setFilters({ kind: v.kind, q: v.q?.trim() || undefined });
        }}
        onReset={() => {
          pages.reset();
          setFilters({});
        }}
      >
        <Form.Item name="q" label={t('org.name')}>
          <Input allowClear placeholder={t('org.filterName')} data-testid="orgs-filter" />
        </Form.Item>
        <Form.Item name="kind" label={t('org.kind')}>
          <Select allowClear data-testid="orgs-kind" options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
      </QueryForm>
      <ListToolbar settings={columns.settings}>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportAll()} data-testid="orgs-export">
          {t('org.export')}
        </Button>
      </ListToolbar>
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
            ...columns.visible,
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
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} count={list.data?.items.length} pageSize={pageSize} onPageSize={setPageSize} total={total} />
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
