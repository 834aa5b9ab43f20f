// Head-teacher attendance on a phone: pick the class and the session (the one running now by
// default), mark each trainee present or absent after confirming (a mark is never changed) —
// an unpaid trainee cannot be marked present (TR-09) —, show the session's sign-in QR code (TR-19), and decide the class's leave requests
// (TR-16; they are in the inbox too).
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Select, Space, Tag, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { toProblem } from '../../../lib/api/problem';
import { formatInstant, formatSpan } from '../../../lib/format';
import { trainingKeys, useClassDetail, useEnrolments, useInbox, useSessionAttendance, type EnrolmentRow, type InboxItem } from '../api/training';
import { StatusTag } from '../components/StatusTag';
import { SignInQr } from '../components/SignInQr';
import { currentSession } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';
import { Nothing } from '../../../components/Nothing';
import { ListError } from '../../../components/ListError';
import { ItemList, ListItem, ListItemMeta } from '../../../components/ItemList';

/** The classes whose trainees the caller may see (as head teacher: their classes). */
export function AttendanceClassesPage() {
  const { t } = useTranslation();
  const enrolments = useEnrolments({ limit: 200 });
  const classes = new Map<string, { name: string; starts: string; n: number }>();
  for (const e of enrolments.data?.items ?? []) {
    const c = classes.get(e.class_id) ?? { name: e.class_name, starts: e.class_starts_at, n: 0 };
    c.n += 1;
    classes.set(e.class_id, c);
  }
  const list = [...classes].sort((a, b) => a[1].starts.localeCompare(b[1].starts));
  return (
    <Card title={t('att.title')} loading={enrolments.isLoading}>
      {enrolments.error ? (
        <ListError error={enrolments.error} onRetry={() => enrolments.refetch()} />
      ) : list.length === 0 ? (
        <Empty description={t('att.noClasses')} />
      ) : (
        <ItemList
          dataSource={list}
          renderItem={([id, c]) => (
            <ListItem data-testid="attendance-class">
              <ListItemMeta
                title={
                  <Link to={`/training/classes/${id}/attendance`} data-testid="attendance-class-link">
                    {c.name}
                  </Link>
                }
                description={`${formatInstant(c.starts)} · ${t('att.trainees', { n: c.n })}`}
              />
            </ListItem>
          )}
        />
      )}
    </Card>
  );
}

type Marked = Record<string, string>;

