// One sitting as the exam side runs it (issue 16 §3, §6–§9):
//  - the roster: the whole class registered at once, and each trainee left out with every
//    reason and the rule behind it (EX-11: TR-09 unpaid, TR-17 absences, CR-04/EX-04/EX-05
//    bans); the candidates with their attempt number, a retake's fee (EX-02), sign-in, and the
//    evaluator each is marked by (first, and a second and third where the paper double-marks);
//  - the staff: setters, proctors and evaluators found by name (the person picker), each
//    refusal kept on screen with its rule (EX-06 a teacher of the class, EX-07 a colleague or
//    relation of a candidate, EX-08 an evaluator without a valid certificate or letter);
//  - the results: published once everything is marked, each with its outcome, the XLSX score
//    sheet, and the retake list (who failed, and whether their next sitting needs a fee);
//  - the record: seats and sign-in, incidents with their consequences, recordings (EX-10).
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatInstant, formatSpan } from '../../../lib/format';
import { MessageText, RuleRef } from '../../../lib/messages';
import { toProblem } from '../../../lib/api/problem';
import { ListError } from '../../../components/ListError';
import { ProblemAlert, ProblemText } from '../../../components/ProblemText';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { Nothing } from '../../../components/Nothing';
import { PersonPicker } from '../../training/components/PersonPicker';
import { classQuery } from '../../training/api/training';
import { DUTIES, examKeys, useCandidates, useResults, useSitting, useStaff, type Candidate, type Duty, type Paper, type RosterReport, type Sitting, type Slot, type StaffMember } from '../api/exams';
import { retakes } from '../lib/rules';
import { IncidentsCard, RecordingsCard, SeatsCard } from '../components/SittingRecord';
import { OutcomeTag, ResultsTable, ScoreSheetButton } from '../components/Results';
import { ItemList, ListItem } from '../../../components/ItemList';

