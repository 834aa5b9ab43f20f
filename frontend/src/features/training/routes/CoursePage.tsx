// One course of the catalogue (TR-01/02/03): what it is, its materials — uploaded files a
// trainee or teacher downloads —, and the accident cases of the association's library that it
// teaches. The association's staff upload materials and add cases linked to the course (a case
// is linked to its courses when it is added; the API has no later linking).
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Collapse, DatePicker, Descriptions, Empty, Form, Input, Modal, Select, Space, Tag, Typography, Upload } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { api, fileBody, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { formatInstant } from '../../../lib/format';
import { hasAnyRole, useMe } from '../../../lib/me';
import { CATEGORIES, trainingKeys, useAccidentCases, useCourses, useMaterials, type AccidentCase, type Course, type EquipmentCategory, type Material } from '../api/training';
import { download } from '../lib/download';
import { MATERIAL_EXTS, MATERIAL_MAX_BYTES, acceptOf, mediaType, shanghaiToday } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';

/** A file size as a clerk reads it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const KIND_LABEL: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'video/mp4': 'MP4',
};

/** A course by id: there is no single-course read, so the catalogue pages are searched (at most 2 000 courses). */
function useCourse(id: string) {
  return useQuery({
    queryKey: trainingKeys.course(id),
    queryFn: async (): Promise<Course | null> => {
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await unwrap(api.GET('/api/v1/courses', { params: { query: { limit: 200, cursor } } }));
        const hit = page.items.find((c) => c.id === id);
        if (hit) return hit;
        if (!page.next_cursor) return null;
        cursor = page.next_cursor;
      }
      return null;
    },
  });
}

