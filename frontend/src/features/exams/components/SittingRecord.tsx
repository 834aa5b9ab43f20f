// The sitting's record as the proctor keeps it and the exam side reads it (EX-03..EX-05, EX-10):
// the seats with sign-in, the incident log — an incident recorded with its kind, time, evidence
// and witness, answered with the consequence the rule gives (a warning, disqualification with
// zero, a one-year programme ban, a three-year association ban) and the rule after it —, and the
// recordings by reference (where the file is, its SHA-256, its length) with the first day the
// record may be deleted. Used by the exam side's sitting page and the proctor's console.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatInstant } from '../../../lib/format';
import { MessageText } from '../../../lib/messages';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { ListError } from '../../../components/ListError';
import { Nothing } from '../../../components/Nothing';
import { shanghaiIso } from '../../training/lib/rules';
import { INCIDENT_KINDS, examKeys, useCandidates, useIncidents, useRecord, type Candidate, type Consequence, type Incident, type IncidentKind } from '../api/exams';
import { consequenceRule } from '../lib/rules';
import { ItemList, ListItem } from '../../../components/ItemList';

const CONSEQUENCE_COLOR: Record<Consequence, string> = { warning: 'gold', disqualified: 'red', programme_ban: 'red', association_ban: 'magenta' };

/** A consequence as a tag, its rule as the small link after it. */
export function ConsequenceTag({ c }: { c: Consequence }) {
  const { t } = useTranslation();
  return (
    <span data-testid="incident-consequence" data-consequence={c}>
      <Tag color={CONSEQUENCE_COLOR[c]}>{t(`exam.consequence.${c}`)}</Tag>
      <MessageText text={t(`exam.consequenceText.${c}`)} rule={consequenceRule(c)} />
    </span>
  );
}

