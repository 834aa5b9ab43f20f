// "My classes" for the trainee, laid out for a phone: each enrolment with its status, the class
// notice (time and place) once the fee is paid, the sessions with attendance and leave — sign
// in with the code shown in class (TR-19), ask for leave at least a day ahead (TR-16) —, the
// online study units (TR-03), and the deferral, refund and ledger of the enrolment; and the way
// to the trainee's own continuing-education hours (CE-03).
//
// What the page shows first is plain React with its own small stylesheet (`mine.css`), no Ant
// Design, so that a phone opening it directly paints it from the trainee's light frame
// (`app/TraineeFrame`) without fetching Ant Design at all (decision 270). The dialogs, the
// ledger, the study units and a load error are Ant Design, each a chunk fetched when first
// shown, inside `AntdScope` (which brings the theme and `App` where the page stands outside the
// full app).
import { lazy, useState, type ButtonHTMLAttributes } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../lib/me';
import { formatInstant, formatSpan } from '../../../lib/format';
import { trainingKeys, useMyClasses, type EnrolmentStatus, type MyClass, type MySession } from '../api/training';
import { requestOpen } from '../lib/rules';
import { OnceOpened } from '../../../components/OnceOpened';
import { AntdScope } from '../../../components/AntdScope';
import type { SessionTarget } from '../components/MyClassDialogs';
import './mine.css';

const SignInDialog = lazy(() => import('../components/MyClassDialogs').then((m) => ({ default: m.SignInDialog })));
const LeaveDialog = lazy(() => import('../components/MyClassDialogs').then((m) => ({ default: m.LeaveDialog })));
const StudyUnits = lazy(() => import('../components/Study').then((m) => ({ default: m.StudyUnits })));
const RefundRequestModal = lazy(() => import('../components/Requests').then((m) => ({ default: m.RefundRequestModal })));
const DeferralModal = lazy(() => import('../components/Requests').then((m) => ({ default: m.DeferralModal })));
const LedgerDrawer = lazy(() => import('../components/LedgerDrawer').then((m) => ({ default: m.LedgerDrawer })));
const ListError = lazy(() => import('../../../components/ListError').then((m) => ({ default: m.ListError })));

interface Target {
  enrolmentId: string;
  label: string;
  classStartsAt: string;
}

/** The enrolment's colour, as `StatusTag` gives it. */
const STATUS_COLOUR: Record<EnrolmentStatus, string> = { submitted: 'blue', returned: 'orange', approved: 'cyan', confirmed: 'geekblue', waitlisted: 'gold', paid: 'green' };
const ATTENDANCE_COLOUR: Record<string, string> = { present: 'green', excused: 'blue' };

function Tag({ colour, children, testId }: { colour?: string; children: string; testId?: string }) {
  return (
    <span className={colour ? `mine-tag mine-tag-${colour}` : 'mine-tag'} data-testid={testId}>
      {children}
    </span>
  );
}

