// The candidate's exam screen, on a phone or a desk (issue 16 §4). Opening it starts the attempt
// (or resumes it: the server answers the same attempt again), and from then on:
//  - the time left is the server's: counted down from `deadline - server_now`, set again by
//    every save's answer (lib/clock), so a device clock that is off does not matter; at zero the
//    page asks the server, which has handed the paper in;
//  - every answer is kept in the browser at once and saved question by question with a growing
//    counter (lib/autosave); the header says "saving", "saved" or "offline — answers kept on
//    this device", each question whether the server has its answer; after a dropped connection
//    the waiting answers are sent again as soon as the network is back;
//  - the paper is handed in after a confirmation that counts the questions left unanswered, and
//    only once every answer has reached the server.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, Radio, Result, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { ProblemAlert, ProblemText } from '../../../components/ProblemText';
import { Loading } from '../../../components/Loading';
import { examKeys, type Asked, type AttemptView, type ExamResponse } from '../api/exams';
import { Autosave, type SaveState, type Snapshot } from '../lib/autosave';
import { countdown, remainingMs, synced, type ServerClock } from '../lib/clock';
import { answered, blanksOf, letter } from '../lib/rules';

/** How long typing waits before its answer is saved. */
export const TYPING_DELAY_MS = 800;

const attemptKey = (sittingId: string) => ['exams', 'attempt', sittingId] as const;

