// One question bank (EX-09): its questions at their current versions with kind, stem, options,
// key, points, topic and difficulty, filtered by kind and topic (retired ones on request), in
// cursor pages with the page size and the total; a question added or revised in a drawer beside
// the list (a revision sends the version read as If-Match and makes a new version: papers and
// attempts keep theirs), retired (no paper draws it any more); the sheet import with its row
// report and the template; the export of the whole bank (audited on the server).
import { useState, type HTMLAttributes } from 'react';
import type { ColumnType } from 'antd/es/table';
import { App, Button, Card, Checkbox, Descriptions, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { formatInstant } from '../../../lib/format';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { ListError } from '../../../components/ListError';
import { QueryForm } from '../../../components/QueryForm';
import { ProblemAlert } from '../../../components/ProblemText';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ListToolbar } from '../../../components/ListTools';
import { download } from '../../training/lib/download';
import { QUESTION_KINDS, examKeys, useBank, useQuestions, type Question, type QuestionKind } from '../api/exams';
import { QuestionForm, newQuestionValues, questionIn, questionValues, type QuestionValues } from '../components/QuestionForm';
import { QuestionImport } from '../components/QuestionImport';
import { keyText, letter } from '../lib/rules';

interface Filters {
  kind?: QuestionKind;
  topic?: string;
  retired?: boolean;
}

