// Class management for the association's training department, on the class page: sessions,
// head teacher (picked among the head-teacher role holders), level (TR-20), teachers
// (TR-05/TR-20), cancellation (TR-12), timetable and attendance sheet downloads, results entry
// and release, and the six-item archive with its due day (TR-18). What is already set (level,
// head teacher, teachers, results) is read back from the class, not remembered by the page.
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, DatePicker, Dropdown, Form, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api, rawRequest, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import {
  ARCHIVE_KINDS,
  CLASS_LEVELS,
  GENERATED_KINDS,
  trainingKeys,
  useArchive,
  useEnrolments,
  useHeadTeacherCandidates,
  useTeachers,
  type ArchiveKind,
  type ClassDetail,
  type ClassLevel,
  type ClassResult,
  type EnrolmentRow,
} from '../api/training';
import { download } from '../lib/download';
import { shanghaiIso, uploadType } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';
import { ItemList, ListItem } from '../../../components/ItemList';

export type ClassDialog = 'session' | 'head' | 'level' | 'teacher' | null;
type Dialog = ClassDialog;

/**
 * The action bar of a class for the training department. Its dialogs can be opened from
 * elsewhere on the page (the readiness checklist) when the page holds `dialog`.
 */
export function ClassActions({ detail, dialog: held, onDialog }: { detail: ClassDetail; dialog?: Dialog; onDialog?: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const c = detail.class;
  const [own, setOwn] = useState<Dialog>(null);
  const dialog = onDialog ? (held ?? null) : own;
  const setDialog = onDialog ?? setOwn;
  const level = detail.level;
  const assigned = new Set(detail.teachers.map((x) => x.teacher_id));
  const [sessionForm] = Form.useForm<{ starts_at: Dayjs; ends_at: Dayjs }>();
  const [headForm] = Form.useForm<{ user_id: string }>();
  const [levelForm] = Form.useForm<{ level: ClassLevel }>();
  const [teacherForm] = Form.useForm<{ teacher_id: string }>();
  const teachers = useTeachers(dialog === 'teacher' ? c.association_id : undefined);
  const candidates = useHeadTeacherCandidates(c.id, dialog === 'head');

  const saved = () => {
    message.success(t('app.saved'));
    setDialog(null);
    void qc.invalidateQueries({ queryKey: trainingKeys.all });
  };

  const addSession = useMutation({
    mutationFn: (v: { starts_at: Dayjs; ends_at: Dayjs }) =>
      unwrap(api.POST('/api/v1/classes/{id}/sessions', { params: { path: { id: c.id } }, body: { starts_at: shanghaiIso(v.starts_at), ends_at: shanghaiIso(v.ends_at) } })),
    onSuccess: saved,
    onError: (e) => showProblem(e, message, sessionForm),
  });
  const setHead = useMutation({
    mutationFn: (v: { user_id: string }) => unwrap(api.PUT('/api/v1/classes/{id}/head-teacher', { params: { path: { id: c.id } }, body: v })),
    onSuccess: saved,
    onError: (e) => showProblem(e, message, headForm),
  });
  const putLevel = useMutation({
    mutationFn: (v: { level: ClassLevel }) => unwrap(api.PUT('/api/v1/classes/{id}/level', { params: { path: { id: c.id } }, body: v })),
    onSuccess: saved,
    onError: (e) => showProblem(e, message, levelForm),
  });
  const assign = useMutation({
    mutationFn: (v: { teacher_id: string }) => unwrap(api.POST('/api/v1/classes/{id}/teachers', { params: { path: { id: c.id } }, body: v })),
    onSuccess: saved,
    onError: (e) => showProblem(e, message, teacherForm),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/classes/{id}/cancellation', { params: { path: { id: c.id } } })),
    onSuccess: saved,
    onError: (e) => showProblem(e, message),
  });

  const sheet = (what: 'timetable' | 'attendance-sheet', format: 'xlsx' | 'pdf') =>
    download(`/api/v1/classes/${c.id}/${what}?format=${format}`, `${what}.${format}`).catch((e: unknown) => showProblem(e, message));

  const open = (d: Dialog) => {
    sessionForm.resetFields();
    headForm.resetFields();
    levelForm.resetFields();
    teacherForm.resetFields();
    setDialog(d);
  };

  const modal = (d: Dialog, title: string, form: { submit: () => void }, loading: boolean, body: ReactNode) => (
    <Modal open={dialog === d} title={title} onCancel={() => setDialog(null)} onOk={() => form.submit()} okText={t('app.save')} cancelText={t('app.cancel')} okButtonProps={{ loading }} destroyOnHidden>
      {body}
    </Modal>
  );

  return (
    <Space wrap data-testid="class-actions">
      <Button onClick={() => open('session')} disabled={c.status === 'cancelled'}>
        {t('klass.addSession')}
      </Button>
      <Button onClick={() => open('head')} data-testid="head-teacher-button">
        {detail.head_teacher_name ? t('klass.headTeacherIs', { name: detail.head_teacher_name }) : t('klass.setHeadTeacher')}
      </Button>
      <Button onClick={() => open('level')} data-testid="level-button">
        {level ? t('klass.levelIs', { level: t(`klass.level.${level}`) }) : t('klass.setLevel')}
      </Button>
      <Button onClick={() => open('teacher')}>{t('klass.assignTeacher')}</Button>
      {(['timetable', 'attendance-sheet'] as const).map((what) => (
        <Dropdown
          key={what}
          menu={{
            items: (['xlsx', 'pdf'] as const).map((f) => ({ key: f, label: f.toUpperCase(), onClick: () => void sheet(what, f) })),
          }}
        >
          <Button>{t(what === 'timetable' ? 'klass.timetable' : 'klass.attendanceSheet')}</Button>
        </Dropdown>
      ))}
      {c.status !== 'cancelled' && (
        <Popconfirm title={t('klass.confirmCancel')} onConfirm={() => cancel.mutate()} okText={t('app.yes')} cancelText={t('app.no')}>
          <Button danger loading={cancel.isPending}>
            {t('klass.cancel')}
          </Button>
        </Popconfirm>
      )}

      {modal(
        'session',
        t('klass.addSession'),
        sessionForm,
        addSession.isPending,
        <Form form={sessionForm} layout="vertical" onFinish={(v) => addSession.mutate(v)} preserve={false}>
          <Form.Item name="starts_at" label={t('training.startsAt')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="ends_at" label={t('training.endsAt')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Form>,
      )}
      {modal(
        'head',
        t('klass.headTeacher'),
        headForm,
        setHead.isPending,
        <Form form={headForm} layout="vertical" onFinish={(v) => setHead.mutate(v)} preserve={false} initialValues={{ user_id: detail.head_teacher_id ?? undefined }}>
          {candidates.error && <Alert type="error" showIcon title={<ProblemText error={candidates.error} />} style={{ marginBottom: 12 }} />}
          <Form.Item name="user_id" label={t('klass.headTeacher')} rules={[{ required: true }]} extra={t('klass.headTeacherHint')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={candidates.isLoading}
              data-testid="head-teacher-select"
              notFoundContent={candidates.isLoading ? undefined : t('klass.noCandidates')}
              options={(candidates.data ?? []).map((u) => ({ value: u.user_id, label: `${u.display_name}(${u.organization_name})` }))}
            />
          </Form.Item>
          {detail.head_teacher_name && <Typography.Text type="secondary">{t('klass.currentHeadTeacher', { name: detail.head_teacher_name })}</Typography.Text>}
        </Form>,
      )}
      {modal(
        'level',
        t('klass.setLevel'),
        levelForm,
        putLevel.isPending,
        <Form form={levelForm} layout="vertical" onFinish={(v) => putLevel.mutate(v)} preserve={false} initialValues={{ level: level ?? undefined }}>
          <Form.Item name="level" label={t('klass.levelLabel')} rules={[{ required: true }]} extra={t('klass.levelHint')}>
            <Select options={CLASS_LEVELS.map((l) => ({ value: l, label: t(`klass.level.${l}`) }))} />
          </Form.Item>
        </Form>,
      )}
      {modal(
        'teacher',
        t('klass.assignTeacher'),
        teacherForm,
        assign.isPending,
        <Form form={teacherForm} layout="vertical" onFinish={(v) => assign.mutate(v)} preserve={false}>
          <Form.Item name="teacher_id" label={t('klass.teacher')} rules={[{ required: true }]} extra={t('klass.teacherHint')}>
            <Select
              loading={teachers.isLoading}
              options={(teachers.data ?? [])
                .filter((x) => x.status === 'active' && !assigned.has(x.id))
                .map((x) => ({ value: x.id, label: `${x.name}${x.title_level ? ` · ${t(`titleLevel.${x.title_level}`)}` : ''}${x.term_ends_on ? ` · ${t('klass.termUntil', { day: x.term_ends_on })}` : ''}` }))}
            />
          </Form.Item>
          {detail.teachers.length > 0 && (
            <Typography.Text type="secondary">{t('klass.assignedAlready', { names: detail.teachers.map((x) => x.name).join('、') })}</Typography.Text>
          )}
        </Form>,
      )}
    </Space>
  );
}

interface ResultDraft {
  score?: number;
  passed: boolean;
}

/** Results entry (paid trainees) and release; the release starts the TR-18 clock. The results
 *  already entered are read back from the class and prefill the row. */
export function ResultsCard({ classId, results }: { classId: string; results: ClassResult[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const paid = useEnrolments({ class_id: classId, status: 'paid', limit: 200 });
  const [drafts, setDrafts] = useState<Record<string, ResultDraft>>({});
  const entered = new Map(results.map((r) => [r.enrolment_id, r]));
  /** What the row shows: the typed draft, else the entered result. */
  const shown = (id: string): ResultDraft | undefined => {
    const r = entered.get(id);
    return drafts[id] ?? (r ? { score: r.score, passed: r.passed } : undefined);
  };
  const release = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/classes/{id}/results/release', { params: { path: { id: classId } } })),
    onSuccess: (a) => {
      message.success(t('klass.released', { day: a.due_on ?? '' }));
      void qc.invalidateQueries({ queryKey: trainingKeys.archive(classId) });
    },
    onError: (e) => showProblem(e, message),
  });
  const record = async (e: EnrolmentRow) => {
    const d = shown(e.id) ?? { passed: false };
    try {
      await unwrap(api.POST('/api/v1/classes/{id}/results', { params: { path: { id: classId } }, body: { enrolment_id: e.id, score: d.score ?? 0, passed: d.passed } }));
      await qc.invalidateQueries({ queryKey: trainingKeys.klass(classId) });
      setDrafts((d) => {
        const next = { ...d };
        delete next[e.id];
        return next;
      });
      message.success(t('app.saved'));
    } catch (err) {
      showProblem(err, message);
    }
  };
  const set = (id: string, patch: Partial<ResultDraft>) => setDrafts((d) => ({ ...d, [id]: { ...(d[id] ?? shown(id) ?? { passed: false }), ...patch } }));

  return (
    <Card
      size="small"
      title={t('klass.results')}
      extra={
        <Popconfirm title={t('klass.confirmRelease')} onConfirm={() => release.mutate()} okText={t('app.yes')} cancelText={t('app.no')}>
          <Button type="primary" loading={release.isPending}>
            {t('klass.release')}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t('klass.resultsHint')}</Typography.Paragraph>
      <Table<EnrolmentRow>
        rowKey="id"
        size="small"
        loading={paid.isLoading}
        dataSource={paid.data?.items ?? []}
        pagination={false}
        scroll={{ x: 520 }}
        columns={[
          { title: t('person.name'), dataIndex: 'person_name' },
          { title: t('klass.score'), key: 's', render: (_, e) => <InputNumber min={0} max={100} precision={0} value={shown(e.id)?.score} onChange={(v) => set(e.id, { score: v ?? undefined })} /> },
          { title: t('klass.passed'), key: 'p', render: (_, e) => <Switch checked={shown(e.id)?.passed ?? false} onChange={(v) => set(e.id, { passed: v })} /> },
          {
            title: t('app.actions'),
            key: 'a',
            render: (_, e) => (
              <Space>
                <Button size="small" disabled={drafts[e.id]?.score === undefined} onClick={() => void record(e)}>
                  {t('app.save')}
                </Button>
                {entered.has(e.id) && (
                  <Tag color={entered.get(e.id)?.passed ? 'green' : 'red'} data-testid="result-entered">
                    {t('klass.entered', { score: entered.get(e.id)?.score, verdict: entered.get(e.id)?.passed ? t('klass.pass') : t('klass.fail') })}
                  </Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The six TR-18 items: upload, generate (timetable, attendance sheet, score sheet), download. */
export function ArchiveCard({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const archive = useArchive(classId);
  const [busy, setBusy] = useState<ArchiveKind | null>(null);
  const a = archive.data;

  const run = async (kind: ArchiveKind, call: () => Promise<unknown>) => {
    setBusy(kind);
    try {
      await call();
      message.success(t('app.saved'));
      void qc.invalidateQueries({ queryKey: trainingKeys.archive(classId) });
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(null);
    }
  };

  const upload = (kind: ArchiveKind, file: File) =>
    run(kind, async () => {
      const type = uploadType(file.name);
      if (!type) throw new Error(t('klass.badType'));
      await rawRequest(`/api/v1/classes/${classId}/archive/${kind}`, { method: 'PUT', headers: { 'Content-Type': type }, body: file });
    });

  return (
    <Card
      size="small"
      title={t('klass.archive')}
      loading={archive.isLoading}
      extra={
        a && (
          <Space wrap size={4}>
            {a.complete ? <Tag color="green">{t('klass.archiveComplete')}</Tag> : <Tag>{t('klass.archiveOpen')}</Tag>}
            {a.overdue && (
              <Tag color="red" data-testid="archive-overdue">
                {t('klass.archiveOverdue')}
              </Tag>
            )}
          </Space>
        )
      }
    >
      {archive.error ? (
        <Alert type="error" showIcon title={<ProblemText error={archive.error} />} />
      ) : (
        a && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {a.results_out_on ? t('klass.archiveDue', { out: a.results_out_on, due: a.due_on ?? '' }) : t('klass.archiveNotDue')}
            </Typography.Text>
            <ItemList
              size="small"
              dataSource={ARCHIVE_KINDS.map((k) => a.items.find((i) => i.kind === k) ?? { kind: k, present: false })}
              renderItem={(item) => (
                <ListItem
                  actions={[
                    <Upload
                      key="u"
                      showUploadList={false}
                      accept=".pdf,.jpg,.jpeg,.png,.xlsx,.docx"
                      beforeUpload={(f) => {
                        void upload(item.kind, f);
                        return false;
                      }}
                    >
                      <Button size="small" loading={busy === item.kind}>
                        {t('klass.upload')}
                      </Button>
                    </Upload>,
                    ...(GENERATED_KINDS.includes(item.kind)
                      ? [
                          <Button key="g" size="small" loading={busy === item.kind} onClick={() => void run(item.kind, () => unwrap(api.POST('/api/v1/classes/{id}/archive/{kind}/generation', { params: { path: { id: classId, kind: item.kind } } })))}>
                            {t('klass.generate')}
                          </Button>,
                        ]
                      : []),
                    <Button
                      key="d"
                      size="small"
                      disabled={!item.present}
                      onClick={() => void download(`/api/v1/classes/${classId}/archive/${item.kind}/file`, item.file_name ?? `${item.kind}`).catch((e: unknown) => showProblem(e, message))}
                    >
                      {t('klass.download')}
                    </Button>,
                  ]}
                >
                  <Space wrap size={4}>
                    <Typography.Text>{t(`klass.archiveKind.${item.kind}`)}</Typography.Text>
                    {item.present ? <Tag color="green">{t(`klass.source.${item.source === 'generated' ? 'generated' : 'upload'}`)}</Tag> : <Tag color="orange">{t('klass.missing')}</Tag>}
                  </Space>
                </ListItem>
              )}
            />
          </Space>
        )
      )}
    </Card>
  );
}
