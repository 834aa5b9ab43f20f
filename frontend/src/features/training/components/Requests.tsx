// The requests a payer or trainee files on an enrolment: a refund (TR-12/TR-13, never for an
// absence without deferral, TR-15) and a deferral (TR-10, at least one day before the class).
import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { trainingKeys } from '../api/training';
import { requestOpen } from '../lib/rules';

interface Target {
  enrolmentId: string;
  label: string;
  classStartsAt: string;
}

export function RefundRequestModal({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ ground: 'class_cancelled' | 'own_reason'; reason: string }>();
  const ask = useMutation({
    mutationFn: (v: { ground: 'class_cancelled' | 'own_reason'; reason: string }) =>
      unwrap(api.POST('/api/v1/enrolments/{id}/refunds', { params: { path: { id: target?.enrolmentId ?? '' } }, body: v })),
    onSuccess: () => {
      message.success(t('refund.requested'));
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
      onClose();
    },
    onError: (e) => showProblem(e, message, form),
  });
  return (
    <Modal open={target !== null} title={t('refund.request')} onCancel={onClose} onOk={() => form.submit()} okText={t('refund.submit')} cancelText={t('app.cancel')} okButtonProps={{ loading: ask.isPending, ...({ 'data-testid': 'refund-submit' } as Record<`data-${string}`, string>) }} destroyOnHidden>
      <Typography.Paragraph strong>{target?.label}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => ask.mutate(v)} preserve={false} initialValues={{ ground: 'own_reason' }}>
        <Form.Item name="ground" label={t('refund.groundLabel')} rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="own_reason">{t('refund.ground.own_reason')}</Radio>
            <Radio value="class_cancelled">{t('refund.ground.class_cancelled')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() => <Alert style={{ marginBottom: 12 }} type="info" showIcon title={t(form.getFieldValue('ground') === 'class_cancelled' ? 'refund.cancelledRule' : 'refund.ownRule')} />}
        </Form.Item>
        <Form.Item name="reason" label={t('training.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('refund.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DeferralModal({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const ask = useMutation({
    mutationFn: (v: { reason: string }) => unwrap(api.POST('/api/v1/enrolments/{id}/deferral', { params: { path: { id: target?.enrolmentId ?? '' } }, body: v })),
    onSuccess: () => {
      message.success(t('deferral.requested'));
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
      onClose();
    },
    onError: (e) => showProblem(e, message, form),
  });
  const open = target ? requestOpen(target.classStartsAt) : true;
  return (
    <Modal open={target !== null} title={t('deferral.request')} onCancel={onClose} onOk={() => form.submit()} okText={t('refund.submit')} cancelText={t('app.cancel')} okButtonProps={{ loading: ask.isPending }} destroyOnHidden>
      <Typography.Paragraph strong>{target?.label}</Typography.Paragraph>
      <Alert style={{ marginBottom: 12 }} type={open ? 'info' : 'warning'} showIcon title={t(open ? 'deferral.rule' : 'deferral.closed')} />
      <Form form={form} layout="vertical" onFinish={(v) => ask.mutate(v)} preserve={false}>
        <Form.Item name="reason" label={t('training.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
