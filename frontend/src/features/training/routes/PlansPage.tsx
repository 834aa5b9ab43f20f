// The association's annual training plans (TR-06): each year's plan with its status, due day
// (1 January) and overdue flag; a draft with its fee publicity (SC-06), editable while the plan
// is a draft; classes of the plan's year added to it (also after publication); publication on
// the public page. A refusal shows its rule id or lands on the form field.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { useMe } from '../../../lib/me';
import { formatInstant, formatDay } from '../../../lib/format';
import { putFeePublicity, trainingKeys, useClasses, usePlans, type Class, type FeeItem, type Plan } from '../api/training';
import { yuan, toFen, toYuanInput } from '../../../lib/money';
import { FeeTable } from '../components/FeeTable';
import { useLocalPagination } from '../../../components/ListTools';
import { AssociationPicker, useAssociation } from '../components/AssociationPicker';
import { shanghaiYear } from '../lib/rules';
import { Nothing } from '../../../components/Nothing';
import { ListError } from '../../../components/ListError';

/** A fee item as typed: the amount in yuan. */
interface FeeDraft {
  item: string;
  amount: number;
  basis: string;
  scope: string;
}

interface PublicityForm {
  complaint_phone: string;
  fees: FeeDraft[];
}

interface PlanForm extends PublicityForm {
  year: number;
  title: string;
}

const toFeeItems = (fees: FeeDraft[] | undefined): FeeItem[] => (fees ?? []).map((f) => ({ ...f, amount: toFen(f.amount) }));

/** The complaint phone and the fee items table of a plan's form: rows added and removed, amounts in yuan. */
function PublicityFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="complaint_phone" label={t('plan.complaintPhone')} rules={[{ required: true }]} extra={t('plan.publicityHint')}>
        <Input style={{ maxWidth: 260 }} data-testid="plan-complaint-phone" />
      </Form.Item>
      <Typography.Text strong>{t('plan.fees')}</Typography.Text>
      <Form.List name="fees">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
            {fields.map((f) => (
              <Space key={f.key} wrap align="start" data-testid="fee-row">
                <Form.Item name={[f.name, 'item']} rules={[{ required: true, message: t('plan.feeItem') }]}>
                  <Input placeholder={t('plan.feeItem')} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'amount']} rules={[{ required: true, message: t('plan.feeAmount') }]}>
                  <InputNumber min={0} precision={2} prefix="¥" placeholder={t('plan.feeAmount')} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'basis']} rules={[{ required: true, message: t('plan.feeBasis') }]}>
                  <Input placeholder={t('plan.feeBasis')} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'scope']} rules={[{ required: true, message: t('plan.feeScope') }]}>
                  <Input placeholder={t('plan.feeScope')} style={{ width: 160 }} />
                </Form.Item>
                <Button onClick={() => remove(f.name)}>{t('plan.removeFee')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({ item: '', amount: 0, basis: '', scope: '' })} data-testid="fee-add">
              {t('plan.addFee')}
            </Button>
          </Space>
        )}
      </Form.List>
    </>
  );
}

