// One approval inbox: what waits for the caller, whatever their role — the enterprise
// manager's approvals, the association's confirmations and deferrals, finance's payments,
// the refund steps, the head teacher's leave decisions, the officer's returned enrolments to
// resubmit, the enterprises' change letters to acknowledge (TR-07). Each item carries its
// action; a return asks the manager for the reason. A foldable query form (trainee or class, kind)
// and the page size with the total.
import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatInstant, formatDay } from '../../../lib/format';
import { decideEnrolment, resubmitEnrolment, trainingKeys, useClasses, useInbox, type InboxItem } from '../api/training';
import { yuan, toFen, toYuanInput } from '../../../lib/money';
import { ListError } from '../../../components/ListError';
import { PAYMENT_METHODS } from '../lib/payments';
import { QueryForm } from '../../../components/QueryForm';
import { useLocalPagination } from '../../../components/ListTools';
import { ItemList, ListItem } from '../../../components/ItemList';

interface PaymentForm {
  training_fee: number;
  exam_fee: number;
  payer: string;
  method: string;
  receipt_no: string;
}

/** How a fee was paid (kept in lib/payments, shared with the exams' retake fees). */
export { PAYMENT_METHODS } from '../lib/payments';

interface InboxQuery {
  text?: string;
  kind?: InboxItem['kind'];
}

/** The items a clerk's query keeps: the person or class containing the text, and the kind. */
export function filterInbox(items: InboxItem[], q: InboxQuery): InboxItem[] {
  const text = q.text?.trim().toLowerCase();
  return items.filter((i) => (!q.kind || i.kind === q.kind) && (!text || [i.person_name, i.class_name].some((v) => v?.toLowerCase().includes(text))));
}

