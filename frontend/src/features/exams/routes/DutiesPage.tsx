// The proctor's and the evaluator's way in (issue 16 §5, §8, §9): the sittings where the caller
// is on the staff (GET /me/exam-duties), each with the duties held there; a sitting opens the
// console — for a proctor the seats with sign-in, the incident log with the consequence of each
// incident, and the recordings; for an evaluator the practical scoring of the candidates
// assigned to them, station by station on its checklist (what they scored before filled in),
// and the way to the marking queue.
import { useState } from 'react';
import { Alert, App, Button, Card, Collapse, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatSpan } from '../../../lib/format';
import { useMe } from '../../../lib/me';
import { ListError } from '../../../components/ListError';
import { Nothing } from '../../../components/Nothing';
import { ProblemAlert } from '../../../components/ProblemText';
import { examKeys, useCandidates, useMyDuties, useStationScores, type Candidate, type MyDuty, type Station, type StationScore } from '../api/exams';
import { IncidentsCard, RecordingsCard, SeatsCard } from '../components/SittingRecord';
import { ItemList, ListItem } from '../../../components/ItemList';

export function DutiesPage() {
  const { t } = useTranslation();
  const duties = useMyDuties();
  return (
    <Card title={t('exam.nav.duties')} styles={{ body: { padding: 8 } }}>
      {duties.error ? (
        <ListError error={duties.error} onRetry={() => duties.refetch()} />
      ) : (
        <ItemList
          loading={duties.isLoading}
          dataSource={duties.data ?? []}
          emptyText={<Nothing text={t('exam.duties.none')} />}
          renderItem={(d) => (
            <ListItem>
              <Card size="small" title={d.sitting.title} data-testid="duty" data-title={d.sitting.title}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Typography.Text>{formatSpan(d.sitting.opens_at, d.sitting.closes_at)}</Typography.Text>
                  <Typography.Text type="secondary">{d.sitting.place ?? t('exam.sitting.online')}</Typography.Text>
                  <Space size={4} wrap>
                    {d.duties.map((x) => (
                      <Tag key={x} color="blue">
                        {t(`exam.duty.${x}`)}
                      </Tag>
                    ))}
                    <Tag>{t('exam.duties.candidates', { n: d.sitting.candidates })}</Tag>
                  </Space>
                  <Link to={`/exams/duties/${d.sitting.id}`}>
                    <Button type="primary" block data-testid="duty-open">
                      {t('exam.duties.open')}
                    </Button>
                  </Link>
                </Space>
              </Card>
            </ListItem>
          )}
        />
      )}
    </Card>
  );
}

export function DutyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const duties = useMyDuties();
  const duty = duties.data?.find((d) => d.sitting.id === id);
  if (duties.error) return <ProblemAlert error={duties.error} />;
  if (duties.isLoading) return <Card loading />;
  if (!duty) return <Alert type="error" showIcon title={t('exam.duties.notYours')} />;
  const proctor = duty.duties.includes('proctor');
  const evaluator = duty.duties.includes('evaluator');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={duty.sitting.title}>
        <Space orientation="vertical" size={2}>
          <Typography.Text>{formatSpan(duty.sitting.opens_at, duty.sitting.closes_at)}</Typography.Text>
          <Typography.Text type="secondary">{duty.sitting.place ?? t('exam.sitting.online')}</Typography.Text>
          <Space size={4} wrap>
            {duty.duties.map((x) => (
              <Tag key={x} color="blue">
                {t(`exam.duty.${x}`)}
              </Tag>
            ))}
          </Space>
        </Space>
      </Card>
      {proctor && (
        <>
          <SeatsCard sittingId={id} canSignIn />
          <IncidentsCard sittingId={id} />
          <RecordingsCard sittingId={id} />
        </>
      )}
      {evaluator && <EvaluatorPanel duty={duty} />}
    </Space>
  );
}