export function AttemptPage() {
  const { sittingId = '' } = useParams();
  const { t } = useTranslation();
  const attempt = useQuery({
    queryKey: attemptKey(sittingId),
    // Start or resume: the same attempt comes back once started.
    queryFn: async () => ({ view: await unwrap(api.POST('/api/v1/exam-sittings/{id}/attempt', { params: { path: { id: sittingId } } })), receivedAt: Date.now() }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  if (attempt.isPending) return <Loading />;
  if (attempt.isError)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ProblemAlert error={attempt.error} />
        <Link to="/my-exams">{t('exam.attempt.back')}</Link>
      </Space>
    );
  const { view, receivedAt } = attempt.data;
  return view.status === 'started' ? <ExamPaper view={view} receivedAt={receivedAt} sittingId={sittingId} /> : <HandedIn view={view} />;
}

/** The paper once handed in: the objective points now, the rest after marking. */
function HandedIn({ view, note }: { view: AttemptView; note?: string }) {
  const { t } = useTranslation();
  const short = view.questions.some((q) => q.kind === 'short_answer');
  return (
    <Result
      status={view.status === 'disqualified' ? 'error' : 'success'}
      data-testid="handed-in"
      data-status={view.status}
      title={t(`exam.attempt.status.${view.status}`)}
      subTitle={
        <Space orientation="vertical" size={2}>
          {note && <span>{note}</span>}
          {view.objective_points !== null && view.objective_points !== undefined && (
            <span data-testid="objective-points">{t('exam.attempt.objectivePoints', { n: view.objective_points, max: view.max_points })}</span>
          )}
          {short && <span>{t('exam.attempt.shortLater')}</span>}
          <span>{t('exam.attempt.resultsLater')}</span>
        </Space>
      }
      extra={
        <Link to="/my-exams">
          <Button>{t('exam.attempt.back')}</Button>
        </Link>
      }
    />
  );
}

const STATE_COLOR: Record<SaveState, string> = { idle: 'default', saving: 'processing', saved: 'success', offline: 'warning', error: 'error' };

function ExamPaper({ view, receivedAt, sittingId }: { view: AttemptView; receivedAt: number; sittingId: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [clock, setClock] = useState<ServerClock>(() => synced(view.server_now, view.deadline, receivedAt));
  const [now, setNow] = useState(() => Date.now());
  const [snap, setSnap] = useState<Snapshot>({ state: 'idle', answers: {}, unsaved: [], errors: {} });
  const [done, setDone] = useState<{ view: AttemptView; note?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const saver = useRef<Autosave | null>(null);

  useEffect(() => {
    const a = new Autosave({
      attemptId: view.id,
      send: (position, body, key) => unwrap(api.PUT('/api/v1/exam-attempts/{id}/answers/{position}', { params: { path: { id: view.id, position } }, body, headers: { 'Idempotency-Key': key } })),
      onServerTime: (serverNow, deadline) => setClock(synced(serverNow, deadline, Date.now())),
      onChange: setSnap,
    });
    saver.current = a;
    a.load(view);
    const online = () => void a.onOnline();
    const offline = () => a.onOffline();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      a.stop();
    };
  }, [view]);

  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, []);

  const left = remainingMs(clock, now);
  const closed = snap.closed;
  // Time is up, or the server said the paper is closed: read the attempt as the server has it.
  useEffect(() => {
    if (done || (left > 0 && !closed)) return;
    let live = true;
    unwrap(api.GET('/api/v1/exam-attempts/{id}', { params: { path: { id: view.id } } })).then(
      (v) => {
        if (!live) return;
        if (v.status !== 'started') {
          saver.current?.finish();
          setDone({ view: v, note: t('exam.attempt.timeUp') });
          void qc.invalidateQueries({ queryKey: examKeys.mine });
        } else setClock(synced(v.server_now, v.deadline, Date.now()));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [left, closed, done, view.id, qc, t]);

  if (done) return <HandedIn view={done.view} note={done.note} />;

  const answer = (q: Asked, r: ExamResponse, typing = false) => void saver.current?.answer(q.position, r, typing ? TYPING_DELAY_MS : 0);
  const total = view.questions.length;
  const given = view.questions.filter((q) => answered(snap.answers[q.position])).length;

  const submit = async () => {
    const a = saver.current;
    if (!a) return;
    await a.flush();
    const s = a.snapshot();
    if (s.unsaved.length > 0) {
      modal.warning({ title: t('exam.attempt.notSavedTitle'), content: t('exam.attempt.notSaved', { n: s.unsaved.length }), okText: t('app.yes') });
      return;
    }
    modal.confirm({
      title: t('exam.attempt.confirmTitle'),
      content: (
        <span data-testid="submit-summary">
          {given < total ? t('exam.attempt.confirmUnanswered', { n: total - given, total }) : t('exam.attempt.confirmAll', { total })}
        </span>
      ),
      okText: t('exam.attempt.submit'),
      cancelText: t('exam.attempt.keepGoing'),
      okButtonProps: { 'data-testid': 'submit-confirm' } as Record<`data-${string}`, string>,
      onOk: async () => {
        setSubmitting(true);
        try {
          const v = await unwrap(api.POST('/api/v1/exam-attempts/{id}/submission', { params: { path: { id: view.id } } }));
          a.finish();
          setDone({ view: v });
          void qc.invalidateQueries({ queryKey: examKeys.mine });
          qc.removeQueries({ queryKey: attemptKey(sittingId) });
        } catch (e) {
          showProblem(e, message);
        } finally {
          setSubmitting(false);
        }
      },
    });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="exam-paper">
      <Card size="small" style={{ position: 'sticky', top: 0, zIndex: 2 }} styles={{ body: { padding: '8px 12px' } }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="time-left" data-ms={left}>
            {t('exam.attempt.timeLeft', { time: countdown(left) })}
          </Typography.Text>
          <Tag color={STATE_COLOR[snap.state]} data-testid="save-state" data-state={snap.state}>
            {t(`exam.save.${snap.state}`)}
          </Tag>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('exam.attempt.progress', { given, total })}
        </Typography.Text>
        {snap.state === 'offline' && (
          <Alert type="warning" showIcon style={{ marginTop: 6 }} data-testid="offline-note" title={t('exam.attempt.offline', { n: snap.unsaved.length })} />
        )}
        {closed && <Alert type="error" showIcon style={{ marginTop: 6 }} title={<ProblemText error={closed} />} />}
      </Card>
      {view.questions.map((q) => (
        <QuestionCard
          key={q.position}
          q={q}
          value={snap.answers[q.position]}
          saved={answered(snap.answers[q.position]) && !snap.unsaved.includes(q.position)}
          waiting={snap.unsaved.includes(q.position)}
          offline={snap.state === 'offline'}
          error={snap.errors[q.position]}
          disabled={!!closed}
          onAnswer={(r, typing) => answer(q, r, typing)}
        />
      ))}
      <Button type="primary" size="large" block loading={submitting} disabled={!!closed} data-testid="exam-submit" onClick={() => void submit()}>
        {t('exam.attempt.submit')}
      </Button>
    </Space>
  );
}

function QuestionCard({
  q,
  value,
  saved,
  waiting,
  offline,
  error,
  disabled,
  onAnswer,
}: {
  q: Asked;
  value: ExamResponse | undefined;
  saved: boolean;
  waiting: boolean;
  offline: boolean;
  error?: unknown;
  disabled: boolean;
  onAnswer: (r: ExamResponse, typing?: boolean) => void;
}) {
  const { t } = useTranslation();
  const blanks = blanksOf(q.stem);
  let input: React.ReactNode;
  switch (q.kind) {
    case 'single_choice':
      input = (
        <Radio.Group disabled={disabled} value={value?.kind === 'single_choice' ? value.choice : undefined} onChange={(e) => onAnswer({ kind: 'single_choice', choice: e.target.value as number })}>
          <Space orientation="vertical">
            {q.options.map((o, i) => (
              <Radio key={i} value={i}>
                <span data-testid="answer-option">{`${letter(i)}. ${o}`}</span>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
      break;
    case 'multiple_choice':
      input = (
        <Checkbox.Group disabled={disabled} value={value?.kind === 'multiple_choice' ? value.choices : []} onChange={(v) => onAnswer({ kind: 'multiple_choice', choices: (v as number[]).slice().sort((a, b) => a - b) })}>
          <Space orientation="vertical">
            {q.options.map((o, i) => (
              <Checkbox key={i} value={i}>
                <span data-testid="answer-option">{`${letter(i)}. ${o}`}</span>
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      );
      break;
    case 'true_false':
      input = (
        <Radio.Group disabled={disabled} value={value?.kind === 'true_false' ? value.value : undefined} onChange={(e) => onAnswer({ kind: 'true_false', value: e.target.value as boolean })} optionType="button" buttonStyle="solid">
          {/* The test ids on the labels: the radio inputs themselves are hidden under them. */}
          <Radio.Button value={true}>
            <span data-testid="answer-true">{t('exam.true')}</span>
          </Radio.Button>
          <Radio.Button value={false}>
            <span data-testid="answer-false">{t('exam.false')}</span>
          </Radio.Button>
        </Radio.Group>
      );
      break;
    case 'fill_blank': {
      const given = value?.kind === 'fill_blank' ? value.blanks : [];
      input = (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {Array.from({ length: blanks }, (_, i) => (
            <Input
              key={i}
              disabled={disabled}
              addonBefore={t('exam.question.blankNo', { n: i + 1 })}
              value={given[i] ?? ''}
              maxLength={500}
              data-testid="answer-blank"
              onChange={(e) => {
                const next = Array.from({ length: blanks }, (_, j) => (j === i ? e.target.value : (given[j] ?? '')));
                onAnswer({ kind: 'fill_blank', blanks: next }, true);
              }}
            />
          ))}
        </Space>
      );
      break;
    }
    case 'short_answer':
      input = (
        <Input.TextArea
          disabled={disabled}
          rows={5}
          maxLength={10000}
          value={value?.kind === 'short_answer' ? value.text : ''}
          data-testid="answer-text"
          onChange={(e) => onAnswer({ kind: 'short_answer', text: e.target.value }, true)}
        />
      );
      break;
  }
  return (
    <Card
      size="small"
      data-testid="question"
      data-position={q.position}
      data-saved={saved}
      title={
        <Space wrap size={4}>
          <span>{t('exam.attempt.questionNo', { n: q.position })}</span>
          <Tag>{t(`exam.kind.${q.kind}`)}</Tag>
          <Typography.Text type="secondary">{t('exam.attempt.points', { n: q.points })}</Typography.Text>
        </Space>
      }
      extra={
        waiting ? (
          <Tag color={offline ? 'warning' : 'processing'} data-testid="question-state" data-state="waiting">
            {offline ? t('exam.save.kept') : t('exam.save.saving')}
          </Tag>
        ) : saved ? (
          <Tag color="success" data-testid="question-state" data-state="saved">
            {t('exam.save.saved')}
          </Tag>
        ) : null
      }
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{q.stem}</Typography.Paragraph>
      {input}
      {error !== undefined && <Alert type="error" showIcon style={{ marginTop: 8 }} title={<ProblemText error={error} />} />}
    </Card>
  );
}