export function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const inbox = useInbox();
  const classes = useClasses();
  const [busy, setBusy] = useState<string | null>(null);
  const [query, setQuery] = useState<InboxQuery>({});
  const [queryForm] = Form.useForm<InboxQuery>();
  const pages = useLocalPagination('inbox');
  const [paying, setPaying] = useState<InboxItem | null>(null);
  const [deferring, setDeferring] = useState<InboxItem | null>(null);
  const [paying_out, setPayingOut] = useState<InboxItem | null>(null);
  const [returning, setReturning] = useState<InboxItem | null>(null);
  const [payForm] = Form.useForm<PaymentForm>();
  const [deferForm] = Form.useForm<{ target_class_id: string }>();
  const [payoutForm] = Form.useForm<{ reference: string }>();
  const [returnForm] = Form.useForm<{ reason: string }>();

  const done = () => {
    message.success(t('training.done'));
    void qc.invalidateQueries({ queryKey: trainingKeys.all });
  };

  /** Runs one action; a refusal shows its rule id and detail. */
  const act = async (item: InboxItem, call: () => Promise<unknown>) => {
    setBusy(item.object_id);
    try {
      await call();
      done();
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(null);
    }
  };

  const id = (item: InboxItem) => ({ params: { path: { id: item.object_id } } });

  const actions = (item: InboxItem) => {
    const loading = busy === item.object_id;
    const btn = (key: string, label: string, call: () => Promise<unknown>, primary = true) => (
      <Button key={key} type={primary ? 'primary' : 'default'} loading={loading} data-testid={`inbox-${key}`} onClick={() => void act(item, call)}>
        {label}
      </Button>
    );
    switch (item.kind) {
      case 'enrolment_approval':
        return [
          btn('approve', t('training.approve'), () => decideEnrolment(item.object_id, { decision: 'approve' })),
          <Button
            key="return"
            data-testid="inbox-return"
            disabled={loading}
            onClick={() => {
              returnForm.resetFields();
              setReturning(item);
            }}
          >
            {t('training.return')}
          </Button>,
        ];
      case 'enrolment_resubmission':
        return [
          btn('resubmit', t('enrolments.resubmit'), () => resubmitEnrolment(item.object_id)),
          <Link key="mend" to="/training/enrolments">
            <Button>{t('enrolments.openList')}</Button>
          </Link>,
        ];
      case 'enrolment_confirmation':
        return [btn('confirm', t('training.confirm'), () => unwrap(api.POST('/api/v1/enrolments/{id}/confirmation', id(item))))];
      case 'enrolment_payment':
        return [
          <Button
            key="pay"
            type="primary"
            data-testid="inbox-pay"
            onClick={() => {
              payForm.resetFields();
              payForm.setFieldsValue({ training_fee: toYuanInput(item.training_fee), exam_fee: toYuanInput(item.exam_fee), payer: item.enterprise_name ?? item.person_name ?? undefined });
              setPaying(item);
            }}
          >
            {t('training.recordPayment')}
          </Button>,
        ];
      case 'deferral_approval':
        return [
          <Button
            key="defer"
            type="primary"
            onClick={() => {
              deferForm.resetFields();
              setDeferring(item);
            }}
          >
            {t('training.approveDeferral')}
          </Button>,
        ];
      case 'refund_department_confirmation':
        return [btn('refund-department', t('training.confirm'), () => unwrap(api.POST('/api/v1/refunds/{id}/department-confirmation', id(item))))];
      case 'refund_finance_confirmation':
        return [btn('refund-finance', t('training.confirm'), () => unwrap(api.POST('/api/v1/refunds/{id}/finance-confirmation', id(item))))];
      case 'refund_leader_approval':
        return [btn('refund-leader', t('training.approve'), () => unwrap(api.POST('/api/v1/refunds/{id}/leader-approval', id(item))))];
      case 'refund_payout':
        return [
          <Button
            key="payout"
            type="primary"
            onClick={() => {
              payoutForm.resetFields();
              setPayingOut(item);
            }}
          >
            {t('training.payOut')}
          </Button>,
        ];
      case 'leave_decision':
        return [
          btn('leave-approve', t('training.approve'), () => unwrap(api.POST('/api/v1/leave-requests/{id}/decision', { ...id(item), body: { approve: true } }))),
          btn('leave-refuse', t('training.refuse'), () => unwrap(api.POST('/api/v1/leave-requests/{id}/decision', { ...id(item), body: { approve: false } })), false),
        ];
      case 'change_letter_acknowledgement':
        return [btn('acknowledge-letter', t('training.acknowledgeLetter'), () => unwrap(api.POST('/api/v1/account-changes/{id}/acknowledgement', id(item))))];
      default:
        return [];
    }
  };

  const submitPayment = async (v: PaymentForm) => {
    if (!paying) return;
    try {
      await unwrap(
        api.POST('/api/v1/enrolments/{id}/payment', {
          params: { path: { id: paying.object_id } },
          body: { training_fee: toFen(v.training_fee), exam_fee: toFen(v.exam_fee), payer: v.payer, method: v.method, receipt_no: v.receipt_no },
        }),
      );
      setPaying(null);
      done();
    } catch (e) {
      showProblem(e, message, payForm);
    }
  };

  const sameCourse = (item: InboxItem | null) => {
    const all = classes.data ?? [];
    const from = all.find((c) => c.id === item?.class_id);
    return all.filter((c) => from && c.course_id === from.course_id && c.id !== from.id && c.status === 'planned');
  };

  const all = inbox.data?.items ?? [];
  const items = filterInbox(all, query);
  const kinds = [...new Set(all.map((i) => i.kind))];
  return (
    <Card title={t('nav.inbox')} loading={inbox.isLoading}>
      <QueryForm<InboxQuery>
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
        <Form.Item name="text" label={t('training.inboxFilterLabel')}>
          <Input allowClear placeholder={t('training.inboxFilter')} data-testid="inbox-filter" />
        </Form.Item>
        <Form.Item name="kind" label={t('training.inboxKindLabel')}>
          <Select allowClear data-testid="inbox-kind" options={kinds.map((k) => ({ value: k, label: t(`training.inboxKind.${k}`) }))} />
        </Form.Item>
      </QueryForm>
      {inbox.error ? (
        <ListError error={inbox.error} onRetry={() => inbox.refetch()} />
      ) : items.length === 0 && !inbox.isLoading ? (
        <Empty description={t('training.inboxEmpty')} />
      ) : (
        <ItemList
          dataSource={items}
          pagination={{ ...pages.pagination, align: 'end' }}
          rowKey={(i) => `${i.kind}-${i.object_id}`}
          renderItem={(item) => (
            <ListItem data-testid="inbox-item">
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color="blue">{t(`training.inboxKind.${item.kind}`)}</Tag>
                  <Typography.Text strong>{item.person_name}</Typography.Text>
                  {item.enterprise_name && <Typography.Text type="secondary">{item.enterprise_name}</Typography.Text>}
                </Space>
                <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                  {item.class_name && <Descriptions.Item label={t('training.className')}>{item.class_name}</Descriptions.Item>}
                  {item.class_starts_at && <Descriptions.Item label={t('training.startsAt')}>{formatInstant(item.class_starts_at)}</Descriptions.Item>}
                  {item.enrolment_id && (
                    <Descriptions.Item label={item.kind.startsWith('refund') ? t('training.refundAmount') : t('training.fees')}>
                      {t('training.feePair', { training: yuan(item.training_fee), exam: yuan(item.exam_fee) })}
                    </Descriptions.Item>
                  )}
                  {item.session_starts_at && <Descriptions.Item label={t('training.session')}>{formatInstant(item.session_starts_at)}</Descriptions.Item>}
                  {item.reason && (
                    <Descriptions.Item label={item.kind === 'enrolment_resubmission' ? t('enrolments.returnReason') : t('training.reason')}>
                      <span data-testid="inbox-reason">{item.reason}</span>
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('training.waitingSince')}>{formatInstant(item.waiting_since)}</Descriptions.Item>
                </Descriptions>
                <Space wrap>{actions(item)}</Space>
              </Space>
            </ListItem>
          )}
        />
      )}

      <Modal
        open={paying !== null}
        title={t('training.recordPayment')}
        onCancel={() => setPaying(null)}
        onOk={() => payForm.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ ...({ 'data-testid': 'payment-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        {paying && (
          <Typography.Paragraph type="secondary">
            {t('training.publishedFees', { training: yuan(paying.training_fee), exam: yuan(paying.exam_fee) })}
          </Typography.Paragraph>
        )}
        <Form form={payForm} layout="vertical" onFinish={(v) => void submitPayment(v)} preserve={false}>
          <Space wrap>
            <Form.Item name="training_fee" label={t('training.trainingFee')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} prefix="¥" data-testid="payment-training-fee" />
            </Form.Item>
            <Form.Item name="exam_fee" label={t('training.examFee')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} prefix="¥" data-testid="payment-exam-fee" />
            </Form.Item>
          </Space>
          <Form.Item name="payer" label={t('training.payer')} rules={[{ required: true }]}>
            <Input data-testid="payment-payer" />
          </Form.Item>
          <Form.Item name="method" label={t('training.method')} rules={[{ required: true }]}>
            <Select data-testid="payment-method" options={PAYMENT_METHODS.map((m) => ({ value: m.value, label: t(`training.methods.${m.key}`) }))} />
          </Form.Item>
          <Form.Item name="receipt_no" label={t('training.receiptNo')} rules={[{ required: true }]}>
            <Input data-testid="payment-receipt" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={deferring !== null}
        title={t('training.approveDeferral')}
        onCancel={() => setDeferring(null)}
        onOk={() => deferForm.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        destroyOnHidden
      >
        <Form
          form={deferForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            const item = deferring;
            if (!item) return;
            void (async () => {
              try {
                await unwrap(api.POST('/api/v1/enrolment-requests/{id}/approval', { params: { path: { id: item.object_id } }, body: v }));
                setDeferring(null);
                done();
              } catch (e) {
                showProblem(e, message, deferForm);
              }
            })();
          }}
        >
          <Form.Item name="target_class_id" label={t('training.targetClass')} rules={[{ required: true }]}>
            <Select options={sameCourse(deferring).map((c) => ({ value: c.id, label: `${c.name}(${formatDay(c.starts_at)})` }))} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={returning !== null}
        title={t('enrolments.returnTitle')}
        onCancel={() => setReturning(null)}
        onOk={() => returnForm.submit()}
        okText={t('training.return')}
        cancelText={t('app.cancel')}
        okButtonProps={{ ...({ 'data-testid': 'return-submit' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        {returning && (
          <Typography.Paragraph strong>
            {returning.person_name} · {returning.class_name}
          </Typography.Paragraph>
        )}
        <Form
          form={returnForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            const item = returning;
            if (!item) return;
            void (async () => {
              try {
                await decideEnrolment(item.object_id, { decision: 'return', reason: v.reason.trim() });
                setReturning(null);
                done();
              } catch (e) {
                showProblem(e, message, returnForm);
              }
            })();
          }}
        >
          <Form.Item
            name="reason"
            label={t('enrolments.returnReason')}
            extra={t('enrolments.returnReasonHint')}
            rules={[{ required: true, whitespace: true, message: t('enrolments.returnReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="return-reason" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={paying_out !== null}
        title={t('training.payOut')}
        onCancel={() => setPayingOut(null)}
        onOk={() => payoutForm.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        destroyOnHidden
      >
        <Form
          form={payoutForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            const item = paying_out;
            if (!item) return;
            void (async () => {
              try {
                await unwrap(api.POST('/api/v1/refunds/{id}/payout', { params: { path: { id: item.object_id } }, body: v }));
                setPayingOut(null);
                done();
              } catch (e) {
                showProblem(e, message, payoutForm);
              }
            })();
          }}
        >
          <Form.Item name="reference" label={t('training.payoutReference')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
