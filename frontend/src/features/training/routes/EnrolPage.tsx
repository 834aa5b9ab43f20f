// The enterprise training officer's enrolment screen: pick a class, tick one or several
// employees, submit them as one batch; each person gets its own answer (a refusal says why).
// Or import a CSV/XLSX sheet of names and ID numbers into the class, all or nothing or the
// good rows only, with a per-row report.
import { useState } from 'react';
import { Alert, App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { useCurrentOrg } from '../../../lib/current-org';
import { formatDay } from '../../../lib/format';
import { useCursorPages, useListTotal } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { ListError } from '../../../components/ListError';
import type { components } from '../../../lib/api/schema';
import { trainingKeys, useClasses, useCourses, useEnrolments, type EnrolmentRow } from '../api/training';
import { yuan } from '../../../lib/money';
import { StatusTag } from '../components/StatusTag';
import { EnrolmentImport } from '../components/EnrolmentImport';
import { ItemList, ListItem } from '../../../components/ItemList';

type Person = components['schemas']['Person'];
interface Outcome {
  person: string;
  ok: boolean;
  text: string;
}

export function EnrolPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { orgId } = useCurrentOrg();
  const [params] = useSearchParams();
  const [classId, setClassId] = useState<string | undefined>(params.get('class') ?? undefined);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const classes = useClasses();
  // Only the programme's own classes (the course list is tenant-scoped), planned and ahead.
  const courses = useCourses(undefined, 200);
  const ours = new Set((courses.data?.items ?? []).map((c) => c.id));
  const open = (classes.data ?? []).filter((c) => ours.has(c.course_id) && c.status === 'planned' && new Date(c.starts_at) > new Date());
  const chosen = open.find((c) => c.id === classId);
  // The employees are searched and paged on the server: an enterprise has thousands.
  const [q, setQ] = useState('');
  const pages = useCursorPages();
  const persons = useQuery({
    queryKey: ['persons', 'employees', orgId, q, pages.cursor],
    enabled: !!orgId,
    queryFn: () => unwrap(api.GET('/api/v1/persons', { params: { query: { employer_id: orgId, q: q || undefined, limit: 20, cursor: pages.cursor, with_total: pages.withTotal } } })),
  });
  const personsTotal = useListTotal(pages, persons.data?.total);
  // A class's enrolments are bounded by its capacity: one page of 200 holds them all.
  const enrolled = useEnrolments({ class_id: classId, limit: 200 }, !!classId);
  const enrolledStatus = new Map((enrolled.data?.items ?? []).map((e) => [e.person_id, e.status]));
  // Names of the ticked people, kept across pages and searches for the batch's report.
  const [pickedNames, setPickedNames] = useState<Map<string, string>>(new Map());

  // One request for the whole batch (good rows go in, each bad row is reported by position).
  const submit = async () => {
    if (!classId) return;
    setBusy(true);
    const names = pickedNames;
    const order = [...picked];
    try {
      const report = await unwrap(api.POST('/api/v1/enrolment-batches', { body: { class_id: classId, person_ids: order, mode: 'good_rows' } }));
      const refused = new Map(report.rejected.map((r) => [r.line, r.reason]));
      const results: Outcome[] = order.map((id, i) => {
        const reason = refused.get(i + 1);
        return { person: names.get(id) ?? id, ok: reason === undefined, text: reason ?? t('training.submitted') };
      });
      setOutcomes(results);
      setPicked([]);
      const good = report.enrolled.length;
      if (good === order.length) message.success(t('training.batchDone', { n: good }));
      else message.warning(t('training.batchPartly', { ok: good, failed: order.length - good }));
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={t('training.enrolTitle')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select
            data-testid="enrol-class"
            style={{ width: '100%', maxWidth: 560 }}
            placeholder={t('training.pickClass')}
            value={classId}
            onChange={(v: string) => {
              setClassId(v);
              setOutcomes([]);
            }}
            options={open.map((c) => ({ value: c.id, label: `${c.name}(${formatDay(c.starts_at)})` }))}
          />
          {chosen && (
            <Typography.Text type="secondary">
              {chosen.venue ?? chosen.online_link} · {t('training.feePair', { training: yuan(chosen.training_fee), exam: yuan(chosen.exam_fee) })}
            </Typography.Text>
          )}
          <Input.Search
            data-testid="enrol-search"
            allowClear
            placeholder={t('training.searchEmployee')}
            style={{ maxWidth: 320 }}
            onSearch={(v) => {
              pages.reset();
              setQ(v.trim());
            }}
          />
          <ListError error={persons.error} />
          <Table<Person>
            rowKey="id"
            size="small"
            loading={persons.isLoading}
            dataSource={persons.data?.items ?? []}
            pagination={false}
            scroll={{ x: 480 }}
            onRow={(p) => ({ 'data-testid': 'enrol-person', 'data-enrolled': enrolledStatus.has(p.id) }) as React.HTMLAttributes<HTMLElement>}
            rowSelection={{
              selectedRowKeys: picked,
              preserveSelectedRowKeys: true,
              // Already in this class: shown greyed with their status, not offered again.
              getCheckboxProps: (p) => ({ disabled: enrolledStatus.has(p.id) }),
              onChange: (keys, rows) => {
                setPicked(keys as string[]);
                setPickedNames((m) => new Map([...m, ...rows.filter(Boolean).map((r) => [r.id, r.name] as [string, string])]));
              },
            }}
            columns={[
              {
                title: t('person.name'),
                dataIndex: 'name',
                render: (name: string, p) => (
                  <Space size={4}>
                    <span style={enrolledStatus.has(p.id) ? { color: 'rgba(0, 0, 0, 0.45)' } : undefined}>{name}</span>
                    {enrolledStatus.has(p.id) && <Tag data-testid="already-enrolled">{t('training.alreadyEnrolled')}</Tag>}
                  </Space>
                ),
              },
              { title: t('person.nationalId'), dataIndex: 'national_id_masked' },
              { title: t('person.post'), dataIndex: 'post' },
            ]}
          />
          <CursorPager pages={pages} nextCursor={persons.data?.next_cursor} total={personsTotal} />
          <Button type="primary" data-testid="enrol-submit" disabled={!classId || picked.length === 0} loading={busy} onClick={() => void submit()}>
            {t('training.submitBatch', { n: picked.length })}
          </Button>
          {outcomes.length > 0 && (
            <ItemList
              size="small"
              bordered
              data-testid="enrol-outcomes"
              dataSource={outcomes}
              renderItem={(o) => (
                <ListItem>
                  <Alert type={o.ok ? 'success' : 'error'} showIcon title={`${o.person}:${o.text}`} style={{ width: '100%' }} />
                </ListItem>
              )}
            />
          )}
        </Space>
      </Card>
      {classId && <EnrolmentImport key={classId} classId={classId} />}
      {classId && (
        <Card size="small" title={t('training.enrolments')} data-testid="enrol-class-enrolments">
          <Table<EnrolmentRow>
            rowKey="id"
            size="small"
            dataSource={enrolled.data?.items ?? []}
            pagination={false}
            columns={[
              { title: t('person.name'), dataIndex: 'person_name' },
              { title: t('training.status'), dataIndex: 'status', render: (s: EnrolmentRow['status']) => <StatusTag status={s} /> },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
