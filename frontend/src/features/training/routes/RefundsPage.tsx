// The open refunds of the caller's associations with the five TR-14 steps. Each refund shows
// the step it waits for; the action (and the rejection) appear only for the role whose turn
// it is: the training department confirms, finance confirms, the leader approves, finance pays.
// Above them, the fee ledger (fees received, refunds paid) exported to Excel for a date range
// (Beijing dates, both inclusive) and optionally one class. The open refunds are filtered by a
// foldable query form (person or class, step, the caller's turn), paged with their total and a
// page size, and the filtered ones exported.
import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Form, Input, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatInstant, formatDay } from '../../../lib/format';
import { useMe } from '../../../lib/me';
import { feeLedgerExportPath, trainingKeys, useClasses, useEnrolments, useInbox, useRefunds, type Refund, type RefundStatus } from '../api/training';
import { yuan } from '../../../lib/money';
import { download } from '../lib/download';
import { LedgerDrawer, RefundStatusTag, RefundSteps } from '../components/LedgerDrawer';
import { isMyRefundTurn, refundTurn } from '../lib/rules';
import { ListError } from '../../../components/ListError';
import { QueryForm } from '../../../components/QueryForm';
import type { KeyedColumn } from '../../../components/ColumnSettings';
import { ExportCsvButton, ListToolbar, useLocalPagination } from '../../../components/ListTools';
import { ItemList, ListItem } from '../../../components/ItemList';

const OPEN_STATUSES: RefundStatus[] = ['requested', 'department_confirmed', 'finance_confirmed', 'leader_approved'];

interface RefundQuery {
  text?: string;
  status?: RefundStatus;
  /** Only those whose next step is the caller's. */
  mine?: boolean;
}

/** The refunds a clerk's query keeps: the person or class containing the text, the status, the caller's turn. */
export function filterRefunds(refunds: Refund[], q: RefundQuery & { me?: Parameters<typeof isMyRefundTurn>[0] }, names: (r: Refund) => { person: string; klass: string } | undefined): Refund[] {
  const text = q.text?.trim().toLowerCase();
  return refunds.filter((r) => {
    if (q.status && r.status !== q.status) return false;
    if (q.mine && !isMyRefundTurn(q.me, r.status)) return false;
    const n = names(r);
    return !text || !!n && (n.person.toLowerCase().includes(text) || n.klass.toLowerCase().includes(text));
  });
}

/** Finance's export of the fee ledger: fees received and refunds paid. */
function FeeLedgerExport() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const classes = useClasses();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [classId, setClassId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(feeLedgerExportPath({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'), class_id: classId }), 'fee-ledger.xlsx');
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('refund.ledgerExport')} style={{ marginBottom: 16 }} data-testid="fee-ledger-export">
      <Space wrap>
        <DatePicker.RangePicker allowEmpty={[true, true]} value={range} onChange={(v) => setRange(v)} placeholder={[t('refund.from'), t('refund.to')]} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 260 }}
          placeholder={t('refund.allClasses')}
          value={classId}
          onChange={(v: string | undefined) => setClassId(v)}
          options={(classes.data ?? []).map((c) => ({ value: c.id, label: `${c.name}(${formatDay(c.starts_at)})` }))}
        />
        <Button type="primary" loading={busy} onClick={() => void run()} data-testid="fee-ledger-export-button">
          {t('refund.exportLedger')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('refund.ledgerExportHint')}
      </Typography.Paragraph>
    </Card>
  );
}

