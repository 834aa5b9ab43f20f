// The fee publicity of a plan (SC-06) on the association's plans screen: what is charged, how
// much, on what basis, to whom. (The public plan page shows the same in its own table.)
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { money } from '../../../lib/money';
import type { FeeItem } from '../api/training';

export function FeeTable({ fees }: { fees: FeeItem[] }) {
  const { t } = useTranslation();
  return (
    <Table<FeeItem>
      rowKey={(f) => `${f.item}-${f.amount}-${f.scope}`}
      size="small"
      dataSource={fees}
      pagination={false}
      scroll={{ x: 520 }}
      data-testid="fee-publicity"
      columns={[
        { title: t('plan.feeItem'), dataIndex: 'item' },
        { title: t('plan.feeAmount'), dataIndex: 'amount', render: (v: number) => money(v) },
        { title: t('plan.feeBasis'), dataIndex: 'basis' },
        { title: t('plan.feeScope'), dataIndex: 'scope' },
      ]}
    />
  );
}
