// TR-18 counts the archive's five working days on a calendar of public holidays and make-up
// working days (调休上班): the platform's entries, which an association's own override for the
// same day. The association's staff list them by year, add days and remove their own; the
// platform admin does the same for the platform's. Archive due days follow at once (the server
// counts them when they are read).
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { hasAnyRole, useMe } from '../../../lib/me';
import { trainingKeys, useCalendarDays, type CalendarDay, type DayKind } from '../api/training';
import { AssociationPicker, associationsOf, useAssociation } from '../components/AssociationPicker';
import { shanghaiToday } from '../lib/rules';
import { ListError } from '../../../components/ListError';
import { Nothing } from '../../../components/Nothing';

export interface CalendarRow extends CalendarDay {
  /** A platform entry replaced by the association's own for the same day. */
  overridden: boolean;
}

/** The entries of a year in day order, the platform's marked where the association's own replaces them. */
export function calendarRows(days: CalendarDay[], year: number | 'all', kind: DayKind | 'all'): CalendarRow[] {
  const own = new Set(days.filter((d) => d.association_id).map((d) => d.day));
  return days
    .filter((d) => (year === 'all' || d.day.startsWith(`${year}-`)) && (kind === 'all' || d.kind === kind))
    .map((d) => ({ ...d, overridden: !d.association_id && own.has(d.day) }))
    .sort((a, b) => a.day.localeCompare(b.day) || Number(!!a.association_id) - Number(!!b.association_id));
}

/** The weekday of a calendar day (the day itself, whatever the device's zone). */
export function weekday(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

interface DayForm {
  day: Dayjs;
  kind: DayKind;
  name: string;
  scope: string;
}

const PLATFORM = 'platform';

export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [association, setAssociation] = useAssociation(me.data);
  const days = useCalendarDays(association);
  const keeper = hasAnyRole(me.data, ['association_admin', 'association_staff']);
  const admin = !!me.data?.is_platform_admin;
  const thisYear = Number(shanghaiToday().slice(0, 4));
  const [year, setYear] = useState<number | 'all'>(thisYear);
  const [kind, setKind] = useState<DayKind | 'all'>('all');
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<DayForm>();
  const names = new Map(associationsOf(me.data).map((a) => [a.id, a.name]));
  const years = [...new Set([thisYear, thisYear + 1, ...(days.data ?? []).map((d) => Number(d.day.slice(0, 4)))])].sort();
  const rows = calendarRows(days.data ?? [], year, kind);

  const add = useMutation({
    mutationFn: (v: DayForm) =>
      unwrap(api.POST('/api/v1/calendar-days', { body: { day: v.day.format('YYYY-MM-DD'), kind: v.kind, name: v.name, association_id: v.scope === PLATFORM ? null : v.scope } })),
    onSuccess: (d) => {
      message.success(t('calendar.added', { day: d.day }));
      setAdding(false);
      setYear(Number(d.day.slice(0, 4)));
      void qc.invalidateQueries({ queryKey: trainingKeys.calendar(association ?? '') });
    },
    onError: (e) => showProblem(e, message, form),
  });

  const remove = useMutation({
    mutationFn: (d: CalendarRow) => unwrap(api.DELETE('/api/v1/calendar-days/{id}', { params: { path: { id: d.id } } })),
    onSuccess: (_, d) => {
      message.success(t('calendar.removed', { day: d.day }));
      void qc.invalidateQueries({ queryKey: trainingKeys.calendar(association ?? '') });
    },
    onError: (e) => showProblem(e, message),
  });
  /** Who may remove an entry: the association's admin or staff their own, the platform admin the platform's. */
  const removable = (d: CalendarRow) => (d.association_id ? keeper && d.association_id === association : admin);

  const scopes = [...(association ? [{ value: association, label: names.get(association) ?? association }] : []), ...(admin ? [{ value: PLATFORM, label: t('calendar.platform') }] : [])];

  return (
    <Card
      title={t('calendar.title')}
      extra={
        <Space wrap>
          <AssociationPicker me={me.data} value={association} onChange={setAssociation} />
          {(keeper || admin) && (
            <Button
              type="primary"
              data-testid="calendar-add"
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ kind: 'holiday', scope: scopes[0]?.value });
                setAdding(true);
              }}
            >
              {t('calendar.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendar.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<number | 'all'>
          value={year}
          onChange={setYear}
          data-testid="calendar-year"
          style={{ minWidth: 120 }}
          options={[{ value: 'all' as const, label: t('calendar.allYears') }, ...years.map((y) => ({ value: y, label: t('calendar.year', { year: y }) }))]}
        />
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as DayKind | 'all')} optionType="button" data-testid="calendar-kind">
          <Radio.Button value="all">{t('calendar.allKinds')}</Radio.Button>
          <Radio.Button value="holiday">{t('calendar.kind.holiday')}</Radio.Button>
          <Radio.Button value="workday">{t('calendar.kind.workday')}</Radio.Button>
        </Radio.Group>
      </Space>
      {days.error ? (
        <ListError error={days.error} onRetry={() => days.refetch()} />
      ) : (
        <Table<CalendarRow>
          rowKey="id"
          size="small"
          loading={days.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 31, hideOnSinglePage: true }}
          locale={{ emptyText: <Nothing text={t('calendar.none')} /> }}
          scroll={{ x: 520 }}
          onRow={(d) => ({ 'data-testid': 'calendar-row', 'data-day': d.day, 'data-scope': d.association_id ? 'association' : 'platform' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('calendar.day'), dataIndex: 'day', width: 150, render: (d: string) => `${d}(${weekday(d, i18n.language)})` },
            { title: t('calendar.kindLabel'), dataIndex: 'kind', width: 110, render: (k: DayKind) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`calendar.kind.${k}`)}</Tag> },
            { title: t('calendar.name'), dataIndex: 'name' },
            {
              title: t('calendar.scope'),
              key: 'scope',
              render: (_, d) => (
                <Space size={4} wrap>
                  <span>{d.association_id ? (names.get(d.association_id) ?? t('calendar.association')) : t('calendar.platform')}</span>
                  {d.overridden && (
                    <Tag data-testid="calendar-overridden">{t('calendar.overridden')}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: '',
              key: 'remove',
              width: 80,
              render: (_, d) =>
                removable(d) ? (
                  <Popconfirm title={t('calendar.removeConfirm', { day: d.day })} okText={t('calendar.remove')} cancelText={t('app.cancel')} onConfirm={() => remove.mutate(d)}>
                    <Button size="small" danger data-testid="calendar-remove">
                      {t('calendar.remove')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
      <Modal
        open={adding}
        title={t('calendar.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: add.isPending, ...({ 'data-testid': 'calendar-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} preserve={false}>
          <Form.Item name="day" label={t('calendar.day')} rules={[{ required: true, message: t('calendar.dayRequired') }]}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="kind" label={t('calendar.kindLabel')} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value="holiday">{t('calendar.kind.holiday')}</Radio>
              <Radio value="workday" data-testid="calendar-workday">
                {t('calendar.kind.workday')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="name" label={t('calendar.name')} rules={[{ required: true, whitespace: true, message: t('calendar.nameRequired') }]}>
            <Input maxLength={100} placeholder={t('calendar.namePlaceholder')} data-testid="calendar-name" />
          </Form.Item>
          <Form.Item name="scope" label={t('calendar.scope')} rules={[{ required: true }]} extra={t('calendar.scopeHint')}>
            <Select options={scopes} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