function Btn({ primary, small, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { primary?: boolean; small?: boolean; 'data-testid'?: string }) {
  return <button type="button" className={`mine-btn${primary ? ' mine-btn-primary' : ''}${small ? ' mine-btn-small' : ''}`} {...props} />;
}

/** The study units, fetched (with Ant Design) when the panel is first opened. */
function Study({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="mine-study" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="my-study">
      <summary>{t('study.title')}</summary>
      <div>
        <OnceOpened open={open}>
          <AntdScope>
            <StudyUnits courseId={courseId} />
          </AntdScope>
        </OnceOpened>
      </div>
    </details>
  );
}

export function MyClassesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useMyClasses();
  const me = useMe();
  const list = mine.data ?? [];
  const [signingIn, setSigningIn] = useState<SessionTarget | null>(null);
  const [leaving, setLeaving] = useState<SessionTarget | null>(null);
  const [refundFor, setRefundFor] = useState<Target | null>(null);
  const [deferFor, setDeferFor] = useState<Target | null>(null);
  const [ledgerOf, setLedgerOf] = useState<string | undefined>();

  const refresh = () => void qc.invalidateQueries({ queryKey: trainingKeys.mine });

  const notice = (m: MyClass) => {
    const n = m.notice;
    if (!n) return <span className="mine-muted">{t('training.noticeAfterPayment')}</span>;
    return (
      <div className="mine-note mine-note-success" role="note" data-testid="class-notice">
        <div className="mine-note-title">{t('training.noticeTitle')}</div>
        <div>
          <strong>{n.class_name}</strong>
        </div>
        <div data-testid="notice-time">{t('training.noticeTime', { from: formatInstant(n.starts_at), to: formatInstant(n.ends_at) })}</div>
        {n.venue && <div data-testid="notice-venue">{t('training.noticeVenue', { venue: n.venue })}</div>}
        {n.online_link && (
          <div>
            <a href={n.online_link} target="_blank" rel="noreferrer">
              {t('training.noticeOnline')}
            </a>
          </div>
        )}
      </div>
    );
  };

  const session = (m: MyClass, s: MySession) => {
    const paid = m.status === 'paid';
    const leaveOpen = requestOpen(s.starts_at);
    return (
      <div className="mine-session" data-testid="my-session" key={s.id}>
        <div className="mine-row">
          <span>{formatSpan(s.starts_at, s.ends_at)}</span>
          <span className="mine-actions" style={{ gap: 4 }}>
            {s.attendance && <Tag colour={ATTENDANCE_COLOUR[s.attendance] ?? 'red'}>{t(`training.attendance.${s.attendance}`)}</Tag>}
            {s.leave && <Tag>{t(`training.leave.${s.leave}`)}</Tag>}
          </span>
        </div>
        {!s.attendance && (
          <div className="mine-actions">
            <Btn primary small disabled={!paid} data-testid="sign-in" onClick={() => setSigningIn({ klass: m, session: s })}>
              {t('mine.signIn')}
            </Btn>
            {!s.leave && (
              <Btn small disabled={!leaveOpen} data-testid="ask-leave" onClick={() => setLeaving({ klass: m, session: s })}>
                {t('mine.askLeave')}
              </Btn>
            )}
          </div>
        )}
        {!s.attendance && !paid && <span className="mine-muted">{t('mine.unpaid')}</span>}
        {!s.attendance && !s.leave && !leaveOpen && <span className="mine-muted">{t('mine.leaveClosed')}</span>}
      </div>
    );
  };

  return (
    <div className="mine" data-testid="my-classes">
      <div className="mine-head">
        <h1 className="mine-title">{t('nav.myClasses')}</h1>
        {me.data?.person_id && (
          <Link to={`/persons/${me.data.person_id}/ce-hours`} data-testid="my-ce-hours">
            {t('ce.mine')}
          </Link>
        )}
      </div>
      {mine.error && (
        <AntdScope>
          <ListError error={mine.error} onRetry={() => mine.refetch()} />
        </AntdScope>
      )}
      {mine.isLoading && <div className="mine-card mine-empty">{t('app.loading')}</div>}
      {list.length === 0 && !mine.isLoading && !mine.error && <div className="mine-card mine-empty">{t('training.noClasses')}</div>}
      {list.map((m) => {
        const target: Target = { enrolmentId: m.enrolment_id, label: m.class.name, classStartsAt: m.class.starts_at };
        return (
          <section key={m.enrolment_id} className="mine-card" data-testid="my-class" aria-label={m.class.name}>
            <div className="mine-card-head">
              <span>{m.class.name}</span>
              <Tag colour={STATUS_COLOUR[m.status]} testId="enrolment-status">
                {t(`training.enrolmentStatus.${m.status}`)}
              </Tag>
            </div>
            <div className="mine-card-body">
              <span className="mine-muted">
                {m.course_name} · {t(`training.deliveries.${m.delivery}`)}
              </span>
              <span>{formatSpan(m.class.starts_at, m.class.ends_at)}</span>
              {m.class.status === 'cancelled' && (
                <div className="mine-note mine-note-warning" role="alert">
                  {t('mine.cancelled')}
                </div>
              )}
              {notice(m)}
              <div className="mine-sessions">
                <div className="mine-sessions-head">{t('training.sessions')}</div>
                {m.sessions.length === 0 ? <div className="mine-empty">{t('training.noSessions')}</div> : m.sessions.map((s) => session(m, s))}
              </div>
              <Study courseId={m.class.course_id} />
              <div className="mine-actions">
                {requestOpen(m.class.starts_at) && <Btn onClick={() => setDeferFor(target)}>{t('deferral.request')}</Btn>}
                {m.status === 'paid' && <Btn onClick={() => setRefundFor(target)}>{t('refund.request')}</Btn>}
                <Btn onClick={() => setLedgerOf(m.enrolment_id)} data-testid="my-ledger">
                  {t('mine.ledger')}
                </Btn>
              </div>
            </div>
          </section>
        );
      })}

      <OnceOpened open={signingIn !== null}>
        <AntdScope>
          <SignInDialog target={signingIn} onClose={() => setSigningIn(null)} onDone={refresh} />
        </AntdScope>
      </OnceOpened>
      <OnceOpened open={leaving !== null}>
        <AntdScope>
          <LeaveDialog target={leaving} onClose={() => setLeaving(null)} onDone={refresh} />
        </AntdScope>
      </OnceOpened>
      <OnceOpened open={refundFor !== null}>
        <AntdScope>
          <RefundRequestModal target={refundFor} onClose={() => setRefundFor(null)} />
        </AntdScope>
      </OnceOpened>
      <OnceOpened open={deferFor !== null}>
        <AntdScope>
          <DeferralModal target={deferFor} onClose={() => setDeferFor(null)} />
        </AntdScope>
      </OnceOpened>
      <OnceOpened open={ledgerOf !== undefined}>
        <AntdScope>
          <LedgerDrawer enrolmentId={ledgerOf} onClose={() => setLedgerOf(undefined)} />
        </AntdScope>
      </OnceOpened>
    </div>
  );
}