export function ClassAttendancePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const detail = useClassDetail(id);
  const roster = useEnrolments({ class_id: id, limit: 200 });
  const inbox = useInbox();
  const [picked, setPicked] = useState<string | undefined>();
  const [showQr, setShowQr] = useState(false);
  // What this screen just recorded, per session and enrolment, shown at once; the server's
  // records (read back below) cover what was recorded earlier or on another device.
  const [marked, setMarked] = useState<Record<string, Marked>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const sessions = detail.data?.sessions ?? [];
  const sessionId = picked ?? currentSession(sessions)?.id;
  const recorded = useSessionAttendance(sessionId);
  const recordedStatus = new Map((recorded.data ?? []).map((r) => [r.enrolment_id, r.status]));
  const trainees = (roster.data?.items ?? []).filter((e) => e.status !== 'returned' && e.status !== 'submitted');
  const leave = (inbox.data?.items ?? []).filter((i) => i.kind === 'leave_decision' && i.class_id === id);

  const session = sessions.find((s) => s.id === sessionId);

  /** Attendance is recorded once and never changed: the head teacher confirms each mark. */
  const confirmMark = (e: EnrolmentRow, presence: 'present' | 'absent') =>
    modal.confirm({
      title: t('att.confirmTitle'),
      content: (
        <div data-testid="attendance-confirm">
          <p style={{ margin: 0 }}>{t(presence === 'present' ? 'att.confirmPresent' : 'att.confirmAbsent', { name: e.person_name })}</p>
          <p style={{ margin: 0 }}>{t('att.confirmSession', { at: session ? formatSpan(session.starts_at, session.ends_at) : '' })}</p>
        </div>
      ),
      okText: t('att.confirmOk'),
      okButtonProps: { danger: presence === 'absent', 'data-testid': 'attendance-confirm-ok' } as ButtonProps,
      cancelText: t('app.cancel'),
      onOk: () => mark(e, presence),
    });

  const mark = async (e: EnrolmentRow, presence: 'present' | 'absent') => {
    if (!sessionId) return;
    setBusy(e.id);
    try {
      const r = await unwrap(api.POST('/api/v1/sessions/{id}/attendance', { params: { path: { id: sessionId } }, body: { enrolment_id: e.id, presence } }));
      setMarked((m) => ({ ...m, [sessionId]: { ...m[sessionId], [e.id]: r.status } }));
      void qc.invalidateQueries({ queryKey: trainingKeys.attendance(sessionId) });
    } catch (err) {
      const p = toProblem(err);
      if (p.status === 409) setMarked((m) => ({ ...m, [sessionId]: { ...m[sessionId], [e.id]: 'recorded' } }));
      showProblem(err, message);
    } finally {
      setBusy(null);
    }
  };

  const decide = async (item: InboxItem, approve: boolean) => {
    setBusy(item.object_id);
    try {
      await unwrap(api.POST('/api/v1/leave-requests/{id}/decision', { params: { path: { id: item.object_id } }, body: { approve } }));
      message.success(t('training.done'));
      void qc.invalidateQueries({ queryKey: trainingKeys.inbox });
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(null);
    }
  };

  const tag = (status: string) => {
    const colour = status === 'present' ? 'green' : status === 'excused' ? 'blue' : status === 'absent' ? 'red' : 'default';
    return (
      <Tag color={colour} data-testid="attendance-result">
        {t(`att.result.${status}`)}
      </Tag>
    );
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" loading={detail.isLoading} title={detail.data?.class.name ?? t('att.title')} extra={<Link to={`/training/classes/${id}`}>{t('att.classPage')}</Link>}>
        {detail.error ? (
          <Alert type="error" showIcon title={<ProblemText error={detail.error} />} />
        ) : sessions.length === 0 ? (
          <Empty description={t('training.noSessions')} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('att.session')}</Typography.Text>
            <Select
              data-testid="attendance-session"
              style={{ width: '100%' }}
              value={sessionId}
              onChange={(v: string) => {
                setPicked(v);
                setShowQr(false);
              }}
              options={sessions.map((s) => ({ value: s.id, label: `${formatSpan(s.starts_at, s.ends_at)}` }))}
            />
            <Button block type={showQr ? 'default' : 'primary'} data-testid="show-qr" onClick={() => setShowQr((v) => !v)}>
              {showQr ? t('att.hideQr') : t('att.showQr')}
            </Button>
            {showQr && sessionId && <SignInQr key={sessionId} sessionId={sessionId} />}
          </Space>
        )}
      </Card>

      {sessionId && (
        <Card size="small" title={t('att.roster', { n: trainees.length })} loading={roster.isLoading}>
          {roster.error && <Alert type="error" showIcon title={<ProblemText error={roster.error} />} />}
          <ItemList
            dataSource={trainees}
            emptyText={<Nothing text={t('att.noTrainees')} />}
            renderItem={(e) => {
              const result = marked[sessionId]?.[e.id] ?? recordedStatus.get(e.id);
              const paid = e.status === 'paid';
              return (
                <ListItem data-testid="attendance-row">
                  <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                    <Space wrap size={4}>
                      <Typography.Text strong>{e.person_name}</Typography.Text>
                      <StatusTag status={e.status} />
                      {result && tag(result)}
                    </Space>
                    {e.enterprise_name && <Typography.Text type="secondary">{e.enterprise_name}</Typography.Text>}
                    {!paid && (
                      <Typography.Text type="warning" data-testid="unpaid-reason">
                        {t('att.unpaid')}
                      </Typography.Text>
                    )}
                    {!result && (
                      <Space style={{ width: '100%' }}>
                        <Button type="primary" disabled={!paid} loading={busy === e.id} data-testid="mark-present" onClick={() => confirmMark(e, 'present')}>
                          {t('att.present')}
                        </Button>
                        <Button danger loading={busy === e.id} data-testid="mark-absent" onClick={() => confirmMark(e, 'absent')}>
                          {t('att.absent')}
                        </Button>
                      </Space>
                    )}
                  </Space>
                </ListItem>
              );
            }}
          />
          <Typography.Text type="secondary">{t('att.onceOnly')}</Typography.Text>
        </Card>
      )}

      <Card size="small" title={t('att.leave', { n: leave.length })}>
        <ItemList
          dataSource={leave}
          emptyText={<Nothing text={t('att.noLeave')} />}
          renderItem={(item) => (
            <ListItem data-testid="leave-item">
              <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                <Typography.Text strong>{item.person_name}</Typography.Text>
                {item.session_starts_at && <Typography.Text>{t('att.leaveFor', { at: formatInstant(item.session_starts_at) })}</Typography.Text>}
                {item.reason && <Typography.Text type="secondary">{item.reason}</Typography.Text>}
                <Space>
                  <Button type="primary" loading={busy === item.object_id} onClick={() => void decide(item, true)}>
                    {t('training.approve')}
                  </Button>
                  <Button loading={busy === item.object_id} onClick={() => void decide(item, false)}>
                    {t('training.refuse')}
                  </Button>
                </Space>
              </Space>
            </ListItem>
          )}
        />
      </Card>
    </Space>
  );
}
