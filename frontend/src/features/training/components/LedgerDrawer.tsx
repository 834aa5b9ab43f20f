// One enrolment's ledger: what was paid, what went back, and every refund with its TR-14 step
// (a rejected refund shows as such to whoever asked for it).
import { Alert, Descriptions, Drawer, Empty, Space, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../../lib/format';
import { useLedger, type Refund, type RefundStatus } from '../api/training';
import { money, yuan } from '../../../lib/money';
import { REFUND_STEPS, refundStepIndex } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';
import { ItemList, ListItem } from '../../../components/ItemList';

/** The status each of the TR-14 steps leads to, in order. */
const STEP_REACHES: Record<(typeof REFUND_STEPS)[number], RefundStatus> = {
  requested: 'requested',
  department: 'department_confirmed',
  finance: 'finance_confirmed',
  leader: 'leader_approved',
  payout: 'paid',
};

/** The five steps; each one taken says who took it and when, and a refused refund shows the refusal at the step it stopped at. */
export function RefundSteps({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const rejected = refund.status === 'rejected';
  const refusal = refund.trail.find((s) => s.status === 'rejected');
  const current = rejected ? refund.trail.length - 1 : refundStepIndex(refund.status);
  const taken = (s: Refund['trail'][number]) => ({ name: s.by_name ?? '—', at: s.at ? formatInstant(s.at) : '—' });
  return (
    <Steps
      size="small"
      orientation="vertical"
      current={current}
      status={rejected ? 'error' : refund.status === 'paid' ? 'finish' : 'process'}
      items={REFUND_STEPS.map((s, i) => {
        const step = refund.trail.find((x) => x.status === STEP_REACHES[s]);
        const content = step
          ? t('refund.stepTaken', taken(step))
          : refusal && i === current
            ? t('refund.stepRefused', taken(refusal))
            : undefined;
        return { title: t(`refund.steps.${s}`), content };
      })}
    />
  );
}

export function RefundStatusTag({ status }: { status: Refund['status'] }) {
  const { t } = useTranslation();
  const colour = status === 'rejected' ? 'red' : status === 'paid' ? 'green' : 'blue';
  return (
    <Tag color={colour} data-testid="refund-status">
      {t(`refund.status.${status}`)}
    </Tag>
  );
}

export function LedgerDrawer({ enrolmentId, title, onClose }: { enrolmentId: string | undefined; title?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const ledger = useLedger(enrolmentId);
  const l = ledger.data;
  return (
    <Drawer open={!!enrolmentId} onClose={onClose} title={title ?? t('refund.ledger')} size={Math.min(520, typeof window === 'undefined' ? 520 : window.innerWidth)} destroyOnHidden>
      {ledger.error ? (
        <Alert type="error" showIcon title={<ProblemText error={ledger.error} />} />
      ) : (
        l && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="ledger">
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('refund.paidTotal')}>{money(l.paid_total)}</Descriptions.Item>
              <Descriptions.Item label={t('refund.refundedTotal')}>{money(l.refunded_total)}</Descriptions.Item>
              <Descriptions.Item label={t('refund.balance')}>{money(l.paid_total - l.refunded_total)}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t('refund.refunds')}</Typography.Title>
            {l.refunds.length === 0 ? (
              <Empty description={t('refund.none')} />
            ) : (
              <ItemList
                dataSource={l.refunds}
                renderItem={(r) => (
                  <ListItem>
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      <Space wrap>
                        <RefundStatusTag status={r.status} />
                        <Typography.Text>{t(`refund.ground.${r.ground}`)}</Typography.Text>
                        <Typography.Text type="secondary">{formatInstant(r.requested_at)}</Typography.Text>
                      </Space>
                      <Typography.Text>{t('refund.amounts', { training: yuan(r.training_fee), exam: yuan(r.exam_fee) })}</Typography.Text>
                      <Typography.Text type="secondary">{t('refund.reasonIs', { reason: r.reason })}</Typography.Text>
                      {r.status === 'rejected' && <Alert type="error" showIcon title={t('refund.rejectedNote', { reason: r.rejection_reason ?? '—' })} />}
                      {r.payout_reference && <Typography.Text>{t('refund.paidWith', { ref: r.payout_reference, at: formatInstant(r.paid_at) })}</Typography.Text>}
                      <RefundSteps refund={r} />
                    </Space>
                  </ListItem>
                )}
              />
            )}
          </Space>
        )
      )}
    </Drawer>
  );
}
