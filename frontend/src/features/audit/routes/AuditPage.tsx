// The audit log: newest first, filters, cursor pages, the chain hash of each row.
import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { useCursorPages } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { formatInstant } from '../../../lib/format';
import { ListError } from '../../../components/ListError';

type Row = components['schemas']['AuditRecord'];
type Filters = { action?: string; object_type?: string; actor_id?: string; from?: string; to?: string };

export function AuditPage() {
  const { t } = useTranslation();
  const pages = useCursorPages();
  const [filters, setFilters] = useState<Filters>({});
  const list = useQuery({
    queryKey: ['audit', filters, pages.cursor],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: { ...filters, limit: 50, cursor: pages.cursor } } })),
  });
  return (
    <Card title={t('nav.audit')}>
      <Form
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v: { action?: string; object_type?: string; actor_id?: string; range?: [Dayjs, Dayjs] }) => {
          pages.reset();
          setFilters({
            action: v.action || undefined,
            object_type: v.object_type || undefined,
            actor_id: v.actor_id || undefined,
            from: v.range?.[0]?.startOf('day').toISOString(),
            to: v.range?.[1]?.endOf('day').toISOString(),
          });
        }}
      >
        <Form.Item name="action">
          <Input allowClear placeholder={t('audit.actionPrefix')} />
        </Form.Item>
        <Form.Item name="object_type">
          <Input allowClear placeholder={t('audit.objectType')} />
        </Form.Item>
        <Form.Item name="actor_id">
          <Input allowClear placeholder={t('audit.actor')} />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Button htmlType="submit">{t('app.search')}</Button>
      </Form>
      <ListError error={list.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatInstant(v) },
          { title: t('audit.action'), dataIndex: 'action' },
          { title: t('audit.objectType'), dataIndex: 'object_type' },
          { title: t('audit.objectId'), dataIndex: 'object_id', ellipsis: true },
          { title: t('audit.actor'), dataIndex: 'actor_id', ellipsis: true },
          {
            title: t('audit.hash'),
            dataIndex: 'hash',
            // The sequencer chains rows a few seconds after they are written.
            render: (h: string | null | undefined) =>
              h ? <Typography.Text code>{h.slice(0, 12)}</Typography.Text> : <Typography.Text type="secondary">{t('audit.unchained')}</Typography.Text>,
          },
        ]}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} />
    </Card>
  );
}