export function SittingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const sitting = useSitting(id);
  const s = sitting.data;
  const klass = useQuery({ ...classQuery(s?.class_id ?? ''), enabled: !!s });
  // The paper says whether short answers are double-marked and whether retakes cost a fee; the
  // exam side reads its banks' papers (EX-09). Without it the page assumes neither.
  const paper = useQuery({
    queryKey: examKeys.paper(s?.paper_id ?? ''),
    enabled: !!s,
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/exam-papers/{id}', { params: { path: { id: s?.paper_id ?? '' } } })),
  });
  if (sitting.error) return <ProblemAlert error={sitting.error} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card loading={sitting.isLoading} title={s?.title} extra={s && <Tag color={s.status === 'planned' ? 'blue' : 'green'}>{t(`exam.sittingStatus.${s.status}`)}</Tag>}>
        {s && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
            <Descriptions.Item label={t('exam.sitting.class')}>
              <Link to={`/training/classes/${s.class_id}`}>{klass.data?.class.name ?? t('app.loading')}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('exam.sitting.paper')}>{paper.data?.title ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('exam.sitting.window')}>{formatSpan(s.opens_at, s.closes_at)}</Descriptions.Item>
            <Descriptions.Item label={t('exam.sitting.place')}>{s.place ?? t('exam.sitting.online')}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.duration')}>{t('exam.minutesN', { n: s.duration_minutes })}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.passMark')}>{s.pass_mark}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {s && (
        <Tabs
          destroyOnHidden={false}
          items={[
            { key: 'roster', label: <span data-testid="tab-roster">{t('exam.roster.title')}</span>, children: <RosterTab sitting={s} paper={paper.data} /> },
            { key: 'staff', label: <span data-testid="tab-staff">{t('exam.staff.title')}</span>, children: <StaffTab sitting={s} /> },
            { key: 'results', label: <span data-testid="tab-results">{t('exam.results.title')}</span>, children: <ResultsTab sitting={s} paper={paper.data} /> },
            {
              key: 'record',
              label: <span data-testid="tab-record">{t('exam.record.title')}</span>,
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <SeatsCard sittingId={s.id} canSignIn />
                  <IncidentsCard sittingId={s.id} />
                  <RecordingsCard sittingId={s.id} />
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}

/** Each trainee left out of the roster, with every reason and its rule. */
export function LeftOutList({ report }: { report: RosterReport }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="roster-report">
      <Alert
        type={report.left_out.length === 0 ? 'success' : 'warning'}
        showIcon
        title={t('exam.roster.registered', { n: report.registered.length, out: report.left_out.length })}
      />
      {report.left_out.length > 0 && (
        <ItemList
          size="small"
          bordered
          header={<Typography.Text strong>{t('exam.roster.leftOut')}</Typography.Text>}
          dataSource={report.left_out}
          renderItem={(l) => (
            <ListItem data-testid="left-out" data-name={l.name}>
              <Space orientation="vertical" size={2}>
                <Typography.Text strong>{l.name}</Typography.Text>
                {l.reasons.map((r, i) => (
                  <span key={i} data-testid="left-out-reason" data-rule={r.rule}>
                    <MessageText text={r.detail} en={r.detail_en} rule={r.rule} />
                  </span>
                ))}
              </Space>
            </ListItem>
          )}
        />
      )}
    </Space>
  );
}

function RosterTab({ sitting, paper }: { sitting: Sitting; paper?: Paper }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const candidates = useCandidates(sitting.id);
  const staff = useStaff(sitting.id);
  const [report, setReport] = useState<RosterReport | null>(null);
  const evaluators = (staff.data ?? []).filter((m) => m.duty === 'evaluator');
  const nameOf = (personId?: string | null) => evaluators.find((e) => e.person_id === personId)?.name;
  const planned = sitting.status === 'planned';

  const registerAll = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/exam-sittings/{id}/roster', { params: { path: { id: sitting.id } } })),
    onSuccess: (r) => {
      setReport(r);
      void qc.invalidateQueries({ queryKey: examKeys.candidates(sitting.id) });
      void qc.invalidateQueries({ queryKey: examKeys.sitting(sitting.id) });
    },
    onError: (e) => showProblem(e, message),
  });

  const assign = useMutation({
    mutationFn: (v: { candidate: Candidate; slot: Slot; person_id: string }) =>
      unwrap(api.POST('/api/v1/exam-candidates/{id}/evaluators', { params: { path: { id: v.candidate.id } }, body: { person_id: v.person_id, slot: v.slot } })),
    onSuccess: (c) => {
      message.success(t('exam.roster.evaluatorSet', { name: c.name }));
      void qc.invalidateQueries({ queryKey: examKeys.candidates(sitting.id) });
    },
    onError: (e) => showProblem(e, message),
  });

  const slots: Slot[] = paper?.double_marking ? ['first', 'second', 'third'] : ['first'];
  const slotField: Record<Slot, keyof Candidate> = { first: 'evaluator_id', second: 'second_evaluator_id', third: 'third_evaluator_id' };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('exam.roster.title')}
        extra={
          planned && (
            <Button type="primary" data-testid="roster-register" loading={registerAll.isPending} onClick={() => registerAll.mutate()}>
              {t('exam.roster.registerClass')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('exam.roster.hint')}</Typography.Paragraph>
        {report && <LeftOutList report={report} />}
        {candidates.error ? (
          <ListError error={candidates.error} onRetry={() => candidates.refetch()} />
        ) : (
          <ResponsiveTable<Candidate>
            rowKey="id"
            size="small"
            loading={candidates.isLoading}
            dataSource={candidates.data ?? []}
            pagination={false}
            emptyText={t('exam.roster.empty')}
            titleColumn="name"
            scroll={{ x: 900 }}
            onRow={(c) => ({ 'data-testid': 'candidate', 'data-name': c.name }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('person.name'), dataIndex: 'name', key: 'name' },
              { title: t('person.nationalId'), dataIndex: 'national_id_masked', key: 'id' },
              { title: t('exam.roster.attempt'), dataIndex: 'attempt_no', key: 'attempt', render: (n: number) => (n > 1 ? <Tag color="orange">{t('exam.roster.retakeN', { n: n - 1 })}</Tag> : t('exam.roster.first')) },
              {
                title: t('exam.roster.fee'),
                key: 'fee',
                render: (_, c) =>
                  c.fee_due ? (
                    <span data-testid="retake-fee">
                      <Tag color={c.fee_paid ? 'green' : 'red'}>{c.fee_paid ? t('exam.roster.feePaid') : t('exam.roster.feeDue')}</Tag>
                      <RuleRef rule="EX-02" />
                    </span>
                  ) : (
                    '—'
                  ),
              },
              { title: t('exam.seats.signIn'), dataIndex: 'signed_in_at', key: 'sign', render: (v?: string | null) => (v ? formatInstant(v) : '—') },
              ...slots.map((slot) => ({
                title: t(`exam.slot.${slot}`),
                key: slot,
                render: (_: unknown, c: Candidate) =>
                  planned ? (
                    <Select
                      size="small"
                      style={{ minWidth: 140 }}
                      placeholder={evaluators.length === 0 ? t('exam.roster.noEvaluators') : t('exam.roster.pickEvaluator')}
                      disabled={evaluators.length === 0}
                      value={(c[slotField[slot]] as string | null | undefined) ?? undefined}
                      data-testid={`evaluator-${slot}`}
                      options={evaluators.map((e) => ({ value: e.person_id, label: e.name }))}
                      onChange={(person_id: string) => assign.mutate({ candidate: c, slot, person_id })}
                    />
                  ) : (
                    (nameOf(c[slotField[slot]] as string | null) ?? '—')
                  ),
              })),
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

interface Refusal {
  name: string;
  duty: Duty;
  error: unknown;
}

function StaffTab({ sitting }: { sitting: Sitting }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const staff = useStaff(sitting.id);
  const [personId, setPersonId] = useState<string | undefined>();
  const [personName, setPersonName] = useState('');
  const [duty, setDuty] = useState<Duty>('proctor');
  const [refusals, setRefusals] = useState<Refusal[]>([]);

  const assign = useMutation({
    mutationFn: (v: { person_id: string; duty: Duty }) => unwrap(api.POST('/api/v1/exam-sittings/{id}/staff', { params: { path: { id: sitting.id } }, body: v })),
    onSuccess: (m) => {
      message.success(t('exam.staff.assigned', { name: m.name, duty: t(`exam.duty.${m.duty}`) }));
      setPersonId(undefined);
      void qc.invalidateQueries({ queryKey: examKeys.staff(sitting.id) });
    },
    onError: (e, v) => {
      const p = toProblem(e);
      // A rule's refusal stays on screen with the person and the duty it was for.
      if (p.rule()) setRefusals((r) => [{ name: personName, duty: v.duty, error: p }, ...r].slice(0, 5));
      else showProblem(p, message);
    },
  });

  const remove = useMutation({
    mutationFn: (m: StaffMember) => unwrap(api.DELETE('/api/v1/exam-staff/{id}', { params: { path: { id: m.id } } })),
    onSuccess: (_, m) => {
      message.success(t('exam.staff.removed', { name: m.name, duty: t(`exam.duty.${m.duty}`) }));
      void qc.invalidateQueries({ queryKey: examKeys.staff(sitting.id) });
    },
    onError: (e) => showProblem(e, message),
  });
  const planned = sitting.status === 'planned';

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('exam.staff.assign')}>
        <Typography.Paragraph type="secondary">{t('exam.staff.hint')}</Typography.Paragraph>
        <Space wrap style={{ width: '100%' }} align="start">
          <div style={{ minWidth: 'min(320px, 80vw)' }}>
            <PersonPicker
              value={personId}
              onChange={setPersonId}
              onPerson={(p) => setPersonName(p?.name ?? '')}
              testId="staff-person"
            />
          </div>
          <Select<Duty> value={duty} onChange={setDuty} style={{ width: 140 }} data-testid="staff-duty" options={DUTIES.map((d) => ({ value: d, label: t(`exam.duty.${d}`) }))} />
          <Button
            type="primary"
            disabled={!personId}
            loading={assign.isPending}
            data-testid="staff-assign"
            onClick={() => personId && assign.mutate({ person_id: personId, duty })}
          >
            {t('exam.staff.assignAction')}
          </Button>
        </Space>
        {refusals.map((r, i) => (
          <Alert
            key={i}
            type="error"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="staff-refusal"
            title={t('exam.staff.refused', { name: r.name || t('exam.staff.thisPerson'), duty: t(`exam.duty.${r.duty}`) })}
            description={<ProblemText error={r.error} />}
          />
        ))}
      </Card>
      <Card size="small" title={t('exam.staff.title')}>
        {staff.error ? (
          <ListError error={staff.error} onRetry={() => staff.refetch()} />
        ) : (
          <ResponsiveTable<StaffMember>
            rowKey="id"
            size="small"
            loading={staff.isLoading}
            dataSource={staff.data ?? []}
            pagination={false}
            emptyText={t('exam.staff.none')}
            onRow={(m) => ({ 'data-testid': 'staff-member', 'data-name': m.name, 'data-duty': m.duty }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('person.name'), dataIndex: 'name', key: 'name' },
              { title: t('exam.staff.duty'), dataIndex: 'duty', key: 'duty', render: (d: Duty) => <Tag>{t(`exam.duty.${d}`)}</Tag> },
              { title: t('exam.staff.assignedAt'), dataIndex: 'assigned_at', key: 'at', render: (v: string) => formatInstant(v) },
              ...(planned
                ? [
                    {
                      title: t('app.actions'),
                      key: 'remove',
                      render: (_: unknown, m: StaffMember) => (
                        <Popconfirm title={t('exam.staff.confirmRemove', { name: m.name, duty: t(`exam.duty.${m.duty}`) })} okText={t('app.yes')} cancelText={t('app.no')} onConfirm={() => remove.mutate(m)}>
                          <Button size="small" data-testid="staff-remove">
                            {t('exam.staff.remove')}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

function ResultsTab({ sitting, paper }: { sitting: Sitting; paper?: Paper }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const published = sitting.status === 'results_published';
  const results = useResults(sitting.id, published);
  const publish = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/exam-sittings/{id}/results', { params: { path: { id: sitting.id } } })),
    onSuccess: (r) => {
      message.success(t('exam.results.published', { n: r.length }));
      void qc.invalidateQueries({ queryKey: examKeys.all });
      void qc.invalidateQueries({ queryKey: ['training'] });
    },
    onError: (e) => showProblem(e, message),
  });
  const retakeList = retakes(results.data ?? [], paper?.skill_level ?? false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('exam.results.title')}
        extra={
          <Space wrap>
            {!published && (
              <Popconfirm title={t('exam.results.confirmPublish')} okText={t('app.yes')} cancelText={t('app.no')} onConfirm={() => publish.mutate()}>
                <Button type="primary" loading={publish.isPending} data-testid="results-publish">
                  {t('exam.results.publish')}
                </Button>
              </Popconfirm>
            )}
            {published && <ScoreSheetButton sittingId={sitting.id} />}
          </Space>
        }
      >
        {!published ? (
          <Typography.Paragraph type="secondary">{t('exam.results.notYet')}</Typography.Paragraph>
        ) : results.error ? (
          <ListError error={results.error} onRetry={() => results.refetch()} />
        ) : (
          <ResultsTable results={results.data ?? []} loading={results.isLoading} />
        )}
      </Card>
      {published && (
        <Card size="small" title={<span>{t('exam.results.retakes')}</span>} extra={<MessageText text={t('exam.results.retakesHint')} rule="EX-02" />}>
          <ItemList
            size="small"
            dataSource={retakeList}
            emptyText={<Nothing text={t('exam.results.noRetakes')} />}
            renderItem={(r) => (
              <ListItem data-testid="retake" data-name={r.result.name}>
                <Space wrap>
                  <Typography.Text strong>{r.result.name}</Typography.Text>
                  <OutcomeTag outcome={r.result.outcome} />
                  <Typography.Text>{t('exam.results.nextAttempt', { n: r.nextAttempt - 1 })}</Typography.Text>
                  <Tag color={r.feeDue ? 'red' : 'green'} data-testid="retake-fee-due" data-due={r.feeDue}>
                    {r.feeDue ? t('exam.results.feeNeeded') : t('exam.results.free')}
                  </Tag>
                </Space>
              </ListItem>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
