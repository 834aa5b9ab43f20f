// The paper builder (EX-01): a paper of one bank, either fixed — the questions picked here, in
// the order picked, each at the bank's points or its own — or drawn per candidate from a
// blueprint (so many questions of a kind, of a topic and difficulty when given, so many points
// each; the server draws each candidate's paper with a stored seed, and the paper's page
// previews a draw). Beside the theory part: open or closed book, duration, pass mark (60 of 100
// unless changed), skill-level (EX-02: even the first retake costs a fee), double marking of
// short answers with its tolerance, and the practical stations with their scoring checklists.
// Each blueprint row says how many questions of the bank it can draw from, so a row that asks
// for more is seen before the server refuses it.
import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { QUESTION_KINDS, examKeys, useAllBanks, useAllQuestions, type BlueprintRow, type BookMode, type PaperIn, type PaperMode, type Question, type Station } from '../api/exams';
import { keyText } from '../lib/rules';

interface PaperValues {
  bank_id: string;
  title: string;
  course_id?: string;
  book: BookMode;
  mode: PaperMode;
  duration_minutes: number;
  pass_mark: number;
  skill_level: boolean;
  double_marking: boolean;
  tolerance: number;
  blueprint?: BlueprintRow[];
  stations?: Station[];
}

/** The bank's current questions a blueprint row can draw from. */
export function available(pool: Question[], row: Partial<BlueprintRow> | undefined): number {
  if (!row?.kind) return 0;
  return pool.filter((q) => !q.retired && q.kind === row.kind && (!row.topic || q.topic === row.topic) && (!row.difficulty || q.difficulty === row.difficulty)).length;
}

/** What the API takes from the builder's values and the fixed paper's picks. */
export function paperIn(v: PaperValues, picked: string[], points: Record<string, number | undefined>): PaperIn {
  return {
    bank_id: v.bank_id,
    title: v.title.trim(),
    course_id: v.course_id ?? null,
    book: v.book,
    mode: v.mode,
    duration_minutes: v.duration_minutes,
    pass_mark: v.pass_mark,
    skill_level: v.skill_level,
    double_marking: v.double_marking,
    tolerance: v.tolerance,
    items: v.mode === 'fixed' ? picked.map((id) => ({ question_id: id, points: points[id] ?? null })) : [],
    blueprint:
      v.mode === 'drawn'
        ? (v.blueprint ?? []).map((r) => ({ kind: r.kind, count: r.count, points: r.points, topic: r.topic?.trim() || null, difficulty: r.difficulty ?? null }))
        : [],
    stations: (v.stations ?? []).map((s) => ({ name: s.name.trim(), checklist: s.checklist.map((c) => ({ item: c.item.trim(), points: c.points })) })),
  };
}