/** The seating plan with sign-in; a proctor (or the exam side) signs a candidate in, once. */
export function SeatsCard({ sittingId, canSignIn }: { sittingId: string; canSignIn: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const candidates = useCandidates(sittingId);
  const signIn = useMutation({
    mutationFn: (c: Candidate) => unwrap(api.POST('/api/v1/exam-candidates/{id}/sign-in', { params: { path: { id: c.id } } })),
    onSuccess: (c) => {
      message.success(t('exam.seats.signedIn', { name: c.name }));
      void qc.invalidateQueries({ queryKey: examKeys.candidates(sittingId) });
      void qc.invalidateQueries({ queryKey: examKeys.record(sittingId) });
    },
    onError: (e) => showProblem(e, message),
  });
  return (
    <Card size="small" title={t('exam.seats.title', { n: candidates.data?.length ?? 0 })}>
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
          onRow={(c) => ({ 'data-testid': 'seat', 'data-name': c.name }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('exam.seats.seat'), dataIndex: 'seat', key: 'seat', width: 60, render: (s?: number | null) => s ?? '—' },
            { title: t('person.name'), dataIndex: 'name', key: 'name' },
            { title: t('person.nationalId'), dataIndex: 'national_id_masked', key: 'id' },
            {
              title: t('exam.seats.signIn'),
              key: 'sign',
              render: (_, c) =>
                c.signed_in_at ? (
                  <Tag color="green" data-testid="signed-in">
                    {t('exam.seats.signedAt', { at: formatInstant(c.signed_in_at) })}
                  </Tag>
                ) : canSignIn ? (
                  <Popconfirm title={t('exam.seats.confirmSignIn', { name: c.name })} okText={t('app.yes')} cancelText={t('app.no')} onConfirm={() => signIn.mutate(c)}>
                    <Button size="small" type="primary" data-testid="sign-in">
                      {t('exam.seats.signInAction')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Tag>{t('exam.seats.notSignedIn')}</Tag>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}

interface IncidentValues {
  candidate_id: string;
  kind: IncidentKind;
  occurred_at: Dayjs;
  evidence: string;
  witness?: string;
}

/** The incident log, and the proctor's record of a new incident with the consequence it brings. */
export function IncidentsCard({ sittingId }: { sittingId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const incidents = useIncidents(sittingId);
  const candidates = useCandidates(sittingId);
  const [open, setOpen] = useState(false);
  const [last, setLast] = useState<Incident | null>(null);
  const [form] = Form.useForm<IncidentValues>();
  const kind = Form.useWatch('kind', form);
  const nameOf = (id: string) => candidates.data?.find((c) => c.id === id)?.name ?? '';
  const record = useMutation({
    mutationFn: (v: IncidentValues) =>
      unwrap(
        api.POST('/api/v1/exam-sittings/{id}/incidents', {
          params: { path: { id: sittingId } },
          body: { candidate_id: v.candidate_id, kind: v.kind, occurred_at: shanghaiIso(v.occurred_at), evidence: v.evidence.trim(), witness: v.witness?.trim() || null },
        }),
      ),
    onSuccess: (i) => {
      setOpen(false);
      setLast(i);
      void qc.invalidateQueries({ queryKey: examKeys.incidents(sittingId) });
      void qc.invalidateQueries({ queryKey: examKeys.record(sittingId) });
    },
    onError: (e) => showProblem(e, message, form),
  });
  return (
    <Card
      size="small"
      title={t('exam.incident.title')}
      extra={
        <Button
          danger
          data-testid="incident-new"
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ occurred_at: dayjs(), kind: 'cheating' });
            setOpen(true);
          }}
        >
          {t('exam.incident.new')}
        </Button>
      }
    >
      {last && (
        <Alert
          type={last.consequence === 'warning' ? 'warning' : 'error'}
          showIcon
          closable={{ onClose: () => setLast(null) }}
          style={{ marginBottom: 8 }}
          data-testid="incident-outcome"
          title={t('exam.incident.recorded', { name: nameOf(last.candidate_id) })}
          description={<ConsequenceTag c={last.consequence} />}
        />
      )}
      {incidents.error ? (
        <ListError error={incidents.error} onRetry={() => incidents.refetch()} />
      ) : (
        <ItemList
          size="small"
          loading={incidents.isLoading}
          dataSource={incidents.data ?? []}
          emptyText={<Nothing text={t('exam.incident.none')} />}
          renderItem={(i) => (
            <ListItem data-testid="incident">
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Typography.Text strong>{nameOf(i.candidate_id)}</Typography.Text>
                  <Tag>{t(`exam.incidentKind.${i.kind}`)}</Tag>
                  <Typography.Text type="secondary">{formatInstant(i.occurred_at)}</Typography.Text>
                </Space>
                <Typography.Text>{t('exam.incident.evidenceIs', { evidence: i.evidence })}</Typography.Text>
                {i.witness && <Typography.Text type="secondary">{t('exam.incident.witnessIs', { witness: i.witness })}</Typography.Text>}
                <ConsequenceTag c={i.consequence} />
              </Space>
            </ListItem>
          )}
        />
      )}
      <Modal
        open={open}
        title={t('exam.incident.new')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('exam.incident.record')}
        cancelText={t('app.cancel')}
        okButtonProps={{ danger: true, loading: record.isPending, ...({ 'data-testid': 'incident-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => record.mutate(v)}>
          <Form.Item name="candidate_id" label={t('exam.incident.candidate')} rules={[{ required: true, message: t('exam.incident.candidateRequired') }]}>
            <Select data-testid="incident-candidate" showSearch={{ optionFilterProp: 'label' }} options={(candidates.data ?? []).map((c) => ({ value: c.id, label: `${c.seat ? `${c.seat} · ` : ''}${c.name} · ${c.national_id_masked}` }))} />
          </Form.Item>
          <Form.Item name="kind" label={t('exam.incident.kind')} rules={[{ required: true }]} extra={kind ? <span data-testid="incident-kind-hint">{t(`exam.incidentHint.${kind}`)}</span> : undefined}>
            <Select data-testid="incident-kind" options={INCIDENT_KINDS.map((k) => ({ value: k, label: t(`exam.incidentKind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="occurred_at" label={t('exam.incident.at')} rules={[{ required: true }]} extra={t('exam.beijingTime')}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="evidence" label={t('exam.incident.evidence')} rules={[{ required: true, whitespace: true, message: t('exam.incident.evidenceRequired') }]}>
            <Input.TextArea rows={3} maxLength={1000} placeholder={t('exam.incident.evidencePlaceholder')} data-testid="incident-evidence" />
          </Form.Item>
          <Form.Item name="witness" label={t('exam.incident.witness')}>
            <Input maxLength={100} data-testid="incident-witness" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

interface RecordingValues {
  uri: string;
  sha256: string;
  duration_minutes: number;
}

/** The recordings kept with the sitting (EX-10), and a new one by reference. */
export function RecordingsCard({ sittingId }: { sittingId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const record = useRecord(sittingId);
  const [form] = Form.useForm<RecordingValues>();
  const add = useMutation({
    mutationFn: (v: RecordingValues) =>
      unwrap(api.POST('/api/v1/exam-sittings/{id}/recordings', { params: { path: { id: sittingId } }, body: { uri: v.uri.trim(), sha256: v.sha256.trim().toLowerCase(), duration_seconds: Math.round(v.duration_minutes * 60) } })),
    onSuccess: () => {
      form.resetFields();
      message.success(t('exam.recording.added'));
      void qc.invalidateQueries({ queryKey: examKeys.record(sittingId) });
    },
    onError: (e) => showProblem(e, message, form),
  });
  return (
    <Card size="small" title={t('exam.recording.title')} extra={record.data && <Typography.Text type="secondary" data-testid="keep-until">{t('exam.recording.keepUntil', { day: record.data.keep_until })}</Typography.Text>}>
      {record.error ? (
        <ListError error={record.error} onRetry={() => record.refetch()} />
      ) : (
        <ItemList
          size="small"
          loading={record.isLoading}
          dataSource={record.data?.recordings ?? []}
          emptyText={<Nothing text={t('exam.recording.none')} />}
          renderItem={(r) => (
            <ListItem data-testid="recording">
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Typography.Text style={{ overflowWrap: 'anywhere' }}>{r.uri}</Typography.Text>
                <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
                  {t('exam.recording.line', { minutes: Math.round(r.duration_seconds / 60), sha: r.sha256, at: formatInstant(r.recorded_at) })}
                </Typography.Text>
              </Space>
            </ListItem>
          )}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} style={{ marginTop: 8 }}>
        <Form.Item name="uri" label={t('exam.recording.uri')} rules={[{ required: true, whitespace: true, message: t('exam.recording.uriRequired') }]}>
          <Input maxLength={500} placeholder="nas://exam/2026/12/room1.mp4" data-testid="recording-uri" />
        </Form.Item>
        <Form.Item name="sha256" label={t('exam.recording.sha')} rules={[{ required: true, pattern: /^[0-9a-fA-F]{64}$/, message: t('exam.recording.shaInvalid') }]}>
          <Input maxLength={64} data-testid="recording-sha" />
        </Form.Item>
        <Space wrap align="end">
          <Form.Item name="duration_minutes" label={t('exam.recording.minutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1440} precision={0} data-testid="recording-minutes" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={add.isPending} data-testid="recording-add">
              {t('exam.recording.add')}
            </Button>
          </Form.Item>
        </Space>
      </Form>
    </Card>
  );
}
