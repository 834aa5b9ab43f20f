// The association's teacher pool (TR-04, TR-05, TR-20): candidates are added from the persons
// of the association and its members, selected, then appointed for the current council term
// (four years); a dismissal for breaking the law puts a public notice on the public page. The
// pool (read whole) is filtered by a foldable query form (name or subjects, status), paged with
// its total and a page size, its columns chosen, and the filtered teachers exported.
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { useMe } from '../../../lib/me';
import { trainingKeys, useTeachers, type Teacher, type TeacherStatus } from '../api/training';
import { AssociationPicker, useAssociation } from '../components/AssociationPicker';
import { ListError } from '../../../components/ListError';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ExportCsvButton, ListToolbar, useLocalPagination } from '../../../components/ListTools';

const STATUS_COLOUR: Record<TeacherStatus, string> = { candidate: 'blue', selected: 'cyan', active: 'green', term_ended: 'default', dismissed: 'red' };
const TEACHER_STATUSES = Object.keys(STATUS_COLOUR) as TeacherStatus[];

interface TeacherQuery {
  text?: string;
  status?: TeacherStatus;
}

/** The teachers a clerk's query keeps: name or subjects containing the text, and the status. */
export function filterTeachers(teachers: Teacher[], q: TeacherQuery): Teacher[] {
  const text = q.text?.trim().toLowerCase();
  return teachers.filter((x) => (!q.status || x.status === q.status) && (!text || x.name.toLowerCase().includes(text) || (x.subjects ?? '').toLowerCase().includes(text)));
}

