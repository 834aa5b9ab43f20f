// "My classes" for the trainee, laid out for a phone: each enrolment with its status, the class
// notice (time and place) once the fee is paid, the sessions with attendance and leave — sign
// in with the code shown in class (TR-19), ask for leave at least a day ahead (TR-16) —, the
// online study units (TR-03), and the deferral, refund and ledger of the enrolment; and the way
// to the trainee's own continuing-education hours (CE-03).
import { lazy, Suspense, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Empty, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../lib/me';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatInstant, formatSpan } from '../../../lib/format';
import { trainingKeys, useMyClasses, type MyClass, type MySession } from '../api/training';
import { StatusTag } from '../components/StatusTag';
import { parseSignIn, requestOpen } from '../lib/rules';
import { Nothing } from '../../../components/Nothing';
import { ListError } from '../../../components/ListError';
import { OnceOpened } from '../../../components/OnceOpened';

// What the first paint of the page does not show is fetched when first opened: the study
// units (a folded panel), the refund and deferral dialogs, the ledger.
const StudyUnits = lazy(() => import('../components/Study').then((m) => ({ default: m.StudyUnits })));
const RefundRequestModal = lazy(() => import('../components/Requests').then((m) => ({ default: m.RefundRequestModal })));
const DeferralModal = lazy(() => import('../components/Requests').then((m) => ({ default: m.DeferralModal })));
const LedgerDrawer = lazy(() => import('../components/LedgerDrawer').then((m) => ({ default: m.LedgerDrawer })));

interface SessionTarget {
  klass: MyClass;
  session: MySession;
}

interface Target {
  enrolmentId: string;
  label: string;
  classStartsAt: string;
}

export function MyClassesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const mine = useMyClasses();
  const me = useMe();
  const list = mine.data ?? [];
  const [signingIn, setSigningIn] = useState<SessionTarget | null>(null);
  const [leaving, setLeaving] = useState<SessionTarget | null>(null);
  const [refundFor, setRefundFor] = useState<Target | null>(null);
  const [deferFor, setDeferFor] = useState<Target | null>(null);
  const [ledgerOf, setLedgerOf] = useState<string | undefined>();
  const [signForm] = Form.useForm<{ code: string }>();
  const [leaveForm] = Form.useForm<{ reason: string }>();

  const refresh = () => void qc.invalidateQueries({ queryKey: trainingKeys.mine });

  const signIn = useMutation({
    mutationFn: (v: { code: string }) => {
      const parsed = parseSignIn(v.code);
      if (!parsed) throw new Error(t('mine.badCode'));
      return unwrap(api.POST('/api/v1/sessions/{id}/sign-in', { params: { path: { id: signingIn?.session.id ?? '' } }, body: { code: parsed.code } }));
    },
    onSuccess: () => {
      if (signingIn) message.success(`${t('mine.signedInto', { name: signingIn.klass.class.name })} · ${t('mine.signedSession', { at: formatSpan(signingIn.session.starts_at, signingIn.session.ends_at) })}`);
      setSigningIn(null);
      refresh();
    },
    onError: (e) => showProblem(e, message, signForm),
  });

  const askLeave = useMutation({
    mutationFn: (v: { reason: string }) =>
      unwrap(api.POST('/api/v1/sessions/{id}/leave-requests', { params: { path: { id: leaving?.session.id ?? '' } }, body: { enrolment_id: leaving?.klass.enrolment_id ?? '', reason: v.reason } })),
    onSuccess: () => {
      message.success(t('mine.leaveAsked'));
      setLeaving(null);
      refresh();
    },
    onError: (e) => showProblem(e, message, leaveForm),
  });

  const notice = (m: MyClass) => {
    const n = m.notice;
    if (!n) {
      return <Typography.Text type="secondary">{t('training.noticeAfterPayment')}</Typography.Text>;
    }
    return (
      <Alert
        type="success"
        showIcon
        data-testid="class-notice"
        message={t('training.noticeTitle')}
        description={
          <Space direction="vertical" size={2}>
            <Typography.Text strong>{n.class_name}</Typography.Text>
            <Typography.Text data-testid="notice-time">{t('training.noticeTime', { from: formatInstant(n.starts_at), to: formatInstant(n.ends_at) })}</Typography.Text>
            {n.venue && <Typography.Text data-testid="notice-venue">{t('training.noticeVenue', { venue: n.venue })}</Typography.Text>}
            {n.online_link && (
              <Typography.Link href={n.online_link} target="_blank" rel="noreferrer">
                {t('training.noticeOnline')}
              </Typography.Link>
            )}
          </Space>
        }
      />
    );
  };

  const session = (m: MyClass, s: MySession) => {
    const paid = m.status === 'paid';
    const leaveOpen = requestOpen(s.starts_at);
    return (
      <List.Item style={{ display: 'block' }} data-testid="my-session">
        <Space direction="vertical" style={{ width: '100%' }} size={4}>
          <Space wrap size={4} style={{ justifyContent: 'space-between', width: '100%' }}>
            <span>
              {formatSpan(s.starts_at, s.ends_at)}
            </span>
            <Space size={4}>
              {s.attendance && <Tag color={s.attendance === 'present' ? 'green' : s.attendance === 'excused' ? 'blue' : 'red'}>{t(`training.attendance.${s.attendance}`)}</Tag>}
              {s.leave && <Tag>{t(`training.leave.${s.leave}`)}</Tag>}
            </Space>
          </Space>
          {!s.attendance && (
            <Space wrap>
              <Button
                type="primary"
                size="small"
                disabled={!paid}
                data-testid="sign-in"
                onClick={() => {
                  signForm.resetFields();
                  setSigningIn({ klass: m, session: s });
                }}
              >
                {t('mine.signIn')}
              </Button>
              {!s.leave && (
                <Button
                  size="small"
                  disabled={!leaveOpen}
                  data-testid="ask-leave"
                  onClick={() => {
                    leaveForm.resetFields();
                    setLeaving({ klass: m, session: s });
                  }}
                >
                  {t('mine.askLeave')}
                </Button>
              )}
            </Space>
          )}
          {!s.attendance && !paid && <Typography.Text type="secondary">{t('mine.unpaid')}</Typography.Text>}
          {!s.attendance && !s.leave && !leaveOpen && <Typography.Text type="secondary">{t('mine.leaveClosed')}</Typography.Text>}
        </Space>
      </List.Item>
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.myClasses')}
        </Typography.Title>
        {me.data?.person_id && (
          <Link to={`/persons/${me.data.person_id}/ce-hours`} data-testid="my-ce-hours">
            {t('ce.mine')}
          </Link>
        )}
      </Space>
      <ListError error={mine.error} onRetry={() => mine.refetch()} />
      {list.length === 0 && !mine.isLoading && !mine.error && <Empty description={t('training.noClasses')} />}
      {list.map((m) => {
        const target: Target = { enrolmentId: m.enrolment_id, label: m.class.name, classStartsAt: m.class.starts_at };
        return (
          <Card key={m.enrolment_id} size="small" loading={mine.isLoading} title={m.class.name} extra={<StatusTag status={m.status} />} data-testid="my-class">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">
                {m.course_name} · {t(`training.deliveries.${m.delivery}`)}
              </Typography.Text>
              <Typography.Text>
                {formatSpan(m.class.starts_at, m.class.ends_at)}
              </Typography.Text>
              {m.class.status === 'cancelled' && <Alert type="warning" showIcon message={t('mine.cancelled')} />}
              {notice(m)}
              <List size="small" header={t('training.sessions')} dataSource={m.sessions} locale={{ emptyText: <Nothing text={t('training.noSessions')} /> }} renderItem={(s) => session(m, s)} />
              <Collapse
                size="small"
                items={[
                  {
                    key: 'study',
                    label: t('study.title'),
                    children: (
                      <Suspense fallback={null}>
                        <StudyUnits courseId={m.class.course_id} />
                      </Suspense>
                    ),
                  },
                ]}
              />
              <Space wrap>
                {requestOpen(m.class.starts_at) && <Button onClick={() => setDeferFor(target)}>{t('deferral.request')}</Button>}
                {m.status === 'paid' && <Button onClick={() => setRefundFor(target)}>{t('refund.request')}</Button>}
                <Button onClick={() => setLedgerOf(m.enrolment_id)} data-testid="my-ledger">
                  {t('mine.ledger')}
                </Button>
              </Space>
            </Space>
          </Card>
        );
      })}

      <OnceOpened open={signingIn !== null}>
        <Modal
          open={signingIn !== null}
          title={t('mine.signIn')}
          onCancel={() => setSigningIn(null)}
          onOk={() => signForm.submit()}
          okText={t('mine.signIn')}
          cancelText={t('app.cancel')}
          okButtonProps={{ loading: signIn.isPending }}
          destroyOnHidden
        >
          {signingIn && <Typography.Paragraph>{`${signingIn.klass.class.name} · ${formatInstant(signingIn.session.starts_at)}`}</Typography.Paragraph>}
          <Typography.Paragraph type="secondary">{t('mine.signInHint')}</Typography.Paragraph>
          <Form form={signForm} layout="vertical" onFinish={(v) => signIn.mutate(v)} preserve={false}>
            <Form.Item name="code" label={t('mine.code')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} data-testid="sign-in-input" />
            </Form.Item>
          </Form>
        </Modal>
      </OnceOpened>

      <OnceOpened open={leaving !== null}>
        <Modal
          open={leaving !== null}
          title={t('mine.askLeave')}
          onCancel={() => setLeaving(null)}
          onOk={() => leaveForm.submit()}
          okText={t('refund.submit')}
          cancelText={t('app.cancel')}
          okButtonProps={{ loading: askLeave.isPending }}
          destroyOnHidden
        >
          {leaving && <Typography.Paragraph>{`${leaving.klass.class.name} · ${formatInstant(leaving.session.starts_at)}`}</Typography.Paragraph>}
          <Alert style={{ marginBottom: 12 }} type="info" showIcon message={t('mine.leaveRule')} />
          <Form form={leaveForm} layout="vertical" onFinish={(v) => askLeave.mutate(v)} preserve={false}>
            <Form.Item name="reason" label={t('training.reason')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </Form>
        </Modal>
      </OnceOpened>

      <OnceOpened open={refundFor !== null}>
        <RefundRequestModal target={refundFor} onClose={() => setRefundFor(null)} />
      </OnceOpened>
      <OnceOpened open={deferFor !== null}>
        <DeferralModal target={deferFor} onClose={() => setDeferFor(null)} />
      </OnceOpened>
      <OnceOpened open={ledgerOf !== undefined}>
        <LedgerDrawer enrolmentId={ledgerOf} onClose={() => setLedgerOf(undefined)} />
      </OnceOpened>
    </Space>
  );
}