export function PaperBuilderPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<PaperValues>();
  const banks = useAllBanks();
  const bankId = Form.useWatch('bank_id', form);
  const mode = Form.useWatch('mode', form) ?? 'fixed';
  const double = Form.useWatch('double_marking', form);
  const blueprint = (Form.useWatch('blueprint', form) ?? []) as Partial<BlueprintRow>[];
  const stations = (Form.useWatch('stations', form) ?? []) as Partial<Station>[];
  const pool = useAllQuestions(bankId);
  const courses = useQuery({ queryKey: ['exams', 'courses'], queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/courses', { params: { query: { cursor, limit: PAGE_MAX } } }))) });
  const [picked, setPicked] = useState<string[]>([]);
  const [points, setPoints] = useState<Record<string, number | undefined>>({});
  const questions = useMemo(() => (pool.data ?? []).filter((q) => !q.retired), [pool.data]);
  const yesNo = (v: boolean) => (v ? t('exam.true') : t('exam.false'));
  const topics = [...new Set(questions.map((q) => q.topic))];

  const theoryPoints =
    mode === 'fixed'
      ? picked.reduce((sum, id) => sum + (points[id] ?? questions.find((q) => q.id === id)?.points ?? 0), 0)
      : blueprint.reduce((sum, r) => sum + (r?.count ?? 0) * (r?.points ?? 0), 0);

  const create = useMutation({
    mutationFn: (v: PaperValues) => unwrap(api.POST('/api/v1/exam-papers', { body: paperIn(v, picked, points) })),
    onSuccess: (p) => {
      message.success(t('exam.paper.created', { title: p.title }));
      void qc.invalidateQueries({ queryKey: examKeys.papers });
      void navigate(`/exams/papers?open=${p.id}`);
    },
    onError: (e) => showProblem(e, message, form),
  });

  return (
    <Card title={t('exam.paper.new')} data-testid="paper-builder">
      <Form<PaperValues>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          if (v.mode === 'fixed' && picked.length === 0) {
            message.error(t('exam.paper.pickSome'));
            return;
          }
          create.mutate(v);
        }}
        initialValues={{ book: 'closed', mode: 'fixed', duration_minutes: 90, pass_mark: 60, skill_level: false, double_marking: false, tolerance: 5, blueprint: [], stations: [] }}
        onValuesChange={(changed: Partial<PaperValues>) => {
          if (changed.bank_id !== undefined) {
            setPicked([]);
            setPoints({});
          }
        }}
      >
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item name="bank_id" label={t('exam.paper.bank')} rules={[{ required: true, message: t('exam.paper.bankRequired') }]} style={{ minWidth: 260 }}>
            <Select data-testid="paper-bank" loading={banks.isLoading} options={(banks.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
          </Form.Item>
          <Form.Item name="title" label={t('exam.paper.title')} rules={[{ required: true, whitespace: true, message: t('exam.paper.titleRequired') }, { max: 100 }]} style={{ minWidth: 260 }}>
            <Input maxLength={100} data-testid="paper-title" />
          </Form.Item>
          <Form.Item name="course_id" label={t('exam.paper.course')} extra={t('exam.paper.courseHint')} style={{ minWidth: 260 }}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(courses.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="book" label={t('exam.paper.book')}>
            <Radio.Group
              options={[
                { value: 'closed', label: t('exam.book.closed') },
                { value: 'open', label: t('exam.book.open') },
              ]}
            />
          </Form.Item>
          <Form.Item name="mode" label={t('exam.paper.mode')}>
            <Radio.Group
              data-testid="paper-mode"
              options={[
                { value: 'fixed', label: t('exam.mode.fixed') },
                { value: 'drawn', label: t('exam.mode.drawn') },
              ]}
            />
          </Form.Item>
          <Form.Item name="duration_minutes" label={t('exam.paper.duration')} rules={[{ required: true }]}>
            <InputNumber min={10} max={600} precision={0} suffix={t('exam.minutes')} data-testid="paper-duration" />
          </Form.Item>
          <Form.Item name="pass_mark" label={t('exam.paper.passMark')} rules={[{ required: true }]} extra={t('exam.paper.passMarkHint')}>
            <InputNumber min={1} max={100} precision={0} data-testid="paper-pass-mark" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="skill_level" label={t('exam.paper.skillLevel')} valuePropName="checked" extra={t('exam.paper.skillLevelHint')}>
            <Switch />
          </Form.Item>
          <Form.Item name="double_marking" label={t('exam.paper.doubleMarking')} valuePropName="checked" extra={t('exam.paper.doubleMarkingHint')}>
            <Switch data-testid="paper-double" />
          </Form.Item>
          {double && (
            <Form.Item name="tolerance" label={t('exam.paper.tolerance')}>
              <InputNumber min={0} max={100} precision={0} />
            </Form.Item>
          )}
        </Space>

        {mode === 'fixed' ? (
          <Card size="small" title={t('exam.paper.pickTitle', { n: picked.length })} style={{ marginBottom: 12 }}>
            {!bankId ? (
              <Typography.Text type="secondary">{t('exam.paper.chooseBankFirst')}</Typography.Text>
            ) : (
              <Table<Question>
                rowKey="id"
                size="small"
                loading={pool.isLoading}
                dataSource={questions}
                pagination={false}
                scroll={{ x: 720, y: 420 }}
                rowSelection={{
                  selectedRowKeys: picked,
                  // Keeps the order in which questions were picked: that is the paper's order.
                  onChange: (keys) => setPicked((now) => [...now.filter((k) => keys.includes(k)), ...keys.map(String).filter((k) => !now.includes(k))]),
                }}
                onRow={(q) => ({ 'data-testid': 'paper-question', 'data-stem': q.stem }) as HTMLAttributes<HTMLElement>}
                columns={[
                  { title: '#', key: 'n', width: 50, render: (_, q) => (picked.includes(q.id) ? picked.indexOf(q.id) + 1 : '') },
                  { title: t('exam.question.kind'), dataIndex: 'kind', width: 90, render: (k: string) => <Tag color="blue">{t(`exam.kind.${k}`)}</Tag> },
                  { title: t('exam.question.stem'), dataIndex: 'stem' },
                  { title: t('exam.question.key'), key: 'key', render: (_, q) => keyText(q.key, yesNo) },
                  { title: t('exam.question.topic'), dataIndex: 'topic', width: 90 },
                  {
                    title: t('exam.paper.itemPoints'),
                    key: 'p',
                    width: 110,
                    render: (_, q) => (
                      <InputNumber
                        size="small"
                        min={1}
                        max={100}
                        precision={0}
                        placeholder={String(q.points)}
                        value={points[q.id]}
                        disabled={!picked.includes(q.id)}
                        onChange={(v) => setPoints((p) => ({ ...p, [q.id]: v ?? undefined }))}
                      />
                    ),
                  },
                ]}
              />
            )}
          </Card>
        ) : (
          <Card size="small" title={t('exam.paper.blueprint')} style={{ marginBottom: 12 }}>
            <Form.List name="blueprint">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => {
                    const row = blueprint[i];
                    const n = available(questions, row);
                    const short = !!row?.count && row.count > n;
                    return (
                      <Space key={f.key} wrap align="start" data-testid="blueprint-row" style={{ display: 'flex', borderBottom: '1px solid #f0f0f0', marginBottom: 8 }}>
                        <Form.Item name={[f.name, 'kind']} label={t('exam.question.kind')} rules={[{ required: true }]}>
                          <Select style={{ width: 130 }} options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`exam.kind.${k}`) }))} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'topic']} label={t('exam.question.topic')}>
                          <Select allowClear style={{ width: 130 }} options={topics.map((x) => ({ value: x, label: x }))} placeholder={t('exam.paper.anyTopic')} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'difficulty']} label={t('exam.question.difficulty')}>
                          <InputNumber min={1} max={5} precision={0} placeholder={t('exam.paper.any')} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'count']} label={t('exam.paper.count')} rules={[{ required: true }]}>
                          <InputNumber min={1} max={200} precision={0} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'points']} label={t('exam.paper.pointsEach')} rules={[{ required: true }]}>
                          <InputNumber min={1} max={100} precision={0} />
                        </Form.Item>
                        <Form.Item label=" ">
                          <Space>
                            <Tag color={short ? 'red' : 'default'} data-testid="blueprint-available">
                              {t('exam.paper.available', { n })}
                            </Tag>
                            <Button type="text" icon={<DeleteOutlined />} aria-label={t('exam.paper.removeRow')} onClick={() => remove(f.name)} />
                          </Space>
                        </Form.Item>
                      </Space>
                    );
                  })}
                  <Button type="dashed" icon={<PlusOutlined />} data-testid="blueprint-add" onClick={() => add({ kind: 'single_choice', count: 10, points: 2 })}>
                    {t('exam.paper.addRow')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        )}

        <Card size="small" title={t('exam.paper.stations')} style={{ marginBottom: 12 }} extra={<Typography.Text type="secondary">{t('exam.paper.stationsHint')}</Typography.Text>}>
          <Form.List name="stations">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    type="inner"
                    style={{ marginBottom: 8 }}
                    data-testid="station"
                    title={
                      <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('exam.paper.stationNameRequired') }]} style={{ margin: 0 }}>
                        <Input maxLength={100} placeholder={t('exam.paper.stationName', { n: i + 1 })} />
                      </Form.Item>
                    }
                    extra={
                      <Space>
                        <Tag>{t('exam.paper.stationMax', { n: (stations[i]?.checklist ?? []).reduce((s, c) => s + (c?.points ?? 0), 0) })}</Tag>
                        <Button type="text" icon={<DeleteOutlined />} aria-label={t('exam.paper.removeStation')} onClick={() => remove(f.name)} />
                      </Space>
                    }
                  >
                    <Form.List name={[f.name, 'checklist']}>
                      {(items, { add: addItem, remove: removeItem }) => (
                        <>
                          {items.map((it) => (
                            <Space key={it.key} align="baseline" wrap style={{ display: 'flex' }}>
                              <Form.Item name={[it.name, 'item']} rules={[{ required: true, whitespace: true, message: t('exam.paper.itemRequired') }]}>
                                <Input maxLength={200} placeholder={t('exam.paper.checkItem')} style={{ width: 'min(60vw, 320px)' }} />
                              </Form.Item>
                              <Form.Item name={[it.name, 'points']} rules={[{ required: true, message: t('exam.paper.itemPointsRequired') }]}>
                                <InputNumber min={1} max={100} precision={0} placeholder={t('exam.question.points')} />
                              </Form.Item>
                              <Button type="text" icon={<DeleteOutlined />} aria-label={t('exam.paper.removeItem')} onClick={() => removeItem(it.name)} />
                            </Space>
                          ))}
                          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addItem({ item: '', points: 10 })}>
                            {t('exam.paper.addItem')}
                          </Button>
                        </>
                      )}
                    </Form.List>
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} data-testid="station-add" onClick={() => add({ name: '', checklist: [{ item: '', points: 10 }] })}>
                  {t('exam.paper.addStation')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Space wrap>
          <Typography.Text data-testid="paper-theory-points">{t('exam.paper.theoryPoints', { n: theoryPoints })}</Typography.Text>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="paper-save">
            {t('exam.paper.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
