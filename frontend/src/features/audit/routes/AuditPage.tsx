// The audit log: newest first, a foldable query form (action or a whole domain of actions,
// object type, actor, time range), cursor pages. Each row reads in words: the action's and the
// object type's labels (the code when the screen does not know it), the actor's and the
// object's names as the server sends them with the row (`actor_name`, `object_name`: as they
// read now), else the name the row's change recorded (an object since deleted), else the
// start of the id (ShortId: the whole in a tooltip; an id is never shown alone in full). The
// caller is marked as such. The chain hash of each row.
import { useState } from 'react';
import { Card, DatePicker, Form, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { formatInstant } from '../../../lib/format';
import { ListError } from '../../../components/ListError';
import { QueryForm } from '../../../components/QueryForm';
import { ShortId } from '../../../components/ShortId';
import { useMe } from '../../../lib/me';
import { AUDIT_ACTIONS, AUDIT_DOMAINS, AUDIT_OBJECT_TYPES, actionLabel, domainLabel, objectName, objectTypeLabel } from '../labels';

type Row = components['schemas']['AuditRecord'];
type Filters = { action?: string; object_type?: string; actor_id?: string; from?: string; to?: string };
type QueryValues = { action?: string; object_type?: string; actor_id?: string; range?: [Dayjs, Dayjs] };

/** The actor's name in a row: the server's, the caller's own from /me when it sent none. */
function useActorName(): (r: Row) => string | undefined {
  const { t } = useTranslation();
  const me = useMe().data;
  return (r) => {
    const name = r.actor_name ?? (r.actor_id === me?.user.id ? me.user.display_name : undefined);
    return name && r.actor_id === me?.user.id ? t('audit.you', { name }) : (name ?? undefined);
  };
}

function Named({ name, id }: { name?: string; id: string }) {
  if (!name) return <ShortId id={id} />;
  return (
    <Tooltip title={id}>
      <span data-testid="audit-name" data-id={id}>
        {name}
      </span>
    </Tooltip>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const pages = useCursorPages();
  const [pageSize, setPageSize] = usePageSize('audit', 50);
  const [filters, setFilters] = useState<Filters>({});
  const [queryForm] = Form.useForm<QueryValues>();
  const list = useQuery({
    queryKey: ['audit', filters, pages.cursor, pageSize],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: { ...filters, limit: pageSize, cursor: pages.cursor, with_total: pages.withTotal } } })),
  });
  const total = useListTotal(pages, list.data?.total);
  const rows = list.data?.items ?? [];
  const actorName = useActorName();

  return (
    <Card title={t('nav.audit')}>
      <QueryForm<QueryValues>
        form={queryForm}
        shown={2}
        onSearch={(v) => {
          pages.reset();
          setFilters({
            action: v.action || undefined,
            object_type: v.object_type || undefined,
            actor_id: v.actor_id?.trim() || undefined,
            from: v.range?.[0]?.startOf('day').toISOString(),
            to: v.range?.[1]?.endOf('day').toISOString(),
          });
        }}
        onReset={() => {
          pages.reset();
          setFilters({});
        }}
      >
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="audit-filter-action"
            options={AUDIT_DOMAINS.map((d) => ({
              label: domainLabel(t, d),
              title: d,
              options: [
                { value: `${d}.`, label: t('audit.allOf', { domain: domainLabel(t, d) }) },
                ...AUDIT_ACTIONS.filter((a) => a.startsWith(`${d}.`)).map((a) => ({ value: a, label: actionLabel(t, a) })),
              ],
            }))}
          />
        </Form.Item>
        <Form.Item name="object_type" label={t('audit.objectType')}>
          <Select allowClear data-testid="audit-filter-object" options={AUDIT_OBJECT_TYPES.map((o) => ({ value: o, label: objectTypeLabel(t, o) }))} />
        </Form.Item>
        <Form.Item name="actor_id" label={t('audit.actorFilter')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </QueryForm>
      <ListError error={list.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 980 }}
        onRow={(r) => ({ 'data-testid': 'audit-row', 'data-action': r.action }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatInstant(v) },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (a: string) => (
              <Tooltip title={a}>
                <span data-testid="audit-action">{actionLabel(t, a)}</span>
              </Tooltip>
            ),
          },
          {
            title: t('audit.object'),
            key: 'object',
            render: (_, r) => (
              <Space size={6} wrap>
                <Typography.Text type="secondary" data-testid="audit-object-type">
                  {objectTypeLabel(t, r.object_type)}
                </Typography.Text>
                <Named name={r.object_name ?? objectName(r.change)} id={r.object_id} />
              </Space>
            ),
          },
          { title: t('audit.actor'), key: 'actor', render: (_, r) => <Named name={actorName(r)} id={r.actor_id} /> },
          {
            title: t('audit.hash'),
            dataIndex: 'hash',
            width: 130,
            // The sequencer chains rows a few seconds after they are written.
            render: (h: string | null | undefined) =>
              h ? (
                <Tooltip title={h}>
                  <Typography.Text code>{h.slice(0, 12)}</Typography.Text>
                </Tooltip>
              ) : (
                <Typography.Text type="secondary">{t('audit.unchained')}</Typography.Text>
              ),
          },
        ]}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} count={rows.length} pageSize={pageSize} onPageSize={setPageSize} total={total} />
    </Card>
  );
}
