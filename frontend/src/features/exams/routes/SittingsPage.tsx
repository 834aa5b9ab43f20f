// Exam sittings (issue 16 §3): the sittings of the caller's associations, latest window first,
// filtered by class and status; a new sitting for a class with a paper of the association, its
// online window (or the hours at a place) in Beijing time. A sitting opens on its own page:
// roster, staff, results, record. The training department (read_exam_results) reads the same
// list without running sittings: no new sitting, no papers (the exam side's), and a sitting
// opens its results and score sheet in a drawer instead of the exam side's page.
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatSpan } from '../../../lib/format';
import { can, useMe } from '../../../lib/me';
import { ListError } from '../../../components/ListError';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ExportCsvButton, ListToolbar, useLocalPagination } from '../../../components/ListTools';
import { useClasses } from '../../training/api/training';
import { shanghaiIso } from '../../training/lib/rules';
import { examKeys, usePapers, useResults, useSittings, type Sitting } from '../api/exams';
import { ResultsTable, ScoreSheetButton } from '../components/Results';

interface SittingValues {
  class_id: string;
  paper_id: string;
  title: string;
  opens_at: Dayjs;
  closes_at: Dayjs;
  place?: string;
}

interface Filters {
  class_id?: string;
  status?: Sitting['status'];
}

