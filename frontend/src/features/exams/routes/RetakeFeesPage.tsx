// Finance's retake fees (EX-02): the retakes whose new exam fee is due, soonest sitting first,
// or those already recorded (receipt number and time); finance records a due fee from its row —
// payer, method and receipt number, the amount being the class's published exam fee (TR-08),
// shown and sent as it is, never typed. The payment goes into training's fee ledger, whose
// export lists it as 补考费 (refunds count only the enrolment's own fees). The rows are
// exported as CSV.
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { toProblem } from '../../../lib/api/problem';
import { showProblem } from '../../../lib/forms';
import { formatInstant } from '../../../lib/format';
import { MessageText } from '../../../lib/messages';
import { money, yuan } from '../../../lib/money';
import { ListError } from '../../../components/ListError';
import { ProblemAlert } from '../../../components/ProblemText';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ExportCsvButton, ListToolbar, useLocalPagination } from '../../../components/ListTools';
import { PAYMENT_METHODS } from '../../training/lib/payments';
import { examKeys, useRetakeFees, type RetakeFee } from '../api/exams';

type Shown = 'due' | 'paid' | 'all';
const PAID: Record<Shown, boolean | undefined> = { due: false, paid: true, all: undefined };

interface FeeValues {
  payer: string;
  method: string;
  receipt_no: string;
}

