// People: a foldable query form (name, exact ID number, employer), cursor pages with a page
// size and the rows' range, columns to show or hide (kept on the device), a person's detail in
// a drawer beside the list, create/edit with server field errors on the fields (birth date and
// sex read from a valid resident ID number as it is typed), XLSX export, CSV/XLSX import (a
// job: PersonImport).
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Radio, Select, Space, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, rawRequest, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { useCurrentOrg } from '../../../lib/current-org';
import { can, hasAnyRole, useMe } from '../../../lib/me';
import { Link } from 'react-router';
import { ListError } from '../../../components/ListError';
import { PersonImport } from '../components/PersonImport';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings, type KeyedColumn } from '../../../components/ColumnSettings';
import { parseResidentId } from '../../../lib/residentId';
import { formatInstant } from '../../../lib/format';
import { ProblemAlert } from '../../../components/ProblemText';
import { saveBlob } from '../../../lib/saveBlob';

type Person = components['schemas']['Person'];
type Filters = { q?: string; national_id?: string; employer_id?: string };

interface FormValues {
  name: string;
  gender: 'male' | 'female';
  birth_date?: Dayjs;
  national_id: string;
  education_level?: components['schemas']['EducationLevel'];
  school?: string;
  education_certificate_no?: string;
  title?: string;
  title_level?: components['schemas']['TitleLevel'];
  employer_id: string;
  post?: string;
  post_since?: Dayjs;
  social_insurance?: components['schemas']['SocialInsurance'];
}

const day = (d?: Dayjs) => (d ? d.format('YYYY-MM-DD') : undefined);
const blank = (s?: string) => (s && s.trim() !== '' ? s : undefined);