export function SittingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  // Who runs sittings (the exam side) keeps them; the training department only reads them.
  const runs = can(me.data, 'run_exam_sittings');
  const sittings = useSittings();
  const classes = useClasses();
  const papers = usePapers(runs);
  const [reading, setReading] = useState<Sitting | null>(null);
  const [filters, setFilters] = useState<Filters>({});
  const [queryForm] = Form.useForm<Filters>();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<SittingValues>();
  const classId = Form.useWatch('class_id', form);
  const className = (id: string) => classes.data?.find((c) => c.id === id)?.name ?? '';
  const paperTitle = (id: string) => papers.data?.find((p) => p.id === id)?.title ?? '';
  const chosenClass = classes.data?.find((c) => c.id === classId);
  // A paper that names a programme examines that course only.
  const fitting = (papers.data ?? []).filter((p) => !chosenClass || !p.course_id || p.course_id === chosenClass.course_id);
  const pages = useLocalPagination('exam-sittings');
  const rows = (sittings.data ?? []).filter((s) => (!filters.class_id || s.class_id === filters.class_id) && (!filters.status || s.status === filters.status));

  const columns = useColumnSettings<Sitting>('exam-sittings', [
    {
      key: 'title',
      title: t('exam.sitting.title'),
      dataIndex: 'title',
      render: (v: string, s) =>
        runs ? (
          <Link to={`/exams/sittings/${s.id}`} data-testid="sitting-open">
            {v}
          </Link>
        ) : (
          <Typography.Link onClick={() => setReading(s)} data-testid="sitting-open">
            {v}
          </Typography.Link>
        ),
    },
    { key: 'class', title: t('exam.sitting.class'), dataIndex: 'class_id', render: (id: string) => <Link to={`/training/classes/${id}`}>{className(id)}</Link>, csv: (s) => className(s.class_id) },
    ...(runs ? [{ key: 'paper', title: t('exam.sitting.paper'), dataIndex: 'paper_id', render: (id: string) => paperTitle(id), csv: (s: Sitting) => paperTitle(s.paper_id) }] : []),
    { key: 'window', title: t('exam.sitting.window'), render: (_, s) => formatSpan(s.opens_at, s.closes_at), csv: (s) => formatSpan(s.opens_at, s.closes_at) },
    { key: 'place', title: t('exam.sitting.place'), dataIndex: 'place', render: (p?: string | null) => p ?? t('exam.sitting.online'), csv: (s) => s.place ?? t('exam.sitting.online') },
    { key: 'candidates', title: t('exam.sitting.candidates'), dataIndex: 'candidates' },
    {
      key: 'status',
      title: t('training.status'),
      dataIndex: 'status',
      render: (st: Sitting['status']) => <Tag color={st === 'planned' ? 'blue' : 'green'}>{t(`exam.sittingStatus.${st}`)}</Tag>,
      csv: (s) => t(`exam.sittingStatus.${s.status}`),
    },
  ]);

  const create = useMutation({
    mutationFn: (v: SittingValues) =>
      unwrap(
        api.POST('/api/v1/exam-sittings', {
          body: { class_id: v.class_id, paper_id: v.paper_id, title: v.title.trim(), opens_at: shanghaiIso(v.opens_at), closes_at: shanghaiIso(v.closes_at), place: v.place?.trim() || null },
        }),
      ),
    onSuccess: (s) => {
      setCreating(false);
      message.success(t('exam.sitting.created', { title: s.title }));
      void qc.invalidateQueries({ queryKey: examKeys.all });
      void navigate(`/exams/sittings/${s.id}`);
    },
    onError: (e) => showProblem(e, message, form),
  });

  return (
    <Card
      title={t('exam.nav.sittings')}
      extra={
        runs && (
          <Button
            type="primary"
            data-testid="sitting-new"
            onClick={() => {
              form.resetFields();
              setCreating(true);
            }}
          >
            {t('exam.sitting.new')}
          </Button>
        )
      }
    >
      <QueryForm<Filters>
        form={queryForm}
        onSearch={(v) => {
          pages.reset();
          setFilters(v);
        }}
        onReset={() => {
          pages.reset();
          setFilters({});
        }}
      >
        <Form.Item name="class_id" label={t('exam.sitting.class')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(classes.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="status" label={t('training.status')}>
          <Select
            allowClear
            options={(['planned', 'results_published'] as const).map((s) => ({ value: s, label: t(`exam.sittingStatus.${s}`) }))}
          />
        </Form.Item>
      </QueryForm>
      <ListToolbar settings={columns.settings}>
        <ExportCsvButton name="exam-sittings" columns={columns.visible} rows={rows} />
      </ListToolbar>
      {sittings.error ? (
        <ListError error={sittings.error} onRetry={() => sittings.refetch()} />
      ) : (
        <Table<Sitting>
          rowKey="id"
          size="small"
          loading={sittings.isLoading}
          dataSource={rows}
          scroll={{ x: 900 }}
          pagination={pages.pagination}
          onRow={(s) => ({ 'data-testid': 'sitting-row', 'data-title': s.title }) as HTMLAttributes<HTMLElement>}
          columns={columns.visible}
        />
      )}

      {reading && <ResultsDrawer sitting={reading} onClose={() => setReading(null)} />}

      <Modal
        open={creating}
        title={t('exam.sitting.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: create.isPending, ...({ 'data-testid': 'sitting-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="class_id" label={t('exam.sitting.class')} rules={[{ required: true, message: t('exam.sitting.classRequired') }]}>
            <Select data-testid="sitting-class" showSearch={{ optionFilterProp: 'label' }} loading={classes.isLoading} options={(classes.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="paper_id" label={t('exam.sitting.paper')} rules={[{ required: true, message: t('exam.sitting.paperRequired') }]}>
            <Select data-testid="sitting-paper" showSearch={{ optionFilterProp: 'label' }} loading={papers.isLoading} options={fitting.map((p) => ({ value: p.id, label: p.title }))} />
          </Form.Item>
          <Form.Item name="title" label={t('exam.sitting.title')} rules={[{ required: true, whitespace: true, message: t('exam.sitting.titleRequired') }, { max: 100 }]}>
            <Input maxLength={100} placeholder={t('exam.sitting.titlePlaceholder')} data-testid="sitting-title" />
          </Form.Item>
          <Form.Item name="opens_at" label={t('exam.sitting.opensAt')} rules={[{ required: true }]} extra={t('exam.beijingTime')}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="sitting-opens" />
          </Form.Item>
          <Form.Item
            name="closes_at"
            label={t('exam.sitting.closesAt')}
            dependencies={['opens_at']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: async (_, v?: Dayjs) => {
                  const from = getFieldValue('opens_at') as Dayjs | undefined;
                  if (v && from && !v.isAfter(from)) throw new Error(t('exam.sitting.closesAfter'));
                },
              }),
            ]}
          >
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="sitting-closes" />
          </Form.Item>
          <Form.Item name="place" label={t('exam.sitting.place')} extra={t('exam.sitting.placeHint')}>
            <Input maxLength={100} data-testid="sitting-place" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** A sitting's results as the training department reads them: the table and the score sheet, once published. */
function ResultsDrawer({ sitting, onClose }: { sitting: Sitting; onClose: () => void }) {
  const { t } = useTranslation();
  const published = sitting.status === 'results_published';
  const results = useResults(sitting.id, published);
  return (
    <Drawer
      open
      onClose={onClose}
      size={Math.min(900, typeof window === 'undefined' ? 900 : window.innerWidth)}
      destroyOnHidden
      title={t('exam.results.of', { title: sitting.title })}
      extra={published && <ScoreSheetButton sittingId={sitting.id} />}
      data-testid="sitting-results"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{`${formatSpan(sitting.opens_at, sitting.closes_at)} · ${sitting.place ?? t('exam.sitting.online')}`}</Typography.Text>
        {!published ? (
          <Typography.Paragraph type="secondary" data-testid="results-not-published">
            {t('exam.results.notPublished')}
          </Typography.Paragraph>
        ) : results.error ? (
          <ListError error={results.error} onRetry={() => results.refetch()} />
        ) : (
          <ResultsTable results={results.data ?? []} loading={results.isLoading} />
        )}
      </Space>
    </Drawer>
  );
}