/** The evaluator's part of a sitting: practical scoring of their candidates, and the marking queue. */
function EvaluatorPanel({ duty }: { duty: MyDuty }) {
  const { t } = useTranslation();
  const me = useMe();
  const candidates = useCandidates(duty.sitting.id);
  // Practical stations are scored by each candidate's first evaluator.
  const mine = (candidates.data ?? []).filter((c) => !!me.data?.person_id && c.evaluator_id === me.data.person_id);
  return (
    <Card
      size="small"
      title={t('exam.practical.title')}
      extra={
        <Link to="/exams/marking" data-testid="to-marking">
          {t('exam.marking.open')}
        </Link>
      }
    >
      {duty.stations.length === 0 ? (
        <Typography.Text type="secondary">{t('exam.practical.none')}</Typography.Text>
      ) : candidates.error ? (
        <ListError error={candidates.error} onRetry={() => candidates.refetch()} />
      ) : mine.length === 0 ? (
        <Nothing text={t('exam.practical.noCandidates')} />
      ) : (
        <Collapse
          items={mine.map((c) => ({
            key: c.id,
            label: <span data-testid="practical-candidate">{`${c.seat ? `${c.seat} · ` : ''}${c.name}`}</span>,
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {duty.stations.map((s, i) => (
                  <StationScoring key={i} candidate={c} station={s} n={i + 1} personId={me.data?.person_id ?? ''} />
                ))}
              </Space>
            ),
          }))}
        />
      )}
    </Card>
  );
}

interface StationValues {
  checks: (number | null)[];
  records: { name: string; uri: string }[];
}

/**
 * One station's checklist for one candidate: points per item (none above the item's), and the
 * records kept (TR-19). What the caller scored there before (GET /exam-candidates/{id}/stations,
 * their own row: another evaluator's score is not theirs to change) fills the form in.
 */
function StationScoring({ candidate, station, n, personId }: { candidate: Candidate; station: Station; n: number; personId: string }) {
  const scores = useStationScores(candidate.id);
  if (scores.isLoading) return <Card size="small" type="inner" title={`${n}. ${station.name}`} loading />;
  const earlier = (scores.data ?? []).find((s) => s.station === n && s.evaluator_id === personId) ?? null;
  return (
    <>
      {scores.error && <ListError error={scores.error} onRetry={() => scores.refetch()} />}
      <StationForm candidate={candidate} station={station} n={n} earlier={earlier} />
    </>
  );
}

function StationForm({ candidate, station, n, earlier }: { candidate: Candidate; station: Station; n: number; earlier: StationScore | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<StationValues>();
  const [scored, setScored] = useState<StationScore | null>(earlier);
  const checks = (Form.useWatch('checks', form) ?? []) as (number | null)[];
  const max = station.checklist.reduce((s, c) => s + c.points, 0);
  const sum = checks.reduce<number>((s, v) => s + (v ?? 0), 0);
  const save = useMutation({
    mutationFn: (v: StationValues) =>
      unwrap(
        api.PUT('/api/v1/exam-candidates/{id}/stations/{station}', {
          params: { path: { id: candidate.id, station: n } },
          body: { checks: v.checks.map((x) => x ?? 0), records: (v.records ?? []).map((r) => ({ name: r.name.trim(), uri: r.uri.trim() })) },
        }),
      ),
    onSuccess: (s) => {
      setScored(s);
      void qc.invalidateQueries({ queryKey: examKeys.stationScores(candidate.id) });
      message.success(t('exam.practical.saved', { name: candidate.name, points: s.points, max: s.max_points }));
    },
    onError: (e) => showProblem(e, message, form),
  });
  return (
    <Card size="small" type="inner" title={`${n}. ${station.name}`} extra={<Tag data-testid="station-sum">{t('exam.practical.sum', { n: sum, max })}</Tag>} data-testid="station-scoring">
      <Form form={form} layout="vertical" initialValues={{ checks: station.checklist.map((_, i) => earlier?.checks[i] ?? null), records: earlier?.records.map((r) => ({ name: r.name, uri: r.uri })) ?? [] }} onFinish={(v) => save.mutate(v)}>
        {station.checklist.map((c, i) => (
          <Form.Item key={i} name={['checks', i]} label={t('exam.paper.checkLine', { item: c.item, points: c.points })} rules={[{ required: true, message: t('exam.practical.scoreRequired') }]}>
            <InputNumber min={0} max={c.points} precision={0} data-testid="station-check" />
          </Form.Item>
        ))}
        <Form.List name="records">
          {(fields, { add, remove }) => (
            <Form.Item label={t('exam.practical.records')} extra={t('exam.practical.recordsHint')}>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                    <Input maxLength={100} placeholder={t('exam.practical.recordName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'uri']} rules={[{ required: true, whitespace: true }]}>
                    <Input maxLength={500} placeholder={t('exam.practical.recordUri')} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('exam.practical.removeRecord')} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', uri: '' })}>
                {t('exam.practical.addRecord')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="station-save">
            {t('app.save')}
          </Button>
          {scored && (
            <Tag color="green" data-testid="station-scored">
              {t('exam.practical.scored', { n: scored.points, max: scored.max_points })}
            </Tag>
          )}
        </Space>
      </Form>
    </Card>
  );
}