export function PlansPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [associationId, setAssociationId] = useAssociation(me.data);
  const plans = usePlans(associationId);
  const classes = useClasses();
  const [drafting, setDrafting] = useState(false);
  const [adding, setAdding] = useState<Plan | null>(null);
  const [editing, setEditing] = useState<Plan | null>(null);
  const [form] = Form.useForm<PlanForm>();
  const [publicityForm] = Form.useForm<PublicityForm>();
  const [addForm] = Form.useForm<{ class_id: string }>();
  const year = plans.data?.current_year ?? new Date().getFullYear();

  const refresh = () => {
    message.success(t('app.saved'));
    void qc.invalidateQueries({ queryKey: trainingKeys.all });
    void qc.invalidateQueries({ queryKey: ['public'] });
  };

  const draft = useMutation({
    mutationFn: (v: PlanForm) =>
      unwrap(
        api.POST('/api/v1/plans', {
          body: {
            association_id: associationId ?? '',
            year: v.year,
            title: v.title,
            complaint_phone: v.complaint_phone,
            fees: toFeeItems(v.fees),
          },
        }),
      ),
    onSuccess: () => {
      setDrafting(false);
      refresh();
    },
    onError: (e) => showProblem(e, message, form),
  });

  const editPublicity = useMutation({
    mutationFn: (v: PublicityForm) => putFeePublicity(editing as Plan, { complaint_phone: v.complaint_phone, fees: toFeeItems(v.fees) }),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
    onError: (e) => showProblem(e, message, publicityForm),
  });

  const publish = useMutation({
    mutationFn: (p: Plan) => unwrap(api.POST('/api/v1/plans/{id}/publication', { params: { path: { id: p.id } } })),
    onSuccess: refresh,
    onError: (e) => showProblem(e, message),
  });

  const addClass = useMutation({
    mutationFn: (v: { class_id: string }) => unwrap(api.POST('/api/v1/plans/{id}/classes', { params: { path: { id: adding?.id ?? '' } }, body: v })),
    onSuccess: () => {
      setAdding(null);
      refresh();
    },
    onError: (e) => showProblem(e, message, addForm),
  });

  /** Classes of the association starting in the plan's year (Asia/Shanghai) and in no plan yet. */
  const plansPages = useLocalPagination('plans');
  const candidates = (p: Plan | null): Class[] => {
    if (!p) return [];
    const planned = new Set((plans.data?.items ?? []).flatMap((x) => x.classes.map((c) => c.id)));
    return (classes.data ?? []).filter((c) => c.association_id === p.association_id && shanghaiYear(c.starts_at) === p.year && !planned.has(c.id) && c.status === 'planned');
  };

  return (
    <Card
      title={t('plan.title')}
      extra={
        <Space wrap>
          <AssociationPicker me={me.data} value={associationId} onChange={setAssociationId} />
          <Button
            type="primary"
            data-testid="plan-new"
            disabled={!associationId}
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ year: year + 1, fees: [{ item: t('plan.defaultTrainingFee'), amount: 0, basis: '', scope: '' }] });
              setDrafting(true);
            }}
          >
            {t('plan.new')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {plans.data?.current_year_overdue && <Alert type="warning" showIcon data-testid="plan-overdue" title={t('plan.currentOverdue', { year: plans.data.current_year })} />}
        <Typography.Text type="secondary">
          {t('plan.hint')} <Link to="/public/plans">{t('plan.publicPage')}</Link>
        </Typography.Text>
        {plans.error ? (
          <ListError error={plans.error} onRetry={() => plans.refetch()} />
        ) : (
          <Table<Plan>
            rowKey="id"
            size="small"
            loading={plans.isLoading}
            dataSource={plans.data?.items ?? []}
            pagination={plansPages.pagination}
            scroll={{ x: 820 }}
            expandable={{
              expandedRowRender: (p) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Table<Class>
                    rowKey="id"
                    size="small"
                    dataSource={p.classes}
                    pagination={false}
                    locale={{ emptyText: <Nothing text={t('plan.noClasses')} /> }}
                    columns={[
                      { title: t('training.className'), dataIndex: 'name', render: (n: string, c) => <Link to={`/training/classes/${c.id}`}>{n}</Link> },
                      { title: t('training.startsAt'), dataIndex: 'starts_at', render: (v: string) => formatInstant(v) },
                      { title: t('training.capacity'), dataIndex: 'capacity' },
                      { title: t('training.fees'), key: 'f', render: (_, c) => t('training.feePair', { training: yuan(c.training_fee), exam: yuan(c.exam_fee) }) },
                    ]}
                  />
                  <FeeTable fees={p.fees} />
                  <Typography.Text>{t('plan.complaintPhoneIs', { phone: p.complaint_phone || t('app.none') })}</Typography.Text>
                </Space>
              ),
            }}
            columns={[
              { title: t('plan.year'), dataIndex: 'year' },
              { title: t('plan.planTitle'), dataIndex: 'title' },
              {
                title: t('training.status'),
                dataIndex: 'status',
                render: (s: Plan['status'], p) => (
                  <Space size={4} wrap>
                    <Tag color={s === 'published' ? 'green' : 'default'}>{t(`plan.status.${s}`)}</Tag>
                    {p.overdue && (
                      <Tag color="red" data-testid="plan-row-overdue">
                        {t('plan.overdue')}
                      </Tag>
                    )}
                  </Space>
                ),
              },
              { title: t('plan.due'), dataIndex: 'publish_due' },
              { title: t('plan.publishedAt'), dataIndex: 'published_at', render: (v?: string | null) => (v ? formatInstant(v) : '') },
              { title: t('plan.classCount'), key: 'n', render: (_, p) => p.classes.length },
              {
                title: t('app.actions'),
                key: 'a',
                render: (_, p) => (
                  <Space wrap>
                    <Button
                      size="small"
                      onClick={() => {
                        addForm.resetFields();
                        setAdding(p);
                      }}
                    >
                      {t('plan.addClass')}
                    </Button>
                    {p.status === 'draft' && (
                      <Button
                        size="small"
                        data-testid="plan-edit-fees"
                        onClick={() => {
                          publicityForm.resetFields();
                          setEditing(p);
                        }}
                      >
                        {t('plan.editFees')}
                      </Button>
                    )}
                    {p.status === 'draft' && (
                      <Popconfirm title={t('plan.confirmPublish')} onConfirm={() => publish.mutate(p)} okText={t('app.yes')} cancelText={t('app.no')}>
                        <Button size="small" type="primary" loading={publish.isPending} data-testid="plan-publish">
                          {t('plan.publish')}
                        </Button>
                      </Popconfirm>
                    )}
                    {p.status === 'published' && <Link to={`/public/plans/${p.id}`}>{t('plan.view')}</Link>}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Space>

      <Modal
        open={drafting}
        title={t('plan.new')}
        width={760}
        onCancel={() => setDrafting(false)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: draft.isPending }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => draft.mutate(v)} preserve={false}>
          <Space wrap align="start">
            <Form.Item name="year" label={t('plan.year')} rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={[year, year + 1].map((y) => ({ value: y, label: String(y) }))} />
            </Form.Item>
            <Form.Item name="title" label={t('plan.planTitle')} rules={[{ required: true }]} style={{ minWidth: 320 }}>
              <Input maxLength={200} />
            </Form.Item>
          </Space>
          <PublicityFields />
        </Form>
      </Modal>

      <Modal
        open={editing !== null}
        title={t('plan.editFeesTitle', { title: editing?.title ?? '' })}
        width={760}
        onCancel={() => setEditing(null)}
        onOk={() => publicityForm.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: editPublicity.isPending, ...({ 'data-testid': 'plan-fees-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form
          form={publicityForm}
          layout="vertical"
          onFinish={(v) => editPublicity.mutate(v)}
          preserve={false}
          initialValues={editing ? { complaint_phone: editing.complaint_phone, fees: editing.fees.map((f) => ({ ...f, amount: toYuanInput(f.amount) })) } : undefined}
        >
          <PublicityFields />
        </Form>
      </Modal>

      <Modal
        open={adding !== null}
        title={t('plan.addClass')}
        onCancel={() => setAdding(null)}
        onOk={() => addForm.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: addClass.isPending }}
        destroyOnHidden
      >
        <Form form={addForm} layout="vertical" onFinish={(v) => addClass.mutate(v)} preserve={false}>
          <Form.Item name="class_id" label={t('training.className')} rules={[{ required: true }]} extra={t('plan.addClassHint', { year: adding?.year })}>
            <Select options={candidates(adding).map((c) => ({ value: c.id, label: `${c.name}(${formatDay(c.starts_at)})` }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