export function PersonsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { orgId } = useCurrentOrg();
  const pages = useCursorPages();
  const [pageSize, setPageSize] = usePageSize('persons');
  const [filters, setFilters] = useState<Filters>({});
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [viewing, setViewing] = useState<string | null>(null);
  /** Whether the birth date and sex on the form were read from the ID number just typed. */
  const [fromId, setFromId] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const [queryForm] = Form.useForm<Filters>();
  const me = useMe();
  // CE-03 hours: the association's staff for its members' people, a practitioner for themself (the server decides).
  const ceReader = hasAnyRole(me.data, ['association_admin', 'association_staff']);
  const showsCe = (p: Person) => ceReader || (!!p.user_id && p.user_id === me.data?.user.id);

  const list = useQuery({
    queryKey: ['persons', filters, pages.cursor, pageSize],
    queryFn: () => unwrap(api.GET('/api/v1/persons', { params: { query: { ...filters, limit: pageSize, cursor: pages.cursor, with_total: pages.withTotal } } })),
  });
  const total = useListTotal(pages, list.data?.total);
  const viewed = useQuery({
    queryKey: ['persons', 'one', viewing],
    enabled: !!viewing,
    queryFn: () => unwrap(api.GET('/api/v1/persons/{id}', { params: { path: { id: viewing ?? '' } } })),
  });
  const orgs = useQuery({
    queryKey: ['organizations', 'employers'],
    queryFn: () => unwrap(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })),
  });
  const employers = (orgs.data?.items ?? []).filter((o) => o.kind !== 'regulator');

  const save = useMutation({
    mutationFn: async (v: FormValues) => {
      const body = {
        name: v.name,
        gender: v.gender,
        birth_date: day(v.birth_date) ?? '',
        national_id: v.national_id,
        education_level: v.education_level,
        school: blank(v.school),
        education_certificate_no: blank(v.education_certificate_no),
        title: blank(v.title),
        title_level: v.title_level,
        employer_id: v.employer_id,
        post: blank(v.post),
        post_since: day(v.post_since),
        social_insurance: v.social_insurance,
      };
      if (editing && editing !== 'new') {
        return unwrap(
          api.PATCH('/api/v1/persons/{id}', {
            params: { path: { id: editing.id }, header: { 'If-Match': `"${editing.version}"` } },
            body,
          }),
        );
      }
      return unwrap(api.POST('/api/v1/persons', { body }));
    },
    onSuccess: () => {
      message.success(t('app.saved'));
      setEditing(null);
      setFromId(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['persons'] });
    },
    onError: (e) => showProblem(e, message, form),
  });

  const openNew = () => {
    form.resetFields();
    const own = employers.find((o) => o.id === orgId);
    form.setFieldsValue({ gender: 'male', employer_id: own?.id });
    setFromId(false);
    setEditing('new');
  };

  const openEdit = async (p: Person) => {
    try {
      const full = await unwrap(api.GET('/api/v1/persons/{id}', { params: { path: { id: p.id } } }));
      form.resetFields();
      form.setFieldsValue({
        ...full,
        national_id: full.national_id ?? '',
        birth_date: dayjs(full.birth_date),
        post_since: full.post_since ? dayjs(full.post_since) : undefined,
        education_level: full.education_level ?? undefined,
        title_level: full.title_level ?? undefined,
        social_insurance: full.social_insurance ?? undefined,
        school: full.school ?? undefined,
        education_certificate_no: full.education_certificate_no ?? undefined,
        title: full.title ?? undefined,
        post: full.post ?? undefined,
      });
      setFromId(false);
      setEditing(full);
    } catch (e) {
      showProblem(e, message);
    }
  };

  const exportXlsx = async () => {
    try {
      const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]);
      const res = await rawRequest(`/api/v1/persons/export?${qs.toString()}`, { method: 'GET' });
      saveBlob(await res.blob(), 'persons.xlsx');
    } catch (e) {
      showProblem(e, message);
    }
  };

  /** A valid ID number typed on the form fills the birth date and sex it holds (GB 11643). */
  const readId = (changed: Partial<FormValues>) => {
    if (changed.national_id === undefined) return;
    const facts = parseResidentId(changed.national_id);
    if (!facts) {
      setFromId(false);
      return;
    }
    form.setFieldsValue({ birth_date: dayjs(facts.birthDate), gender: facts.gender });
    form.setFields([
      { name: 'birth_date', errors: [] },
      { name: 'gender', errors: [] },
    ]);
    setFromId(true);
  };

  const columns: KeyedColumn<Person>[] = [
    {
      key: 'name',
      title: t('person.name'),
      dataIndex: 'name',
      render: (n: string, p) => (
        <a onClick={() => setViewing(p.id)} data-testid="person-open">
          {n}
        </a>
      ),
    },
    { key: 'gender', title: t('person.gender'), dataIndex: 'gender', render: (g: string) => t(`person.${g}`) },
    { key: 'birth_date', title: t('person.birthDate'), dataIndex: 'birth_date' },
    { key: 'national_id', title: t('person.nationalId'), dataIndex: 'national_id_masked', render: (v: string) => <span data-testid="masked-id">{v}</span> },
    { key: 'employer', title: t('person.employer'), dataIndex: 'employer_name' },
    { key: 'post', title: t('person.post'), dataIndex: 'post' },
    { key: 'title', title: t('person.title'), dataIndex: 'title' },
    { key: 'education', title: t('person.education'), dataIndex: 'education_level', render: (v?: string | null) => (v ? t(`education.${v}`) : '') },
  ];
  const shownColumns = useColumnSettings('persons', columns, ['title', 'education']);
  const person = viewed.data;

  return (
    <Card
      title={t('nav.persons')}
      extra={
        <Space wrap>
          <Button onClick={() => void exportXlsx()}>{t('person.export')}</Button>
          {/* Only for those the server lets manage persons: the regulator and finance see none. */}
          {can(me.data, 'manage_persons') && <Button onClick={() => setImporting(true)}>{t('person.import')}</Button>}
          {can(me.data, 'manage_persons') && (
            <Button type="primary" data-testid="person-new" onClick={openNew}>
              {t('person.new')}
            </Button>
          )}
        </Space>
      }
    >
      <QueryForm<Filters>
        form={queryForm}
        onSearch={(v) => {
          pages.reset();
          setFilters({ q: blank(v.q), national_id: blank(v.national_id), employer_id: v.employer_id });
        }}
        onReset={() => {
          pages.reset();
          setFilters({});
        }}
      >
        <Form.Item name="q" label={t('person.filterName')}>
          <Input allowClear data-testid="filter-name" />
        </Form.Item>
        <Form.Item name="national_id" label={t('person.filterId')}>
          <Input allowClear data-testid="filter-id" />
        </Form.Item>
        <Form.Item name="employer_id" label={t('person.employer')}>
          <Select allowClear data-testid="filter-employer" showSearch={{ optionFilterProp: 'label' }} options={employers.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
      </QueryForm>
      <ListError error={list.error} onRetry={() => list.refetch()} />
      <Space style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 8 }}>{shownColumns.settings}</Space>
      <Table<Person>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          ...shownColumns.visible,
          {
            title: t('app.actions'),
            key: 'a',
            render: (_, p) => (
              <Space size={12}>
                {can(me.data, 'manage_persons') && <a onClick={() => void openEdit(p)}>{t('app.edit')}</a>}
                {showsCe(p) && (
                  <Link to={`/persons/${p.id}/ce-hours`} data-testid="person-ce">
                    {t('person.ceHours')}
                  </Link>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} count={list.data?.items.length} pageSize={pageSize} onPageSize={setPageSize} total={total} />

      <Drawer
        open={viewing !== null}
        title={person?.name ?? t('person.detail')}
        size="large"
        onClose={() => setViewing(null)}
        data-testid="person-drawer"
        extra={
          person && (
            <Space>
              {showsCe(person) && <Link to={`/persons/${person.id}/ce-hours`}>{t('person.ceHours')}</Link>}
              {can(me.data, 'manage_persons') && (
                <Button
                  type="primary"
                  data-testid="person-drawer-edit"
                  onClick={() => {
                    setViewing(null);
                    void openEdit(person);
                  }}
                >
                  {t('app.edit')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {viewed.error ? (
          <ProblemAlert error={viewed.error} />
        ) : (
          person && (
            <Descriptions column={1} size="small" bordered data-testid="person-detail">
              <Descriptions.Item label={t('person.name')}>{person.name}</Descriptions.Item>
              <Descriptions.Item label={t('person.nationalId')}>
                <span data-testid="person-detail-id">{person.national_id ?? person.national_id_masked}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('person.gender')}>{t(`person.${person.gender}`)}</Descriptions.Item>
              <Descriptions.Item label={t('person.birthDate')}>{person.birth_date}</Descriptions.Item>
              <Descriptions.Item label={t('person.employer')}>{person.employer_name ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.post')}>{person.post ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.postSince')}>{person.post_since ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.education')}>{person.education_level ? t(`education.${person.education_level}`) : ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.school')}>{person.school ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.certificateNo')}>{person.education_certificate_no ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.title')}>{person.title ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.titleLevel')}>{person.title_level ? t(`titleLevel.${person.title_level}`) : ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.insurance')}>{person.social_insurance ? t(`insurance.${person.social_insurance}`) : ''}</Descriptions.Item>
              <Descriptions.Item label={t('person.account')}>{person.user_id ? t('person.hasAccount') : t('person.noAccount')}</Descriptions.Item>
              <Descriptions.Item label={t('person.createdAt')}>{formatInstant(person.created_at)}</Descriptions.Item>
            </Descriptions>
          )
        )}
      </Drawer>

      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('person.new') : t('person.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'person-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} onValuesChange={readId} preserve={false}>
          <Form.Item name="name" label={t('person.name')} rules={[{ required: true }]}>
            <Input data-testid="person-name" />
          </Form.Item>
          <Form.Item name="national_id" label={t('person.nationalId')} rules={[{ required: true }]} extra={t('person.idFillsHint')}>
            <Input data-testid="person-national-id" maxLength={18} />
          </Form.Item>
          {fromId && <Alert type="success" showIcon data-testid="person-from-id" title={t('person.readFromId')} style={{ marginBottom: 12 }} />}
          <Form.Item name="gender" label={t('person.gender')} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value="male" data-testid="gender-male">{t('person.male')}</Radio>
              <Radio value="female" data-testid="gender-female">{t('person.female')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="birth_date" label={t('person.birthDate')} rules={[{ required: true }]}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} data-testid="person-birth" />
          </Form.Item>
          <Form.Item name="employer_id" label={t('person.employer')} rules={[{ required: true }]}>
            <Select data-testid="person-employer" showSearch optionFilterProp="label" options={employers.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="post" label={t('person.post')}>
            <Input />
          </Form.Item>
          <Form.Item name="post_since" label={t('person.postSince')}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="education_level" label={t('person.education')}>
            <Select allowClear options={['secondary', 'junior_college', 'bachelor', 'master', 'doctorate', 'other'].map((v) => ({ value: v, label: t(`education.${v}`) }))} />
          </Form.Item>
          <Form.Item name="school" label={t('person.school')}>
            <Input />
          </Form.Item>
          <Form.Item name="education_certificate_no" label={t('person.certificateNo')}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t('person.title')}>
            <Input />
          </Form.Item>
          <Form.Item name="title_level" label={t('person.titleLevel')}>
            <Select allowClear options={['none', 'junior', 'intermediate', 'associate_senior', 'senior'].map((v) => ({ value: v, label: t(`titleLevel.${v}`) }))} />
          </Form.Item>
          <Form.Item name="social_insurance" label={t('person.insurance')}>
            <Select allowClear options={['continuous', 'interrupted', 'none'].map((v) => ({ value: v, label: t(`insurance.${v}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <PersonImport open={importing} onClose={() => setImporting(false)} onDone={() => void qc.invalidateQueries({ queryKey: ['persons'] })} />
    </Card>
  );
}
