// CR-04: the blacklist of persons who gave false education or student-status data, kept by the
// association and shared with its sub-centres: no registration is accepted from a listed person
// for five years. The list is filtered (a foldable query form), paged with its total and a page
// size, its columns chosen and the filtered rows exported here (the server answers it whole); the
// association's staff add entries — a person on file, or a name and ID number not on file.
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { hasAnyRole, useMe } from '../../../lib/me';
import { trainingKeys, useBlacklist, type BlacklistEntry } from '../api/training';
import { AssociationPicker, useAssociation } from '../components/AssociationPicker';
import { PersonPicker } from '../components/PersonPicker';
import { blacklistExpiry, shanghaiToday } from '../lib/rules';
import { formatInstant } from '../../../lib/format';
import { ListError } from '../../../components/ListError';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ExportCsvButton, ListToolbar, useLocalPagination } from '../../../components/ListTools';

type StatusFilter = 'all' | 'active' | 'lifted' | 'expired';

interface BlacklistQuery {
  text?: string;
  status?: StatusFilter;
}

interface ListingForm {
  by: 'person' | 'id';
  person_id?: string;
  name?: string;
  national_id?: string;
  reason: string;
  listed_on?: Dayjs;
}

/** An entry that bars registration now or from its later listing day (the server refuses both). */
const inForce = (e: BlacklistEntry) => e.status === 'active' || e.status === 'pending';

/** The entries a clerk's filter keeps: name or masked ID number containing the text, and the
 * status (an entry listed from a later day counts as in force, as the server refuses it then). */
export function filterBlacklist(entries: BlacklistEntry[], text: string, status: StatusFilter): BlacklistEntry[] {
  const q = text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (status === 'all' || status === (inForce(e) ? 'active' : e.status)) &&
      (!q || e.name.toLowerCase().includes(q) || e.national_id_masked.toLowerCase().includes(q) || e.reason.toLowerCase().includes(q)),
  );
}

