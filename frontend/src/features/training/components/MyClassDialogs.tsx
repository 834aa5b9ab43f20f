// The trainee's two session dialogs of "my classes": signing in with the code shown in class
// (TR-19) and asking for leave at least a day ahead (TR-16). A chunk of their own, with Ant
// Design: the page paints without them and fetches this when a button first opens one.
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatInstant, formatSpan } from '../../../lib/format';
import type { MyClass, MySession } from '../api/training';
import { parseSignIn } from '../lib/rules';

export interface SessionTarget {
  klass: MyClass;
  session: MySession;
}

interface Props {
  target: SessionTarget | null;
  onClose: () => void;
  /** After the server said yes (the page reads its classes again). */
  onDone: () => void;
}

export function SignInDialog({ target, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const signIn = useMutation({
    mutationFn: (v: { code: string }) => {
      const parsed = parseSignIn(v.code);
      if (!parsed) throw new Error(t('mine.badCode'));
      return unwrap(api.POST('/api/v1/sessions/{id}/sign-in', { params: { path: { id: target?.session.id ?? '' } }, body: { code: parsed.code } }));
    },
    onSuccess: () => {
      if (target) message.success(`${t('mine.signedInto', { name: target.klass.class.name })} · ${t('mine.signedSession', { at: formatSpan(target.session.starts_at, target.session.ends_at) })}`);
      onClose();
      onDone();
    },
    onError: (e) => showProblem(e, message, form),
  });
  return (
    <Modal open={target !== null} title={t('mine.signIn')} onCancel={onClose} onOk={() => form.submit()} okText={t('mine.signIn')} cancelText={t('app.cancel')} okButtonProps={{ loading: signIn.isPending }} destroyOnHidden>
      {target && <Typography.Paragraph>{`${target.klass.class.name} · ${formatInstant(target.session.starts_at)}`}</Typography.Paragraph>}
      <Typography.Paragraph type="secondary">{t('mine.signInHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => signIn.mutate(v)} preserve={false}>
        <Form.Item name="code" label={t('mine.code')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="sign-in-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function LeaveDialog({ target, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const askLeave = useMutation({
    mutationFn: (v: { reason: string }) =>
      unwrap(api.POST('/api/v1/sessions/{id}/leave-requests', { params: { path: { id: target?.session.id ?? '' } }, body: { enrolment_id: target?.klass.enrolment_id ?? '', reason: v.reason } })),
    onSuccess: () => {
      message.success(t('mine.leaveAsked'));
      onClose();
      onDone();
    },
    onError: (e) => showProblem(e, message, form),
  });
  return (
    <Modal open={target !== null} title={t('mine.askLeave')} onCancel={onClose} onOk={() => form.submit()} okText={t('refund.submit')} cancelText={t('app.cancel')} okButtonProps={{ loading: askLeave.isPending }} destroyOnHidden>
      {target && <Typography.Paragraph>{`${target.klass.class.name} · ${formatInstant(target.session.starts_at)}`}</Typography.Paragraph>}
      <Alert style={{ marginBottom: 12 }} type="info" showIcon title={t('mine.leaveRule')} />
      <Form form={form} layout="vertical" onFinish={(v) => askLeave.mutate(v)} preserve={false}>
        <Form.Item name="reason" label={t('training.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
