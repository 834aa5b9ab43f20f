// The catalogue and the classes: lists for everyone in the programme, create forms for the
// association's training department (the server decides; the buttons only mirror it); the
// accident-case library (TR-03) of the caller's associations. The classes (all read at once)
// are filtered in the browser by a foldable query form (name, course, status, start days),
// with columns to show or hide, the total and a page size, and the filtered classes exported.
import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings, type KeyedColumn } from '../../../components/ColumnSettings';
import { ExportCsvButton, ListToolbar, useLocalPagination } from '../../../components/ListTools';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { hasAnyRole, useMe } from '../../../lib/me';
import { formatDay, formatInstant } from '../../../lib/format';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { ListError } from '../../../components/ListError';
import { CATEGORIES, DELIVERIES, TOPICS, trainingKeys, useClasses, useAccidentCases, useCourses, type Class, type Course, type Delivery, type EquipmentCategory, type Topic } from '../api/training';
import { yuan, toFen } from '../../../lib/money';
import { shanghaiIso } from '../lib/rules';
import { CaseList } from './CoursePage';

interface CourseForm {
  name: string;
  topic: Topic;
  equipment_categories?: EquipmentCategory[];
  delivery: Delivery;
  theory_hours: number;
  practical_hours: number;
}

interface ClassQuery {
  name?: string;
  course_id?: string;
  status?: Class['status'];
  range?: [Dayjs, Dayjs];
}

/** The classes a query keeps: name contains, course, status, first day within the range (Beijing days). */
export function filterClasses(classes: Class[], q: ClassQuery): Class[] {
  const name = q.name?.trim().toLowerCase();
  const from = q.range?.[0]?.format('YYYY-MM-DD');
  const to = q.range?.[1]?.format('YYYY-MM-DD');
  return classes.filter((c) => {
    if (name && !c.name.toLowerCase().includes(name)) return false;
    if (q.course_id && c.course_id !== q.course_id) return false;
    if (q.status && c.status !== q.status) return false;
    const day = formatDay(c.starts_at);
    if (from && day < from) return false;
    if (to && day > to) return false;
    return true;
  });
}

interface ClassForm {
  course_id: string;
  name: string;
  starts_at: Dayjs;
  ends_at: Dayjs;
  venue?: string;
  online_link?: string;
  capacity: number;
  training_fee: number;
  exam_fee: number;
}

