// Per-trainee pieces of the class page: exam eligibility as the server derives it (EX-11: paid,
// TR-09; fewer than two unexcused absences, TR-17), each refusal with its rule id; and the
// substitution of a trainee by another employee of the same enterprise, at least a day before
// the class starts (TR-11), which only the enterprise's training officer asks for.
import { Alert, App, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import type { Me } from '../../../lib/me';
import { trainingKeys, type EnrolmentRow, type Eligibility } from '../api/training';
import { localized, RuleRef } from '../../../lib/messages';
import { requestOpen } from '../lib/rules';
import { PersonPicker } from './PersonPicker';
import { ProblemText } from '../../../components/ProblemText';

export function EligibilityCell({ query }: { query: UseQueryResult<Eligibility> | undefined }) {
  const { t, i18n } = useTranslation();
  if (!query || query.isLoading) return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  if (query.error) return <Typography.Text type="secondary">{<ProblemText error={query.error} />}</Typography.Text>;
  const e = query.data;
  if (!e) return null;
  if (e.eligible) {
    return (
      <Tag color="green" data-testid="eligibility" data-eligible="true">
        {t('eligibility.yes')}
      </Tag>
    );
  }
  return (
    <Space orientation="vertical" size={2} data-testid="eligibility" data-eligible="false">
      {e.reasons.map((r) => (
        <span key={r.rule} data-testid="eligibility-reason" data-rule={r.rule}>
          <Typography.Text type="danger">{localized(r.detail, r.detail_en, i18n.language)}</Typography.Text>
          <RuleRef rule={r.rule} />
        </span>
      ))}
    </Space>
  );
}

/** Whether the caller is a training officer of the enterprise that sent this trainee. */
export function officerOf(me: Me | undefined, e: EnrolmentRow): boolean {
  if (!me || !e.enterprise_id) return false;
  return me.memberships.some((m) => m.organization_id === e.enterprise_id && m.roles.includes('enterprise_officer'));
}

interface SubstitutionForm {
  new_person_id: string;
  reason: string;
}

export function SubstitutionModal({ enrolment, classStartsAt, onClose }: { enrolment: EnrolmentRow | null; classStartsAt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<SubstitutionForm>();
  const open = requestOpen(classStartsAt);
  const substitute = useMutation({
    mutationFn: (v: SubstitutionForm) => unwrap(api.POST('/api/v1/enrolments/{id}/substitution', { params: { path: { id: enrolment?.id ?? '' } }, body: v })),
    onSuccess: () => {
      message.success(t('substitution.done'));
      onClose();
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
    },
    onError: (e) => showProblem(e, message, form),
  });
  return (
    <Modal
      open={!!enrolment}
      title={t('substitution.title', { name: enrolment?.person_name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('substitution.submit')}
      cancelText={t('app.cancel')}
      okButtonProps={{ loading: substitute.isPending, disabled: !open, ...({ 'data-testid': 'substitution-save' } as Record<`data-${string}`, string>) }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('substitution.rule')}</Typography.Paragraph>
      {!open && <Alert type="warning" showIcon title={t('substitution.closed')} style={{ marginBottom: 12 }} data-testid="substitution-closed" />}
      {enrolment && (
        <Form form={form} layout="vertical" onFinish={(v) => substitute.mutate(v)} preserve={false}>
          <Form.Item name="new_person_id" label={t('substitution.newPerson')} rules={[{ required: true, message: t('substitution.personRequired') }]} extra={t('substitution.personHint')}>
            <PersonPicker employerId={enrolment.enterprise_id ?? undefined} exclude={[enrolment.person_id]} testId="substitution-person" />
          </Form.Item>
          <Form.Item name="reason" label={t('substitution.reason')} rules={[{ required: true, whitespace: true, message: t('substitution.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="substitution-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
