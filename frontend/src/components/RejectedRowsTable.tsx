// The rows an import refused, as the server reports them (issue 14 §7): the line in the file,
// whom it is about (name, and the ID number the server has already masked), the column and the
// reason in the screen's language, with the rule that refused after the sentence as a small
// link. Nothing here reads the file: the report alone is read, so it reads the same whatever
// the file was. A table on a desk, cards on a phone.
import type { HTMLAttributes } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RejectedRow } from '../lib/api/problem';
import { MessageText } from '../lib/messages';
import { ResponsiveTable } from './ResponsiveTable';

const none = <Typography.Text type="secondary">—</Typography.Text>;

export function RejectedRowsTable({ rows, testId }: { rows: RejectedRow[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <ResponsiveTable<RejectedRow>
      data-testid={testId}
      size="small"
      rowKey={(r) => `${r.line}\u0000${r.field}\u0000${r.reason}`}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      titleColumn="line"
      onRow={(r) => ({ 'data-testid': 'import-row', 'data-line': r.line }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('importReport.line'), key: 'line', dataIndex: 'line', width: 64, render: (n: number) => <span data-testid="import-line">{t('importReport.lineNo', { n })}</span> },
        { title: t('importReport.name'), key: 'name', width: 120, render: (_, r) => (r.name ? <span data-testid="import-name">{r.name}</span> : none) },
        {
          title: t('importReport.nationalId'),
          key: 'national_id',
          width: 190,
          render: (_, r) => (r.national_id ? <span data-testid="import-national-id">{r.national_id}</span> : none),
        },
        { title: t('importReport.field'), key: 'field', width: 140, render: (_, r) => (r.field ? <span data-testid="import-field">{r.field}</span> : t('importReport.wholeRow')) },
        {
          title: t('importReport.reason'),
          key: 'reason',
          render: (_, r) => (
            <span data-testid="import-reason">
              <MessageText text={r.reason} en={r.reason_en} rule={r.rule} />
            </span>
          ),
        },
      ]}
    />
  );
}