export function TrainingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const pages = useCursorPages();
  const [coursePageSize, setCoursePageSize] = usePageSize('courses');
  const courses = useCourses(pages.cursor, coursePageSize, pages.withTotal);
  const coursesTotal = useListTotal(pages, courses.data?.total);
  const allCourses = useCourses(undefined, 200);
  const classes = useClasses();
  const [dialog, setDialog] = useState<'course' | 'class' | null>(null);
  const [courseForm] = Form.useForm<CourseForm>();
  const [classForm] = Form.useForm<ClassForm>();
  const department = hasAnyRole(me.data, ['association_admin', 'association_staff']);
  const association = me.data?.memberships.find((m) => m.organization_kind === 'association')?.organization_id;
  const courseName = new Map((allCourses.data?.items ?? []).map((c) => [c.id, c.name]));
  const [classQuery, setClassQuery] = useState<ClassQuery>({});
  const [classQueryForm] = Form.useForm<ClassQuery>();
  const visibleClasses = filterClasses(
    (classes.data ?? []).filter((c) => courseName.has(c.course_id)),
    classQuery,
  );

  const createCourse = useMutation({
    mutationFn: (v: CourseForm) =>
      unwrap(api.POST('/api/v1/courses', { body: { ...v, association_id: association ?? '', equipment_categories: v.equipment_categories ?? [] } })),
    onSuccess: () => {
      message.success(t('app.saved'));
      setDialog(null);
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
    },
    onError: (e) => showProblem(e, message, courseForm),
  });

  const createClass = useMutation({
    mutationFn: (v: ClassForm) =>
      unwrap(
        api.POST('/api/v1/classes', {
          body: {
            course_id: v.course_id,
            name: v.name,
            starts_at: shanghaiIso(v.starts_at),
            ends_at: shanghaiIso(v.ends_at),
            venue: v.venue || undefined,
            online_link: v.online_link || undefined,
            capacity: v.capacity,
            training_fee: toFen(v.training_fee),
            exam_fee: toFen(v.exam_fee),
          },
        }),
      ),
    onSuccess: () => {
      message.success(t('app.saved'));
      setDialog(null);
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
    },
    onError: (e) => showProblem(e, message, classForm),
  });

  const courseTable = (
    <>
      <ListError error={courses.error} onRetry={() => courses.refetch()} />
      <Table<Course>
        rowKey="id"
        size="small"
        loading={courses.isLoading}
        dataSource={courses.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          {
            title: t('training.courseName'),
            dataIndex: 'name',
            render: (n: string, c) => (
              <Link to={`/training/courses/${c.id}`} data-testid="course-link">
                {n}
              </Link>
            ),
          },
          { title: t('training.subjectKind'), dataIndex: 'subject_kind', render: (k: string) => t(`training.kind.${k}`) },
          { title: t('training.topic'), dataIndex: 'topic', render: (k: string) => t(`training.topics.${k}`) },
          {
            title: t('training.categories'),
            dataIndex: 'equipment_categories',
            render: (cs: string[]) => cs.map((c) => <Tag key={c}>{t(`training.category.${c}`)}</Tag>),
          },
          { title: t('training.delivery'), dataIndex: 'delivery', render: (d: string) => t(`training.deliveries.${d}`) },
          { title: t('training.hours'), key: 'h', render: (_, c) => `${c.theory_hours} + ${c.practical_hours}` },
        ]}
      />
      <CursorPager pages={pages} nextCursor={courses.data?.next_cursor} count={courses.data?.items.length} pageSize={coursePageSize} onPageSize={setCoursePageSize} total={coursesTotal} />
    </>
  );

  const feePair = (c: Class) => t('training.feePair', { training: yuan(c.training_fee), exam: yuan(c.exam_fee) });
  const classColumns: KeyedColumn<Class>[] = [
    {
      key: 'name',
      title: t('training.className'),
      dataIndex: 'name',
      render: (n: string, c) => (
        <Link to={`/training/classes/${c.id}`} data-testid="class-link">
          {n}
        </Link>
      ),
    },
    { key: 'course', title: t('training.course'), dataIndex: 'course_id', render: (id: string) => courseName.get(id), csv: (c) => courseName.get(c.course_id) },
    { key: 'starts', title: t('training.startsAt'), dataIndex: 'starts_at', render: (v: string) => formatInstant(v), csv: (c) => formatInstant(c.starts_at) },
    { key: 'ends', title: t('training.endsAt'), dataIndex: 'ends_at', render: (v: string) => formatInstant(v), csv: (c) => formatInstant(c.ends_at) },
    { key: 'place', title: t('training.place'), render: (_, c) => c.venue ?? c.online_link, csv: (c) => c.venue ?? c.online_link },
    { key: 'seats', title: t('training.seats'), render: (_, c) => `${c.seats_taken} / ${c.capacity}`, csv: (c) => `${c.seats_taken} / ${c.capacity}` },
    { key: 'fees', title: t('training.fees'), render: (_, c) => feePair(c), csv: feePair },
    { key: 'status', title: t('training.status'), dataIndex: 'status', render: (s: string) => t(`training.classStatus.${s}`), csv: (c) => t(`training.classStatus.${c.status}`) },
  ];
  const shownClassColumns = useColumnSettings('classes', classColumns, ['ends']);
  const classPages = useLocalPagination('classes');

  const classTable = (
    <>
      <QueryForm<ClassQuery>
        form={classQueryForm}
        onSearch={(v) => {
          classPages.reset();
          setClassQuery(v);
        }}
        onReset={() => {
          classPages.reset();
          setClassQuery({});
        }}
      >
        <Form.Item name="name" label={t('training.className')}>
          <Input allowClear data-testid="class-filter-name" />
        </Form.Item>
        <Form.Item name="course_id" label={t('training.course')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} data-testid="class-filter-course" options={(allCourses.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="status" label={t('training.status')}>
          <Select allowClear data-testid="class-filter-status" options={(['planned', 'cancelled'] as const).map((v) => ({ value: v, label: t(`training.classStatus.${v}`) }))} />
        </Form.Item>
        <Form.Item name="range" label={t('training.startsBetween')}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </QueryForm>
      <ListToolbar settings={shownClassColumns.settings}>
        <ExportCsvButton name="classes" columns={shownClassColumns.visible} rows={visibleClasses} />
      </ListToolbar>
      {/* The list shows the classes of the courses read, so either failing is a failed list. */}
      <ListError error={classes.error ?? allCourses.error} onRetry={() => Promise.all([classes.error && classes.refetch(), allCourses.error && allCourses.refetch()])} />
      <Table<Class>
        rowKey="id"
        size="small"
        loading={classes.isLoading}
        dataSource={visibleClasses}
        pagination={classPages.pagination}
        scroll={{ x: 800 }}
        columns={shownClassColumns.visible}
      />
    </>
  );

  return (
    <Card
      title={t('nav.training')}
      extra={
        department && (
          <Space wrap>
            <Button
              onClick={() => {
                courseForm.resetFields();
                setDialog('course');
              }}
            >
              {t('training.newCourse')}
            </Button>
            <Button
              type="primary"
              onClick={() => {
                classForm.resetFields();
                classForm.setFieldsValue({ capacity: 30, training_fee: 0, exam_fee: 0 });
                setDialog('class');
              }}
            >
              {t('training.newClass')}
            </Button>
          </Space>
        )
      }
    >
      <Tabs
        items={[
          { key: 'classes', label: t('training.classes'), children: classTable },
          { key: 'courses', label: t('training.courses'), children: courseTable },
          { key: 'cases', label: t('course.library'), children: <CaseLibrary courseName={(id) => courseName.get(id)} /> },
        ]}
      />
      <Modal
        open={dialog === 'course'}
        title={t('training.newCourse')}
        onCancel={() => setDialog(null)}
        onOk={() => courseForm.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: createCourse.isPending }}
        destroyOnHidden
      >
        <Form form={courseForm} layout="vertical" onFinish={(v) => createCourse.mutate(v)} preserve={false} initialValues={{ delivery: 'face_to_face', theory_hours: 8, practical_hours: 0 }}>
          <Form.Item name="name" label={t('training.courseName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="topic" label={t('training.topic')} rules={[{ required: true }]}>
            <Select options={TOPICS.map((v) => ({ value: v, label: t(`training.topics.${v}`) }))} />
          </Form.Item>
          <Form.Item name="equipment_categories" label={t('training.categories')}>
            <Select mode="multiple" options={CATEGORIES.map((v) => ({ value: v, label: t(`training.category.${v}`) }))} />
          </Form.Item>
          <Form.Item name="delivery" label={t('training.delivery')} rules={[{ required: true }]}>
            <Select options={DELIVERIES.map((v) => ({ value: v, label: t(`training.deliveries.${v}`) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="theory_hours" label={t('training.theoryHours')} rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} />
            </Form.Item>
            <Form.Item name="practical_hours" label={t('training.practicalHours')} rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      <Modal
        open={dialog === 'class'}
        title={t('training.newClass')}
        onCancel={() => setDialog(null)}
        onOk={() => classForm.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: createClass.isPending }}
        destroyOnHidden
      >
        <Form form={classForm} layout="vertical" onFinish={(v) => createClass.mutate(v)} preserve={false}>
          <Form.Item name="course_id" label={t('training.course')} rules={[{ required: true }]}>
            <Select options={(allCourses.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="name" label={t('training.className')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="starts_at" label={t('training.startsAt')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="ends_at" label={t('training.endsAt')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="venue" label={t('training.venue')}>
            <Input />
          </Form.Item>
          <Form.Item name="online_link" label={t('training.onlineLink')}>
            <Input />
          </Form.Item>
          <Form.Item name="capacity" label={t('training.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="training_fee" label={t('training.trainingFee')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} prefix="¥" />
            </Form.Item>
            <Form.Item name="exam_fee" label={t('training.examFee')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} prefix="¥" />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}

/** The whole accident-case library, newest accident first; cases are added on a course's page. */
function CaseLibrary({ courseName }: { courseName: (id: string) => string | undefined }) {
  const { t } = useTranslation();
  const cases = useAccidentCases();
  if (cases.isLoading) return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('course.libraryHint')}</Typography.Text>
      {cases.error ? <ListError error={cases.error} onRetry={() => cases.refetch()} /> : <CaseList cases={cases.data ?? []} courseName={courseName} />}
    </Space>
  );
}