export function BankPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const bank = useBank(id);
  const pages = useCursorPages();
  const [pageSize, setPageSize] = usePageSize('exam-questions');
  const [filters, setFilters] = useState<Filters>({});
  const list = useQuestions(id, { ...filters, cursor: pages.cursor, limit: pageSize, withTotal: pages.withTotal });
  const total = useListTotal(pages, list.data?.total);
  const [queryForm] = Form.useForm<Filters>();
  const [form] = Form.useForm<QuestionValues>();
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const yesNo = (v: boolean) => (v ? t('exam.true') : t('exam.false'));

  const save = useMutation({
    mutationFn: (v: QuestionValues) =>
      editing === 'new' || editing === null
        ? unwrap(api.POST('/api/v1/exam-banks/{id}/questions', { params: { path: { id } }, body: questionIn(v) }))
        : unwrap(api.PUT('/api/v1/exam-questions/{id}', { params: { path: { id: editing.id }, header: { 'If-Match': `"${editing.version}"` } }, body: questionIn(v) })),
    onSuccess: (q) => {
      message.success(editing === 'new' ? t('exam.question.added') : t('exam.question.revised', { version: q.version }));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: examKeys.all });
    },
    onError: (e) => showProblem(e, message, form),
  });

  const retire = useMutation({
    mutationFn: (q: Question) => unwrap(api.POST('/api/v1/exam-questions/{id}/retirement', { params: { path: { id: q.id } } })),
    onSuccess: () => {
      message.success(t('exam.question.retiredDone'));
      void qc.invalidateQueries({ queryKey: examKeys.all });
    },
    onError: (e) => showProblem(e, message),
  });

  const exportBank = async () => {
    setExporting(true);
    try {
      await download(`/api/v1/exam-banks/${id}/export`, t('exam.bank.exportName'));
    } catch (e) {
      showProblem(e, message);
    } finally {
      setExporting(false);
    }
  };

  const openNew = () => {
    form.resetFields();
    form.setFieldsValue(newQuestionValues('single_choice', bank.data?.topic ?? ''));
    setEditing('new');
  };
  const openEdit = (q: Question) => {
    form.resetFields();
    form.setFieldsValue(questionValues(q));
    setEditing(q);
  };

  const columns = useColumnSettings<Question>(
    'exam-questions',
    [
      { key: 'kind', title: t('exam.question.kind'), dataIndex: 'kind', width: 90, render: (k: QuestionKind) => <Tag color="blue">{t(`exam.kind.${k}`)}</Tag> },
      { key: 'stem', title: t('exam.question.stem'), dataIndex: 'stem', render: (v: string) => <span data-testid="question-stem-cell">{v}</span> },
      {
        key: 'options',
        title: t('exam.question.options'),
        dataIndex: 'options',
        render: (os: string[]) => (os.length === 0 ? t('app.none') : os.map((o, i) => <div key={i}>{`${letter(i)}. ${o}`}</div>)),
      },
      { key: 'key', title: t('exam.question.key'), render: (_, q) => <span data-testid="question-key">{keyText(q.key, yesNo)}</span> },
      { key: 'points', title: t('exam.question.points'), dataIndex: 'points', width: 60 },
      { key: 'topic', title: t('exam.question.topic'), dataIndex: 'topic', width: 90 },
      { key: 'difficulty', title: t('exam.question.difficulty'), dataIndex: 'difficulty', width: 60 },
      { key: 'version', title: t('exam.question.version'), dataIndex: 'version', width: 60, render: (v: number, q) => (q.retired ? <Tag>{t('exam.question.retired')}</Tag> : `v${v}`) },
    ],
  );
  const actions: ColumnType<Question> = {
    title: t('app.actions'),
    key: 'a',
    width: 130,
    render: (_, q) =>
      q.retired ? null : (
        <Space size={8}>
          <a onClick={() => openEdit(q)} data-testid="question-edit">
            {t('app.edit')}
          </a>
          <Popconfirm title={t('exam.question.confirmRetire')} okText={t('app.yes')} cancelText={t('app.no')} onConfirm={() => retire.mutate(q)}>
            <a data-testid="question-retire">{t('exam.question.retire')}</a>
          </Popconfirm>
        </Space>
      ),
  };
  const b = bank.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        loading={bank.isLoading}
        title={b?.name ?? t('exam.nav.banks')}
        extra={
          b && (
            <Space wrap>
              <Button type="primary" data-testid="question-new" onClick={openNew}>
                {t('exam.question.new')}
              </Button>
              <Button data-testid="question-import-open" onClick={() => setImporting(true)}>
                {t('exam.import.title')}
              </Button>
              <Button data-testid="bank-export" loading={exporting} onClick={() => void exportBank()}>
                {t('exam.bank.export')}
              </Button>
            </Space>
          )
        }
      >
        {bank.error ? (
          <ProblemAlert error={bank.error} />
        ) : (
          b && (
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
              <Descriptions.Item label={t('exam.bank.topic')}>{b.topic}</Descriptions.Item>
              <Descriptions.Item label={t('exam.bank.category')}>{b.equipment_category ? t(`training.category.${b.equipment_category}`) : t('app.none')}</Descriptions.Item>
              <Descriptions.Item label={t('exam.bank.level')}>{b.level ?? t('app.none')}</Descriptions.Item>
              <Descriptions.Item label={t('exam.bank.createdAt')}>{formatInstant(b.created_at)}</Descriptions.Item>
            </Descriptions>
          )
        )}
        <Typography.Text type="secondary">{t('exam.bank.confidential')}</Typography.Text>
      </Card>
      <Card size="small" title={t('exam.question.title')}>
        <QueryForm<Filters>
          form={queryForm}
          onSearch={(v) => {
            pages.reset();
            setFilters({ kind: v.kind, topic: v.topic?.trim() || undefined, retired: v.retired || undefined });
          }}
          onReset={() => {
            pages.reset();
            setFilters({});
          }}
          shown={3}
        >
          <Form.Item name="kind" label={t('exam.question.kind')}>
            <Select allowClear data-testid="filter-kind" options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`exam.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="topic" label={t('exam.question.topic')}>
            <Input allowClear data-testid="filter-topic" />
          </Form.Item>
          <Form.Item name="retired" label={t('exam.question.retiredFilter')} valuePropName="checked">
            <Checkbox data-testid="filter-retired">{t('exam.question.includeRetired')}</Checkbox>
          </Form.Item>
        </QueryForm>
        <ListToolbar settings={columns.settings} />
        {list.error ? (
          <ListError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<Question>
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            scroll={{ x: 960 }}
            onRow={(q) => ({ 'data-testid': 'question-row', 'data-kind': q.kind }) as HTMLAttributes<HTMLElement>}
            columns={[...columns.visible, actions]}
          />
        )}
        <CursorPager pages={pages} nextCursor={list.data?.next_cursor} count={list.data?.items.length} total={total} pageSize={pageSize} onPageSize={setPageSize} />
      </Card>

      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('exam.question.new') : t('exam.question.edit', { version: editing?.version ?? '' })}
        size={Math.min(520, typeof window === 'undefined' ? 520 : window.innerWidth)}
        destroyOnHidden
        extra={
          <Button type="primary" loading={save.isPending} data-testid="question-save" onClick={() => form.submit()}>
            {t('app.save')}
          </Button>
        }
      >
        {editing !== null && editing !== 'new' && <Typography.Paragraph type="secondary">{t('exam.question.versionHint')}</Typography.Paragraph>}
        <QuestionForm form={form} onFinish={(v) => save.mutate(v)} />
      </Drawer>
      <QuestionImport bankId={id} open={importing} onClose={() => setImporting(false)} />
    </Space>
  );
}