export function CoursePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const course = useCourse(id);
  const c = course.data;
  const department = hasAnyRole(me.data, ['association_admin', 'association_staff']);

  if (course.error) return <Alert type="error" showIcon title={<ProblemText error={course.error} />} />;
  if (course.isSuccess && !c) return <Empty description={t('course.notFound')} />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={c?.name} loading={course.isLoading} extra={<Link to="/training">{t('course.back')}</Link>}>
        {c && (
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('training.subjectKind')}>{t(`training.kind.${c.subject_kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('training.topic')}>{t(`training.topics.${c.topic}`)}</Descriptions.Item>
            <Descriptions.Item label={t('training.categories')}>
              {c.equipment_categories.length === 0 ? t('app.none') : c.equipment_categories.map((x) => <Tag key={x}>{t(`training.category.${x}`)}</Tag>)}
            </Descriptions.Item>
            <Descriptions.Item label={t('training.delivery')}>{t(`training.deliveries.${c.delivery}`)}</Descriptions.Item>
            <Descriptions.Item label={t('training.hours')}>{`${c.theory_hours} + ${c.practical_hours}`}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <MaterialsCard courseId={id} canEdit={department} />
      {c && <CasesCard course={c} canEdit={department} />}
    </Space>
  );
}

function MaterialsCard({ courseId, canEdit }: { courseId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const materials = useMaterials(courseId);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const upload = async (file: File) => {
    const type = mediaType(file.name, MATERIAL_EXTS);
    if (!type) {
      message.error(t('course.badType'));
      return;
    }
    if (file.size > MATERIAL_MAX_BYTES) {
      message.error(t('course.tooLarge'));
      return;
    }
    // The title defaults to the file name without its extension.
    const name = title.trim() || file.name.replace(/\.[^.]+$/, '');
    setBusy(file.name);
    try {
      await unwrap(api.POST('/api/v1/courses/{id}/materials', { params: { path: { id: courseId }, query: { title: name } }, ...fileBody(file, type) }));
      message.success(t('course.uploaded', { title: name }));
      setTitle('');
      await qc.invalidateQueries({ queryKey: trainingKeys.materials(courseId) });
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={t('course.materials')} data-testid="materials">
      {canEdit && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} placeholder={t('course.materialTitle')} style={{ width: 260, maxWidth: '100%' }} data-testid="material-title" />
          <Upload
            accept={acceptOf(MATERIAL_EXTS)}
            showUploadList={false}
            beforeUpload={(f) => {
              void upload(f);
              return false;
            }}
          >
            <Button type="primary" loading={!!busy} data-testid="material-upload">
              {busy ? t('course.uploading', { file: busy }) : t('course.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('course.uploadHint')}</Typography.Text>
        </Space>
      )}
      {materials.error ? (
        <Alert type="error" showIcon title={<ProblemText error={materials.error} />} />
      ) : (
        <ResponsiveTable<Material>
          rowKey="id"
          size="small"
          loading={materials.isLoading}
          dataSource={materials.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          emptyText={t('course.noMaterials')}
          scroll={{ x: 520 }}
          onRow={(m) => ({ 'data-testid': 'material-row', 'data-title': m.title }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('course.materialTitle'), dataIndex: 'title' },
            { title: t('course.type'), dataIndex: 'content_type', width: 100, render: (ct: string) => KIND_LABEL[ct] ?? ct },
            { title: t('course.size'), dataIndex: 'size', width: 90, render: (n: number) => fileSize(n) },
            { title: t('course.addedAt'), dataIndex: 'added_at', width: 170, render: (v: string) => formatInstant(v) },
            {
              title: t('app.actions'),
              key: 'a',
              width: 90,
              render: (_, m) => (
                <Button size="small" data-testid="material-download" onClick={() => void download(`/api/v1/materials/${m.id}/file`, m.title).catch((e: unknown) => showProblem(e, message))}>
                  {t('klass.download')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

interface CaseForm {
  title: string;
  occurred_on: Dayjs;
  equipment_category: EquipmentCategory;
  summary: string;
  lessons: string;
  course_ids: string[];
}

export function CaseList({ cases, courseName }: { cases: AccidentCase[]; courseName?: (id: string) => string | undefined }) {
  const { t } = useTranslation();
  if (cases.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('course.noCases')} />;
  return (
    <Collapse
      items={cases.map((k) => ({
        key: k.id,
        label: (
          <Space wrap size={4} data-testid="case" data-title={k.title}>
            <Typography.Text strong>{k.title}</Typography.Text>
            <Tag>{t(`training.category.${k.equipment_category}`)}</Tag>
            <Typography.Text type="secondary">{k.occurred_on}</Typography.Text>
          </Space>
        ),
        children: (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <div>
              <Typography.Text strong>{t('course.summary')}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{k.summary}</Typography.Paragraph>
            </div>
            <div>
              <Typography.Text strong>{t('course.lessons')}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{k.lessons}</Typography.Paragraph>
            </div>
            {courseName && k.course_ids.length > 0 && (
              <Space wrap size={4}>
                <Typography.Text type="secondary">{t('course.linkedCourses')}</Typography.Text>
                {k.course_ids.map((id) => (
                  <Link key={id} to={`/training/courses/${id}`}>
                    <Tag color="blue" style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
                      {courseName(id) ?? id}
                    </Tag>
                  </Link>
                ))}
              </Space>
            )}
          </Space>
        ),
      }))}
    />
  );
}

function CasesCard({ course, canEdit }: { course: Course; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const cases = useAccidentCases(course.id);
  const all = useCourses(undefined, 200);
  const sameAssociation = (all.data?.items ?? []).filter((c) => c.association_id === course.association_id);
  const names = new Map(sameAssociation.map((c) => [c.id, c.name]));
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<CaseForm>();
  const today = shanghaiToday();

  const add = useMutation({
    mutationFn: (v: CaseForm) =>
      unwrap(
        api.POST('/api/v1/accident-cases', {
          body: {
            association_id: course.association_id,
            title: v.title,
            occurred_on: v.occurred_on.format('YYYY-MM-DD'),
            equipment_category: v.equipment_category,
            summary: v.summary,
            lessons: v.lessons,
            course_ids: v.course_ids,
          },
        }),
      ),
    onSuccess: (k) => {
      message.success(t('course.caseAdded', { title: k.title }));
      setAdding(false);
      void qc.invalidateQueries({ queryKey: ['training', 'cases'] });
    },
    onError: (e) => showProblem(e, message, form),
  });

  return (
    <Card
      size="small"
      title={t('course.cases')}
      data-testid="cases"
      extra={
        canEdit && (
          <Button
            data-testid="case-add"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ course_ids: [course.id], equipment_category: course.equipment_categories[0] });
              setAdding(true);
            }}
          >
            {t('course.addCase')}
          </Button>
        )
      }
    >
      {cases.error ? <Alert type="error" showIcon title={<ProblemText error={cases.error} />} /> : <CaseList cases={cases.data ?? []} courseName={(id) => names.get(id)} />}
      <Modal
        open={adding}
        title={t('course.addCase')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: add.isPending, ...({ 'data-testid': 'case-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} preserve={false} initialValues={{ occurred_on: undefined }}>
          <Form.Item name="title" label={t('course.caseTitle')} rules={[{ required: true, whitespace: true, message: t('course.caseTitleRequired') }]}>
            <Input maxLength={200} data-testid="case-title" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="occurred_on" label={t('course.occurredOn')} rules={[{ required: true, message: t('course.occurredOnRequired') }]}>
              <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') > today} maxDate={dayjs(today)} />
            </Form.Item>
            <Form.Item name="equipment_category" label={t('course.category')} rules={[{ required: true, message: t('course.categoryRequired') }]}>
              <Select style={{ minWidth: 200 }} data-testid="case-category" options={CATEGORIES.map((x) => ({ value: x, label: t(`training.category.${x}`) }))} />
            </Form.Item>
          </Space>
          <Form.Item name="summary" label={t('course.summary')} rules={[{ required: true, whitespace: true, message: t('course.summaryRequired') }]}>
            <Input.TextArea rows={4} maxLength={10000} data-testid="case-summary" />
          </Form.Item>
          <Form.Item name="lessons" label={t('course.lessons')} rules={[{ required: true, whitespace: true, message: t('course.lessonsRequired') }]}>
            <Input.TextArea rows={3} maxLength={10000} data-testid="case-lessons" />
          </Form.Item>
          <Form.Item name="course_ids" label={t('course.linkedCourses')} extra={t('course.linkHint')}>
            <Select mode="multiple" optionFilterProp="label" options={sameAssociation.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