export function BlacklistPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [association, setAssociation] = useAssociation(me.data);
  const keeper = hasAnyRole(me.data, ['association_admin', 'association_staff']);
  const list = useBlacklist();
  const [query, setQuery] = useState<BlacklistQuery>({});
  const [queryForm] = Form.useForm<BlacklistQuery>();
  const pages = useLocalPagination('blacklist');
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<ListingForm>();
  const by = Form.useWatch('by', form);
  const listedOn = Form.useWatch('listed_on', form);
  const shown = filterBlacklist(list.data ?? [], query.text ?? '', query.status ?? 'all');
  const statusText = (e: BlacklistEntry) =>
    e.status === 'lifted' ? t('blacklist.liftedOn', { at: formatInstant(e.lifted_at) }) : inForce(e) ? t('blacklist.activeUntil', { day: e.expires_on }) : t('blacklist.notActive');
  const columns = useColumnSettings<BlacklistEntry>('blacklist', [
    { key: 'name', title: t('person.name'), dataIndex: 'name' },
    { key: 'national_id', title: t('person.nationalId'), dataIndex: 'national_id_masked' },
    { key: 'reason', title: t('blacklist.reason'), dataIndex: 'reason' },
    { key: 'listed_on', title: t('blacklist.listedOn'), dataIndex: 'listed_on', width: 110 },
    { key: 'expires_on', title: t('blacklist.expiresOn'), dataIndex: 'expires_on', width: 130 },
    {
      title: t('training.status'),
      key: 'status',
      csv: statusText,
      render: (_, e) =>
        e.status === 'lifted' ? (
          <Tag color="green" data-testid="blacklist-lifted" title={e.lift_reason ?? undefined}>
            {statusText(e)}
          </Tag>
        ) : (
          <Tag color={inForce(e) ? 'red' : undefined} data-testid={inForce(e) ? 'blacklist-active' : 'blacklist-expired'}>
            {statusText(e)}
          </Tag>
        ),
    },
    { key: 'lift_reason', title: t('blacklist.liftReason'), dataIndex: 'lift_reason' },
  ], ['lift_reason']);
  const [lifting, setLifting] = useState<BlacklistEntry | null>(null);
  const [liftForm] = Form.useForm<{ reason: string }>();

  const lift = useMutation({
    mutationFn: (v: { id: string; reason: string }) =>
      unwrap(api.POST('/api/v1/blacklist/{id}/lifting', { params: { path: { id: v.id } }, body: { reason: v.reason } })),
    onSuccess: async (e) => {
      setLifting(null);
      message.success(t('blacklist.liftDone', { name: e.name }));
      await qc.invalidateQueries({ queryKey: trainingKeys.blacklist });
    },
    onError: (err) => showProblem(err, message, liftForm),
  });

  const add = useMutation({
    mutationFn: (v: ListingForm) =>
      unwrap(
        api.POST('/api/v1/blacklist', {
          body: {
            association_id: association ?? '',
            reason: v.reason,
            listed_on: v.listed_on?.format('YYYY-MM-DD'),
            ...(v.by === 'person' ? { person_id: v.person_id } : { name: v.name, national_id: v.national_id?.trim() }),
          },
        }),
      ),
    onSuccess: (e) => {
      message.success(t('blacklist.added', { name: e.name, day: e.expires_on }));
      setAdding(false);
      void qc.invalidateQueries({ queryKey: trainingKeys.blacklist });
    },
    onError: (e) => showProblem(e, message, form),
  });

  const preview = blacklistExpiry((listedOn ?? dayjs(shanghaiToday())).format('YYYY-MM-DD'));

  return (
    <Card
      title={t('blacklist.title')}
      extra={
        <Space wrap>
          {keeper && <AssociationPicker me={me.data} value={association} onChange={setAssociation} />}
          {keeper && (
            <Button
              type="primary"
              data-testid="blacklist-add"
              onClick={() => {
                form.resetFields();
                setAdding(true);
              }}
            >
              {t('blacklist.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('blacklist.hint')}</Typography.Paragraph>
      <QueryForm<BlacklistQuery>
        form={queryForm}
        onSearch={(v) => {
          pages.reset();
          setQuery(v);
        }}
        onReset={() => {
          pages.reset();
          setQuery({});
        }}
      >
        <Form.Item name="text" label={t('blacklist.filterLabel')}>
          <Input allowClear placeholder={t('blacklist.filter')} data-testid="blacklist-filter" />
        </Form.Item>
        <Form.Item name="status" label={t('training.status')}>
          <Select<StatusFilter> allowClear placeholder={t('blacklist.filterStatus.all')} data-testid="blacklist-status" options={(['active', 'lifted', 'expired'] as const).map((s) => ({ value: s, label: t(`blacklist.filterStatus.${s}`) }))} />
        </Form.Item>
      </QueryForm>
      <ListToolbar settings={columns.settings}>
        <ExportCsvButton name="blacklist" columns={columns.visible} rows={shown} />
      </ListToolbar>
      {list.error ? (
        <ListError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<BlacklistEntry>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={shown}
          pagination={pages.pagination}
          scroll={{ x: 720 }}
          onRow={(e) => ({ 'data-testid': 'blacklist-row', 'data-id': e.id }) as HTMLAttributes<HTMLElement>}
          columns={[
            ...columns.visible,
            ...(keeper
              ? [
                  {
                    title: '',
                    key: 'lift',
                    width: 90,
                    render: (_: unknown, e: BlacklistEntry) =>
                      inForce(e) ? (
                        <Button size="small" data-testid="blacklist-lift" onClick={() => setLifting(e)}>
                          {t('blacklist.lift')}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}

      <Modal
        open={lifting !== null}
        title={t('blacklist.liftTitle', { name: lifting?.name ?? '' })}
        onCancel={() => setLifting(null)}
        onOk={() => liftForm.submit()}
        okText={t('blacklist.lift')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: lift.isPending, ...({ 'data-testid': 'blacklist-lift-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={liftForm} layout="vertical" preserve={false} onFinish={(v) => lifting && lift.mutate({ id: lifting.id, reason: v.reason.trim() })}>
          <Form.Item name="reason" label={t('blacklist.liftReason')} rules={[{ required: true, whitespace: true, message: t('blacklist.liftReasonRequired') }, { max: 500 }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="blacklist-lift-reason" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={adding}
        title={t('blacklist.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: add.isPending, ...({ 'data-testid': 'blacklist-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} preserve={false} initialValues={{ by: 'person', listed_on: dayjs(shanghaiToday()) }}>
          <Form.Item name="by">
            <Radio.Group>
              <Radio value="person">{t('blacklist.byPerson')}</Radio>
              <Radio value="id" data-testid="blacklist-by-id">
                {t('blacklist.byId')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {by === 'id' ? (
            <>
              <Form.Item name="name" label={t('person.name')} rules={[{ required: true, message: t('blacklist.nameRequired') }]}>
                <Input maxLength={50} data-testid="blacklist-name" />
              </Form.Item>
              <Form.Item name="national_id" label={t('person.nationalId')} rules={[{ required: true, message: t('blacklist.idRequired') }]}>
                <Input maxLength={18} data-testid="blacklist-national-id" />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="person_id" label={t('blacklist.person')} rules={[{ required: true, message: t('blacklist.personRequired') }]}>
              <PersonPicker testId="blacklist-person" />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('blacklist.reason')} rules={[{ required: true, whitespace: true, message: t('blacklist.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('blacklist.reasonPlaceholder')} data-testid="blacklist-reason" />
          </Form.Item>
          <Form.Item name="listed_on" label={t('blacklist.listedOn')} extra={<span data-testid="blacklist-preview">{t('blacklist.preview', { day: preview })}</span>}>
            <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
