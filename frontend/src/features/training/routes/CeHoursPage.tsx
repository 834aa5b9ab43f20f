// CE-03: a person's continuing-education hours in the current 3-year period and the ledger
// lines behind them (passed classes, online study, association sessions on new policy,
// regulation or technique). The association's staff record an association session or online
// study held on a past day; the server refuses what it already counts.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { hasAnyRole, useMe } from '../../../lib/me';
import { trainingKeys, useCeHours, type CeEntry, type CeSource, type CeTopic } from '../api/training';
import { AssociationPicker, useAssociation } from '../components/AssociationPicker';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { shanghaiToday } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';

const SOURCE_COLOUR: Record<CeSource, string> = { completed_class: 'blue', online_study: 'cyan', association_session: 'purple' };
const TOPICS: CeTopic[] = ['new_policy', 'new_regulation', 'new_technique'];

interface EntryForm {
  source: Exclude<CeSource, 'completed_class'>;
  topic?: CeTopic;
  title: string;
  hours: number;
  held_on: Dayjs;
}

/** The ledger newest first (the server gives the period's lines in no promised order). */
export function newestFirst(entries: CeEntry[]): CeEntry[] {
  return [...entries].sort((a, b) => b.held_on.localeCompare(a.held_on) || a.title.localeCompare(b.title));
}

export function CeHoursPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const department = hasAnyRole(me.data, ['association_admin', 'association_staff']);
  const [association, setAssociation] = useAssociation(me.data);
  const person = useQuery({ queryKey: ['persons', 'one', id], queryFn: () => unwrap(api.GET('/api/v1/persons/{id}', { params: { path: { id } } })) });
  const ledger = useCeHours(id);
  const [recording, setRecording] = useState(false);
  const [form] = Form.useForm<EntryForm>();
  const l = ledger.data;
  const today = shanghaiToday();

  const record = useMutation({
    mutationFn: (v: EntryForm) =>
      unwrap(
        api.POST('/api/v1/ce-hours', {
          body: {
            person_id: id,
            association_id: association ?? '',
            source: v.source,
            topic: v.source === 'association_session' ? v.topic : undefined,
            title: v.title,
            hours: v.hours,
            held_on: v.held_on.format('YYYY-MM-DD'),
          },
        }),
      ),
    onSuccess: () => {
      message.success(t('ce.recorded'));
      setRecording(false);
      void qc.invalidateQueries({ queryKey: trainingKeys.ce(id) });
    },
    onError: (e) => showProblem(e, message, form),
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        title={t('ce.title', { name: person.data?.name ?? '' })}
        loading={ledger.isLoading}
        extra={
          <Space wrap>
            {department && <AssociationPicker me={me.data} value={association} onChange={setAssociation} />}
            {department && (
              <Button
                type="primary"
                data-testid="ce-record"
                onClick={() => {
                  form.resetFields();
                  setRecording(true);
                }}
              >
                {t('ce.record')}
              </Button>
            )}
          </Space>
        }
      >
        {ledger.error ? (
          <Alert type="error" showIcon title={<ProblemText error={ledger.error} />} />
        ) : (
          l && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Descriptions size="small" column={{ xs: 1, sm: 1, md: 3 }} bordered>
                <Descriptions.Item label={t('ce.period')}>
                  <span data-testid="ce-period">{l.period_starts_on ? t('ce.periodRange', { from: l.period_starts_on, to: l.period_ends_on ?? '' }) : t('ce.noPeriod')}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('ce.hours')}>
                  <Typography.Text strong data-testid="ce-hours">
                    {t('ce.hoursValue', { n: l.hours })}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('ce.met')}>
                  {l.met ? (
                    <Tag color="green" data-testid="ce-met" data-met="true">
                      {t('ce.metYes')}
                    </Tag>
                  ) : (
                    <Tag color="red" data-testid="ce-met" data-met="false">
                      {t('ce.metNo')}
                    </Tag>
                  )}
                </Descriptions.Item>
              </Descriptions>
              <Typography.Text type="secondary">{t('ce.hint')}</Typography.Text>
              <ResponsiveTable<CeEntry>
                rowKey={(e) => `${e.source}-${e.held_on}-${e.title}`}
                size="small"
                dataSource={newestFirst(l.entries)}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                emptyText={t('ce.noEntries')}
                titleColumn="title"
                scroll={{ x: 520 }}
                onRow={() => ({ 'data-testid': 'ce-entry' }) as HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('ce.heldOn'), dataIndex: 'held_on', width: 110 },
                  { title: t('ce.source'), dataIndex: 'source', width: 130, render: (s: CeSource) => <Tag color={SOURCE_COLOUR[s]}>{t(`ce.sources.${s}`)}</Tag> },
                  { title: t('ce.entryTitle'), dataIndex: 'title' },
                  { title: t('ce.entryHours'), dataIndex: 'hours', width: 80 },
                ]}
              />
            </Space>
          )
        )}
        <div style={{ marginTop: 12 }}>
          <Link to="/persons">{t('ce.back')}</Link>
        </div>
      </Card>

      <Modal
        open={recording}
        title={t('ce.record')}
        onCancel={() => setRecording(false)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: record.isPending, ...({ 'data-testid': 'ce-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => record.mutate(v)} preserve={false} initialValues={{ source: 'association_session', hours: 4, held_on: dayjs(today) }}>
          <Form.Item name="source" label={t('ce.source')} rules={[{ required: true }]}>
            <Select
              data-testid="ce-source"
              options={(['association_session', 'online_study'] as const).map((s) => ({ value: s, label: t(`ce.sources.${s}`) }))}
            />
          </Form.Item>
          {/* The topic field follows the source through the form's own store (not a watched
              copy in page state, which arrives one render later): it exists from the form's
              first render, so a save clicked at once still validates it. */}
          <Form.Item noStyle dependencies={['source']}>
            {({ getFieldValue }) =>
              getFieldValue('source') === 'association_session' && (
                <Form.Item name="topic" label={t('ce.topic')} rules={[{ required: true, message: t('ce.topicRequired') }]} extra={t('ce.topicHint')}>
                  <Select data-testid="ce-topic" options={TOPICS.map((x) => ({ value: x, label: t(`ce.topics.${x}`) }))} />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="title" label={t('ce.entryTitle')} rules={[{ required: true, whitespace: true, message: t('ce.titleRequired') }]}>
            <Input maxLength={200} data-testid="ce-title" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="hours" label={t('ce.entryHours')} rules={[{ required: true }]}>
              <InputNumber min={1} max={200} precision={0} data-testid="ce-hours-input" />
            </Form.Item>
            <Form.Item name="held_on" label={t('ce.heldOn')} rules={[{ required: true }]}>
              <DatePicker format="YYYY-MM-DD" allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}