export function RetakeFeesPage() {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Shown>('due');
  const fees = useRetakeFees(PAID[shown]);
  const [paying, setPaying] = useState<RetakeFee | null>(null);
  const pages = useLocalPagination('retake-fees');
  const rows = fees.data ?? [];
  const attempt = (n: number) => (n > 1 ? t('exam.roster.retakeN', { n: n - 1 }) : t('exam.roster.first'));
  const status = (f: RetakeFee) => (f.paid_at ? t('exam.retakeFee.paidOn', { receipt: f.receipt_no ?? '', at: formatInstant(f.paid_at) }) : t('exam.retakeFee.due'));

  const columns = useColumnSettings<RetakeFee>('retake-fees', [
    { key: 'sitting', title: t('exam.retakeFee.sitting'), dataIndex: 'sitting_title' },
    { key: 'opens', title: t('exam.retakeFee.opensAt'), dataIndex: 'opens_at', render: (v: string) => formatInstant(v), csv: (f) => formatInstant(f.opens_at) },
    { key: 'name', title: t('person.name'), dataIndex: 'name' },
    { key: 'id', title: t('person.nationalId'), dataIndex: 'national_id_masked' },
    { key: 'attempt', title: t('exam.roster.attempt'), dataIndex: 'attempt_no', render: (n: number) => attempt(n), csv: (f) => attempt(f.attempt_no) },
    { key: 'fee', title: t('exam.retakeFee.fee'), dataIndex: 'exam_fee', render: (fen: number) => money(fen), csv: (f) => yuan(f.exam_fee) },
    {
      key: 'status',
      title: t('training.status'),
      render: (_, f) =>
        f.paid_at ? (
          <Space size={4} wrap>
            <Tag color="green" data-testid="retake-fee-status" data-paid="true">
              {t('exam.retakeFee.paid')}
            </Tag>
            <Typography.Text type="secondary" data-testid="retake-fee-receipt">
              {t('exam.retakeFee.paidOn', { receipt: f.receipt_no ?? '', at: formatInstant(f.paid_at) })}
            </Typography.Text>
          </Space>
        ) : (
          <Tag color="red" data-testid="retake-fee-status" data-paid="false">
            {t('exam.retakeFee.due')}
          </Tag>
        ),
      csv: status,
    },
    {
      key: 'action',
      title: t('app.actions'),
      render: (_, f) =>
        !f.paid_at && (
          <Button size="small" type="primary" onClick={() => setPaying(f)} data-testid="retake-fee-record">
            {t('training.recordPayment')}
          </Button>
        ),
      csv: () => '',
    },
  ]);
  // The action is no column of the export.
  const exported = columns.visible.filter((c) => c.key !== 'action');

  return (
    <Card title={t('exam.nav.retakeFees')}>
      <Typography.Paragraph type="secondary">
        <MessageText text={t('exam.retakeFee.hint')} rule="EX-02" />
      </Typography.Paragraph>
      <ListToolbar settings={columns.settings}>
        <Radio.Group
          value={shown}
          optionType="button"
          data-testid="retake-fee-shown"
          onChange={(e) => {
            pages.reset();
            setShown(e.target.value as Shown);
          }}
        >
          {(['due', 'paid', 'all'] as const).map((s) => (
            <Radio.Button key={s} value={s}>
              {t(`exam.retakeFee.shown.${s}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
        <ExportCsvButton name="retake-fees" columns={exported} rows={rows} />
      </ListToolbar>
      {fees.error ? (
        <ListError error={fees.error} onRetry={() => fees.refetch()} />
      ) : (
        <ResponsiveTable<RetakeFee>
          rowKey="candidate_id"
          size="small"
          loading={fees.isLoading}
          dataSource={rows}
          scroll={{ x: 1000 }}
          pagination={pages.pagination}
          emptyText={t(shown === 'due' ? 'exam.retakeFee.noneDue' : 'exam.retakeFee.none')}
          onRow={(f) => ({ 'data-testid': 'retake-fee', 'data-name': f.name }) as HTMLAttributes<HTMLElement>}
          columns={columns.visible}
        />
      )}
      {paying && <RecordFee fee={paying} onClose={() => setPaying(null)} />}
    </Card>
  );
}

/** Finance records one due fee: who paid, how, the receipt; the amount is the published fee. */
function RecordFee({ fee, onClose }: { fee: RetakeFee; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FeeValues>();
  // A refusal that names no field (TR-08 a fee not the published one, the fee already paid,
  // a receipt used before) stays on the form, with its rule.
  const [refusal, setRefusal] = useState<unknown>(null);
  const record = useMutation({
    mutationFn: (v: FeeValues) =>
      unwrap(
        api.POST('/api/v1/exam-candidates/{id}/retake-fee', {
          params: { path: { id: fee.candidate_id } },
          body: { exam_fee: fee.exam_fee, payer: v.payer.trim(), method: v.method, receipt_no: v.receipt_no.trim() },
        }),
      ),
    onMutate: () => setRefusal(null),
    onSuccess: () => {
      message.success(t('exam.retakeFee.recorded', { name: fee.name, amount: money(fee.exam_fee) }));
      void qc.invalidateQueries({ queryKey: examKeys.all });
      void qc.invalidateQueries({ queryKey: ['training'] });
      onClose();
    },
    onError: (e) => {
      if ((toProblem(e).body.errors ?? []).length > 0) showProblem(e, message, form);
      else setRefusal(e);
      // The published fee or the row's state may have changed since the list was read.
      void qc.invalidateQueries({ queryKey: ['exams', 'retake-fees'] });
    },
  });
  return (
    <Modal
      open
      title={t('exam.retakeFee.recordTitle', { name: fee.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      okButtonProps={{ loading: record.isPending, ...({ 'data-testid': 'retake-fee-save' } as Record<`data-${string}`, string>) }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => record.mutate(v)}>
        <Form.Item label={t('exam.retakeFee.sitting')}>
          <Typography.Text>{`${fee.sitting_title}(${formatInstant(fee.opens_at)})`}</Typography.Text>
        </Form.Item>
        <Form.Item label={t('exam.retakeFee.amount')} extra={t('exam.retakeFee.amountHint')}>
          <Typography.Text strong data-testid="retake-fee-amount">
            {money(fee.exam_fee)}
          </Typography.Text>
        </Form.Item>
        <Form.Item name="payer" label={t('training.payer')} rules={[{ required: true, whitespace: true, message: t('exam.retakeFee.payerRequired') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="retake-fee-payer" />
        </Form.Item>
        <Form.Item name="method" label={t('training.method')} rules={[{ required: true, message: t('exam.retakeFee.methodRequired') }]}>
          <Select data-testid="retake-fee-method" options={PAYMENT_METHODS.map((m) => ({ value: m.value, label: t(`training.methods.${m.key}`) }))} />
        </Form.Item>
        <Form.Item name="receipt_no" label={t('training.receiptNo')} rules={[{ required: true, whitespace: true, message: t('exam.retakeFee.receiptRequired') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="retake-fee-receipt-no" />
        </Form.Item>
        {refusal !== null && <ProblemAlert error={refusal} />}
      </Form>
    </Modal>
  );
}
