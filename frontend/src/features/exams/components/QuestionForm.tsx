// One question's form, new or revised (EX-09; a revision is a new version, the old one stays
// with the papers and attempts that took it): the kind, the stem, a choice question's options,
// the key in the kind's own shape (the option(s) that are right, true or false, the accepted
// spellings of each blank, a short answer's reference for the evaluators), points, topic and
// difficulty. The form's values and the API's `QuestionIn` are converted here in both ways.
import { Button, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { QUESTION_KINDS, type Question, type QuestionIn, type QuestionKind } from '../api/exams';
import { letter } from '../lib/rules';

export interface QuestionValues {
  kind: QuestionKind;
  stem: string;
  options: string[];
  /** single choice: the right option's index. */
  choice?: number;
  /** multiple choice: the right options' indices. */
  choices?: number[];
  /** true/false: the right value. */
  value?: boolean;
  /** fill-in: each blank's accepted spellings, separated by "/" (as in the import sheet). */
  blanks?: string[];
  /** short answer: the reference answer. */
  reference?: string;
  points: number;
  topic: string;
  difficulty: number;
}

const choiceKinds: QuestionKind[] = ['single_choice', 'multiple_choice'];
export const hasOptions = (k: QuestionKind | undefined) => !!k && choiceKinds.includes(k);

/** The form's starting values for a new question of `kind`. */
export function newQuestionValues(kind: QuestionKind = 'single_choice', topic = ''): QuestionValues {
  return { kind, stem: '', options: hasOptions(kind) ? ['', '', '', ''] : [], choices: [], blanks: [''], points: 2, topic, difficulty: 2, value: true };
}

/** A question's values on the form (to revise it). */
export function questionValues(q: Question): QuestionValues {
  const v: QuestionValues = { kind: q.kind, stem: q.stem, options: [...q.options], points: q.points, topic: q.topic, difficulty: q.difficulty };
  const k = q.key;
  if (k.kind === 'single_choice') v.choice = k.choice;
  if (k.kind === 'multiple_choice') v.choices = [...k.choices];
  if (k.kind === 'true_false') v.value = k.value;
  if (k.kind === 'fill_blank') v.blanks = k.blanks.map((b) => b.join('/'));
  if (k.kind === 'short_answer') v.reference = k.reference;
  return v;
}

/** What the API takes from the form's values. */
export function questionIn(v: QuestionValues): QuestionIn {
  const options = hasOptions(v.kind) ? v.options.map((o) => o.trim()) : [];
  const base = { stem: v.stem.trim(), options, points: v.points, topic: v.topic.trim(), difficulty: v.difficulty };
  switch (v.kind) {
    case 'single_choice':
      return { ...base, key: { kind: 'single_choice', choice: v.choice ?? 0 } };
    case 'multiple_choice':
      return { ...base, key: { kind: 'multiple_choice', choices: [...(v.choices ?? [])].sort((a, b) => a - b) } };
    case 'true_false':
      return { ...base, key: { kind: 'true_false', value: v.value ?? true } };
    case 'fill_blank':
      return {
        ...base,
        key: {
          kind: 'fill_blank',
          blanks: (v.blanks ?? []).map((b) =>
            b
              .split('/')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          ),
        },
      };
    case 'short_answer':
      return { ...base, key: { kind: 'short_answer', reference: (v.reference ?? '').trim() } };
  }
}

export function QuestionForm({ form, onFinish, kindLocked }: { form: FormInstance<QuestionValues>; onFinish: (v: QuestionValues) => void; kindLocked?: boolean }) {
  const { t } = useTranslation();
  const kind = Form.useWatch('kind', form);
  const options = (Form.useWatch('options', form) ?? []) as string[];
  const optionChoices = options.map((o, i) => ({ value: i, label: `${letter(i)}${o ? `. ${o}` : ''}` }));
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} preserve={false} data-testid="question-form">
      <Form.Item name="kind" label={t('exam.question.kind')} rules={[{ required: true }]}>
        <Select
          disabled={kindLocked}
          data-testid="question-kind"
          options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`exam.kind.${k}`) }))}
          onChange={(k: QuestionKind) => {
            if (hasOptions(k) && (form.getFieldValue('options') as string[] | undefined)?.length === 0) form.setFieldsValue({ options: ['', '', '', ''] });
          }}
        />
      </Form.Item>
      <Form.Item name="stem" label={t('exam.question.stem')} rules={[{ required: true, whitespace: true, message: t('exam.question.stemRequired') }]} extra={kind === 'fill_blank' ? t('exam.question.blankHint') : undefined}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="question-stem" />
      </Form.Item>
      {hasOptions(kind) && (
        <Form.List
          name="options"
          rules={[
            {
              validator: async (_, v?: string[]) => {
                if (!v || v.length < 2 || v.length > 8) throw new Error(t('exam.question.optionsCount'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('exam.question.options')}>
              {fields.map(({ key, ...f }, i) => (
                <Space key={key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Typography.Text strong>{letter(i)}</Typography.Text>
                  <Form.Item {...f} noStyle rules={[{ required: true, whitespace: true, message: t('exam.question.optionRequired') }]}>
                    <Input maxLength={500} style={{ width: 'min(60vw, 360px)' }} data-testid="question-option" />
                  </Form.Item>
                  {fields.length > 2 && <Button type="text" icon={<DeleteOutlined />} aria-label={t('exam.question.removeOption')} onClick={() => remove(f.name)} />}
                </Space>
              ))}
              {fields.length < 8 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                  {t('exam.question.addOption')}
                </Button>
              )}
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
      )}
      {kind === 'single_choice' && (
        <Form.Item name="choice" label={t('exam.question.key')} rules={[{ required: true, message: t('exam.question.keyRequired') }]}>
          <Radio.Group options={optionChoices} data-testid="question-key-choice" />
        </Form.Item>
      )}
      {kind === 'multiple_choice' && (
        <Form.Item name="choices" label={t('exam.question.key')} rules={[{ required: true, type: 'array', min: 1, message: t('exam.question.keyRequired') }]}>
          <Checkbox.Group options={optionChoices} data-testid="question-key-choices" />
        </Form.Item>
      )}
      {kind === 'true_false' && (
        <Form.Item name="value" label={t('exam.question.key')} rules={[{ required: true, message: t('exam.question.keyRequired') }]}>
          <Radio.Group
            data-testid="question-key-value"
            options={[
              { value: true, label: t('exam.true') },
              { value: false, label: t('exam.false') },
            ]}
          />
        </Form.Item>
      )}
      {kind === 'fill_blank' && (
        <Form.List name="blanks">
          {(fields, { add, remove }) => (
            <Form.Item label={t('exam.question.blanks')} extra={t('exam.question.blanksHint')}>
              {fields.map(({ key, ...f }, i) => (
                <Space key={key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Typography.Text>{t('exam.question.blankNo', { n: i + 1 })}</Typography.Text>
                  <Form.Item {...f} noStyle rules={[{ required: true, whitespace: true, message: t('exam.question.keyRequired') }]}>
                    <Input maxLength={500} style={{ width: 'min(55vw, 320px)' }} data-testid="question-blank" />
                  </Form.Item>
                  {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} aria-label={t('exam.question.removeBlank')} onClick={() => remove(f.name)} />}
                </Space>
              ))}
              {fields.length < 10 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                  {t('exam.question.addBlank')}
                </Button>
              )}
            </Form.Item>
          )}
        </Form.List>
      )}
      {kind === 'short_answer' && (
        <Form.Item name="reference" label={t('exam.question.reference')} rules={[{ required: true, whitespace: true, message: t('exam.question.keyRequired') }]}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="question-reference" />
        </Form.Item>
      )}
      <Space wrap>
        <Form.Item name="points" label={t('exam.question.points')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100} precision={0} data-testid="question-points" />
        </Form.Item>
        <Form.Item name="difficulty" label={t('exam.question.difficulty')} rules={[{ required: true }]} tooltip={t('exam.question.difficultyHint')}>
          <InputNumber min={1} max={5} precision={0} data-testid="question-difficulty" />
        </Form.Item>
      </Space>
      <Form.Item name="topic" label={t('exam.question.topic')} rules={[{ required: true, whitespace: true, message: t('exam.question.topicRequired') }]} extra={t('exam.question.topicHint')}>
        <Input maxLength={50} data-testid="question-topic" />
      </Form.Item>
    </Form>
  );
}