export function TeachersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [associationId, setAssociationId] = useAssociation(me.data);
  const teachers = useTeachers(associationId);
  const [adding, setAdding] = useState(false);
  const [dismissing, setDismissing] = useState<Teacher | null>(null);
  const [termOpen, setTermOpen] = useState(false);
  const [personQuery, setPersonQuery] = useState('');
  const [query, setQuery] = useState<TeacherQuery>({});
  const [queryForm] = Form.useForm<TeacherQuery>();
  const pages = useLocalPagination('teachers');
  const shown = filterTeachers(teachers.data ?? [], query);
  const statusText = (s: TeacherStatus) => t(`teacher.status.${s}`);
  const termText = (x: Teacher) => (x.term_starts_on ? `${x.term_starts_on} – ${x.term_ends_on ?? ''}` : '');
  const columns = useColumnSettings<Teacher>('teachers', [
    { key: 'name', title: t('person.name'), dataIndex: 'name' },
    { key: 'status', title: t('training.status'), dataIndex: 'status', render: (s: TeacherStatus) => <Tag color={STATUS_COLOUR[s]}>{statusText(s)}</Tag>, csv: (x) => statusText(x.status) },
    { key: 'subjects', title: t('teacher.subjects'), dataIndex: 'subjects' },
    { key: 'title_level', title: t('person.titleLevel'), dataIndex: 'title_level', render: (v?: string | null) => (v ? t(`titleLevel.${v}`) : ''), csv: (x) => (x.title_level ? t(`titleLevel.${x.title_level}`) : '') },
    { key: 'term', title: t('teacher.term'), render: (_, x) => termText(x), csv: termText },
    { key: 'dismissal_reason', title: t('teacher.dismissalReason'), dataIndex: 'dismissal_reason' },
  ]);
  const [addForm] = Form.useForm<{ person_id: string; subjects?: string }>();
  const [dismissForm] = Form.useForm<{ reason: string; broke_law?: boolean }>();
  const [termForm] = Form.useForm<{ starts_on: Dayjs }>();
  const persons = useQuery({
    queryKey: ['persons', 'teacher-candidates', personQuery],
    enabled: adding,
    queryFn: () => unwrap(api.GET('/api/v1/persons', { params: { query: { q: personQuery || undefined, limit: 50 } } })),
  });

  const done = () => {
    message.success(t('app.saved'));
    void qc.invalidateQueries({ queryKey: trainingKeys.teachers });
    void qc.invalidateQueries({ queryKey: ['public'] });
  };

  const add = useMutation({
    mutationFn: (v: { person_id: string; subjects?: string }) => unwrap(api.POST('/api/v1/teachers', { body: { association_id: associationId ?? '', person_id: v.person_id, subjects: v.subjects || undefined } })),
    onSuccess: () => {
      setAdding(false);
      done();
    },
    onError: (e) => showProblem(e, message, addForm),
  });
  const step = useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'selection' | 'appointment' }) =>
      to === 'selection'
        ? unwrap(api.POST('/api/v1/teachers/{id}/selection', { params: { path: { id } } }))
        : unwrap(api.POST('/api/v1/teachers/{id}/appointment', { params: { path: { id } } })),
    onSuccess: done,
    onError: (e) => showProblem(e, message),
  });
  const dismiss = useMutation({
    mutationFn: (v: { reason: string; broke_law?: boolean }) =>
      unwrap(api.POST('/api/v1/teachers/{id}/dismissal', { params: { path: { id: dismissing?.id ?? '' } }, body: { reason: v.reason, broke_law: !!v.broke_law } })),
    onSuccess: () => {
      setDismissing(null);
      done();
    },
    onError: (e) => showProblem(e, message, dismissForm),
  });
  const term = useMutation({
    mutationFn: (v: { starts_on: Dayjs }) =>
      unwrap(api.POST('/api/v1/associations/{id}/council-terms', { params: { path: { id: associationId ?? '' } }, body: { starts_on: v.starts_on.format('YYYY-MM-DD') } })),
    onSuccess: (r) => {
      setTermOpen(false);
      message.success(t('teacher.termSaved', { from: r.starts_on, to: r.ends_on }));
    },
    onError: (e) => showProblem(e, message, termForm),
  });

  return (
    <Card
      title={t('teacher.title')}
      extra={
        <Space wrap>
          <AssociationPicker me={me.data} value={associationId} onChange={setAssociationId} />
          <Button
            onClick={() => {
              termForm.resetFields();
              setTermOpen(true);
            }}
            disabled={!associationId}
          >
            {t('teacher.councilTerm')}
          </Button>
          <Button
            type="primary"
            disabled={!associationId}
            onClick={() => {
              addForm.resetFields();
              setAdding(true);
            }}
          >
            {t('teacher.new')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('teacher.hint')} <Link to="/public/plans">{t('teacher.publicNotices')}</Link>
        </Typography.Text>
        <QueryForm<TeacherQuery>
          form={queryForm}
          onSearch={(v) => {
            pages.reset();
            setQuery(v);
          }}
          onReset={() => {
            pages.reset();
            setQuery({});
          }}
        >
          <Form.Item name="text" label={t('teacher.filterLabel')}>
            <Input allowClear placeholder={t('teacher.filter')} data-testid="teachers-filter" />
          </Form.Item>
          <Form.Item name="status" label={t('training.status')}>
            <Select allowClear data-testid="teachers-status" options={TEACHER_STATUSES.map((v) => ({ value: v, label: t(`teacher.status.${v}`) }))} />
          </Form.Item>
        </QueryForm>
        <ListToolbar settings={columns.settings}>
          <ExportCsvButton name="teachers" columns={columns.visible} rows={shown} />
        </ListToolbar>
        {teachers.error ? (
          <ListError error={teachers.error} onRetry={() => teachers.refetch()} />
        ) : (
          <Table<Teacher>
            rowKey="id"
            size="small"
            loading={teachers.isLoading}
            dataSource={shown}
            pagination={pages.pagination}
            scroll={{ x: 820 }}
            columns={[
              ...columns.visible,
              {
                title: t('app.actions'),
                key: 'a',
                render: (_, x) => (
                  <Space wrap>
                    {x.status === 'candidate' && (
                      <Button size="small" onClick={() => step.mutate({ id: x.id, to: 'selection' })}>
                        {t('teacher.select')}
                      </Button>
                    )}
                    {x.status === 'selected' && (
                      <Popconfirm title={t('teacher.confirmAppoint')} onConfirm={() => step.mutate({ id: x.id, to: 'appointment' })} okText={t('app.yes')} cancelText={t('app.no')}>
                        <Button size="small" type="primary">
                          {t('teacher.appoint')}
                        </Button>
                      </Popconfirm>
                    )}
                    {x.status !== 'dismissed' && x.status !== 'term_ended' && (
                      <Button
                        size="small"
                        danger
                        onClick={() => {
                          dismissForm.resetFields();
                          setDismissing(x);
                        }}
                      >
                        {t('teacher.dismiss')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Space>

      <Modal open={adding} title={t('teacher.new')} onCancel={() => setAdding(false)} onOk={() => addForm.submit()} okText={t('app.save')} cancelText={t('app.cancel')} okButtonProps={{ loading: add.isPending }} destroyOnHidden>
        <Form form={addForm} layout="vertical" onFinish={(v) => add.mutate(v)} preserve={false}>
          <Form.Item name="person_id" label={t('teacher.person')} rules={[{ required: true }]} extra={t('teacher.personHint')}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setPersonQuery}
              loading={persons.isLoading}
              options={(persons.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.employer_name ?? ''} · ${p.national_id_masked}` }))}
            />
          </Form.Item>
          <Form.Item name="subjects" label={t('teacher.subjects')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dismissing !== null}
        title={t('teacher.dismissTitle', { name: dismissing?.name })}
        onCancel={() => setDismissing(null)}
        onOk={() => dismissForm.submit()}
        okText={t('teacher.dismiss')}
        okButtonProps={{ danger: true, loading: dismiss.isPending }}
        cancelText={t('app.cancel')}
        destroyOnHidden
      >
        <Form form={dismissForm} layout="vertical" onFinish={(v) => dismiss.mutate(v)} preserve={false}>
          <Form.Item name="reason" label={t('training.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
          <Form.Item name="broke_law" valuePropName="checked">
            <Checkbox>{t('teacher.brokeLaw')}</Checkbox>
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => (dismissForm.getFieldValue('broke_law') ? <Alert type="warning" showIcon title={t('teacher.noticeWarning')} /> : null)}
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={termOpen} title={t('teacher.councilTerm')} onCancel={() => setTermOpen(false)} onOk={() => termForm.submit()} okText={t('app.save')} cancelText={t('app.cancel')} okButtonProps={{ loading: term.isPending }} destroyOnHidden>
        <Form form={termForm} layout="vertical" onFinish={(v) => term.mutate(v)} preserve={false}>
          <Form.Item name="starts_on" label={t('teacher.termStarts')} rules={[{ required: true }]} extra={t('teacher.termHint')}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