export function RefundsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const refunds = useRefunds();
  const inbox = useInbox();
  const enrolments = useEnrolments({ limit: 200 });
  const [busy, setBusy] = useState<string | null>(null);
  const [paying, setPaying] = useState<Refund | null>(null);
  const [rejecting, setRejecting] = useState<Refund | null>(null);
  const [ledgerOf, setLedgerOf] = useState<string | undefined>();
  const [payForm] = Form.useForm<{ reference: string }>();
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const [query, setQuery] = useState<RefundQuery>({});
  const [queryForm] = Form.useForm<RefundQuery>();
  const pages = useLocalPagination('refunds');

  // Names: the inbox knows the refunds waiting for the caller; the enrolment list the rest.
  const who = new Map<string, { person: string; klass: string; starts: string }>();
  for (const e of enrolments.data?.items ?? []) who.set(e.id, { person: e.person_name, klass: e.class_name, starts: e.class_starts_at });
  for (const i of inbox.data?.items ?? []) {
    // Change letters concern no enrolment.
    if (i.enrolment_id && i.person_name && i.class_name && i.class_starts_at) who.set(i.enrolment_id, { person: i.person_name, klass: i.class_name, starts: i.class_starts_at });
  }

  const done = () => {
    message.success(t('training.done'));
    void qc.invalidateQueries({ queryKey: trainingKeys.all });
  };

  const step = async (r: Refund) => {
    const turn = refundTurn(r.status);
    if (!turn) return;
    if (turn.step === 'payout') {
      payForm.resetFields();
      setPaying(r);
      return;
    }
    setBusy(r.id);
    const path = { params: { path: { id: r.id } } };
    try {
      if (turn.step === 'department') await unwrap(api.POST('/api/v1/refunds/{id}/department-confirmation', path));
      else if (turn.step === 'finance') await unwrap(api.POST('/api/v1/refunds/{id}/finance-confirmation', path));
      else await unwrap(api.POST('/api/v1/refunds/{id}/leader-approval', path));
      done();
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(null);
    }
  };

  const items = filterRefunds(refunds.data ?? [], { ...query, me: me.data }, (r) => who.get(r.enrolment_id));
  const columns: KeyedColumn<Refund>[] = [
    { key: 'person', title: t('person.name'), csv: (r) => who.get(r.enrolment_id)?.person ?? r.enrolment_id },
    { key: 'class', title: t('training.className'), csv: (r) => who.get(r.enrolment_id)?.klass },
    { key: 'status', title: t('training.status'), csv: (r) => t(`refund.status.${r.status}`) },
    { key: 'ground', title: t('refund.groundLabel'), csv: (r) => t(`refund.ground.${r.ground}`) },
    { key: 'training_fee', title: t('training.trainingFee'), csv: (r) => yuan(r.training_fee) },
    { key: 'exam_fee', title: t('training.examFee'), csv: (r) => yuan(r.exam_fee) },
    { key: 'reason', title: t('training.reason'), dataIndex: 'reason' },
    { key: 'requested_at', title: t('refund.requestedAt'), csv: (r) => formatInstant(r.requested_at) },
  ];
  return (
    <Card title={t('refund.title')} loading={refunds.isLoading}>
      <FeeLedgerExport />
      <Typography.Paragraph type="secondary">{t('refund.hint')}</Typography.Paragraph>
      <QueryForm<RefundQuery>
        form={queryForm}
        onSearch={(v) => {
          pages.reset();
          setQuery(v);
        }}
        onReset={() => {
          pages.reset();
          setQuery({});
        }}
      >
        <Form.Item name="text" label={t('refund.filterLabel')}>
          <Input allowClear placeholder={t('refund.filter')} data-testid="refunds-filter" />
        </Form.Item>
        <Form.Item name="status" label={t('training.status')}>
          <Select allowClear data-testid="refunds-status" options={OPEN_STATUSES.map((v) => ({ value: v, label: t(`refund.status.${v}`) }))} />
        </Form.Item>
        <Form.Item name="mine" label={t('refund.mineLabel')} valuePropName="checked">
          <Checkbox data-testid="refunds-mine">{t('refund.mine')}</Checkbox>
        </Form.Item>
      </QueryForm>
      <ListToolbar>
        <ExportCsvButton name="refunds" columns={columns} rows={items} />
      </ListToolbar>
      {refunds.error ? (
        <ListError error={refunds.error} onRetry={() => refunds.refetch()} />
      ) : items.length === 0 && !refunds.isLoading ? (
        <Empty description={t('refund.noneOpen')} />
      ) : (
        <ItemList
          dataSource={items}
          pagination={{ ...pages.pagination, align: 'end' }}
          rowKey="id"
          renderItem={(r) => {
            const turn = refundTurn(r.status);
            const mine = isMyRefundTurn(me.data, r.status);
            const w = who.get(r.enrolment_id);
            return (
              <ListItem data-testid="refund-item">
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <RefundStatusTag status={r.status} />
                    <Typography.Text strong>{w?.person ?? r.enrolment_id.slice(0, 8)}</Typography.Text>
                    {w && <Typography.Text type="secondary">{w.klass}</Typography.Text>}
                  </Space>
                  <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                    <Descriptions.Item label={t('refund.groundLabel')}>{t(`refund.ground.${r.ground}`)}</Descriptions.Item>
                    <Descriptions.Item label={t('refund.amount')}>{t('refund.amounts', { training: yuan(r.training_fee), exam: yuan(r.exam_fee) })}</Descriptions.Item>
                    <Descriptions.Item label={t('training.reason')}>{r.reason}</Descriptions.Item>
                    <Descriptions.Item label={t('refund.requestedAt')}>{formatInstant(r.requested_at)}</Descriptions.Item>
                    {turn && <Descriptions.Item label={t('refund.next')}>{t(`refund.steps.${turn.step}`)}</Descriptions.Item>}
                  </Descriptions>
                  <Space wrap>
                    {mine && turn && (
                      <Button type="primary" loading={busy === r.id} data-testid={`refund-${turn.step}`} onClick={() => void step(r)}>
                        {t(`refund.act.${turn.step}`)}
                      </Button>
                    )}
                    {mine && (
                      <Button
                        danger
                        data-testid="refund-reject"
                        onClick={() => {
                          rejectForm.resetFields();
                          setRejecting(r);
                        }}
                      >
                        {t('refund.reject')}
                      </Button>
                    )}
                    {!mine && turn && <Typography.Text type="secondary">{t('refund.waitingFor', { roles: turn.roles.map((x) => t(`role.${x}`)).join(' / ') })}</Typography.Text>}
                    <Button onClick={() => setLedgerOf(r.enrolment_id)}>{t('refund.ledger')}</Button>
                  </Space>
                  <details>
                    <summary>{t('refund.stepsTitle')}</summary>
                    <RefundSteps refund={r} />
                  </details>
                </Space>
              </ListItem>
            );
          }}
        />
      )}

      <Modal open={paying !== null} title={t('training.payOut')} onCancel={() => setPaying(null)} onOk={() => payForm.submit()} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
        <Form
          form={payForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            const r = paying;
            if (!r) return;
            void (async () => {
              try {
                await unwrap(api.POST('/api/v1/refunds/{id}/payout', { params: { path: { id: r.id } }, body: v }));
                setPaying(null);
                done();
              } catch (e) {
                showProblem(e, message, payForm);
              }
            })();
          }}
        >
          {paying && <Typography.Paragraph>{t('refund.amounts', { training: yuan(paying.training_fee), exam: yuan(paying.exam_fee) })}</Typography.Paragraph>}
          <Form.Item name="reference" label={t('training.payoutReference')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={rejecting !== null} title={t('refund.reject')} onCancel={() => setRejecting(null)} onOk={() => rejectForm.submit()} okText={t('refund.reject')} okButtonProps={{ danger: true }} cancelText={t('app.cancel')} destroyOnHidden>
        <Form
          form={rejectForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            const r = rejecting;
            if (!r) return;
            void (async () => {
              try {
                await unwrap(api.POST('/api/v1/refunds/{id}/rejection', { params: { path: { id: r.id } }, body: v }));
                setRejecting(null);
                done();
              } catch (e) {
                showProblem(e, message, rejectForm);
              }
            })();
          }}
        >
          <Form.Item name="reason" label={t('training.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>

      <LedgerDrawer enrolmentId={ledgerOf} onClose={() => setLedgerOf(undefined)} />
    </Card>
  );
}
