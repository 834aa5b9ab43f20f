// The enrolments the caller takes part in, filtered by class and status: the officer finds the
// enrolments the training manager returned, reads why and resubmits them; anyone with a ledger
// opens it; the payer side asks for a refund or a deferral from here; the filtered list is
// exported to Excel. A foldable query form (class, status, person), columns to show or hide,
// the page size and the rows' range.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Select, Space, Table, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, hasAnyRole, useMe } from '../../../lib/me';
import { formatInstant, formatDay } from '../../../lib/format';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { ListError } from '../../../components/ListError';
import { CursorPager } from '../../../components/CursorPager';
import { showProblem } from '../../../lib/forms';
import { enrolmentsExportPath, resubmitEnrolment, STATUSES, trainingKeys, useClasses, useCourses, useEnrolments, type EnrolmentRow, type EnrolmentStatus } from '../api/training';
import { money } from '../../../lib/money';
import { StatusTag } from '../components/StatusTag';
import { LedgerDrawer } from '../components/LedgerDrawer';
import { DeferralModal, RefundRequestModal } from '../components/Requests';
import { requestOpen } from '../lib/rules';
import { download } from '../lib/download';
import { QueryForm } from '../../../components/QueryForm';
import { useColumnSettings, type KeyedColumn } from '../../../components/ColumnSettings';
import { PersonPicker } from '../components/PersonPicker';

interface Filters {
  class_id?: string;
  status?: EnrolmentStatus;
  person_id?: string;
}

interface Target {
  enrolmentId: string;
  label: string;
  classStartsAt: string;
}

export function EnrolmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const pages = useCursorPages();
  const [pageSize, setPageSize] = usePageSize('enrolments');
  const [filters, setFilters] = useState<Filters>({});
  const [queryForm] = Form.useForm<Filters>();
  const { class_id: classId, status, person_id: personId } = filters;
  const enrolments = useEnrolments({ class_id: classId, status, person_id: personId, cursor: pages.cursor, limit: pageSize, with_total: pages.withTotal });
  const total = useListTotal(pages, enrolments.data?.total);
  const returned = useEnrolments({ status: 'returned', limit: 1 });
  const classes = useClasses();
  const courses = useCourses(undefined, 200);
  const ours = new Set((courses.data?.items ?? []).map((c) => c.id));
  const [ledgerOf, setLedgerOf] = useState<EnrolmentRow | null>(null);
  const [refundFor, setRefundFor] = useState<Target | null>(null);
  const [deferFor, setDeferFor] = useState<Target | null>(null);
  const payer = hasAnyRole(me.data, ['enterprise_officer', 'enterprise_manager']);
  const officer = hasAnyRole(me.data, ['enterprise_officer']);
  const [exporting, setExporting] = useState(false);
  const resubmit = useMutation({
    mutationFn: (e: EnrolmentRow) => resubmitEnrolment(e.id),
    onSuccess: () => {
      message.success(t('enrolments.resubmitted'));
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
    },
    onError: (e) => showProblem(e, message),
  });
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await download(enrolmentsExportPath({ class_id: classId, status, person_id: personId }), 'enrolments.xlsx');
    } catch (e) {
      showProblem(e, message);
    } finally {
      setExporting(false);
    }
  };
  const columns: KeyedColumn<EnrolmentRow>[] = [
    { key: 'person', title: t('person.name'), dataIndex: 'person_name' },
    { key: 'enterprise', title: t('training.enterprise'), dataIndex: 'enterprise_name', render: (v?: string | null) => v ?? <Typography.Text type="secondary">{t('training.individual')}</Typography.Text> },
    { key: 'class', title: t('training.className'), dataIndex: 'class_name', render: (n: string, e) => <Link to={`/training/classes/${e.class_id}`}>{n}</Link> },
    { key: 'starts', title: t('training.startsAt'), dataIndex: 'class_starts_at', render: (v: string) => formatInstant(v) },
    {
      key: 'status',
      title: t('training.status'),
      dataIndex: 'status',
      render: (s: EnrolmentStatus, e) => (
        <Space orientation="vertical" size={2}>
          <StatusTag status={s} />
          {s === 'returned' && e.return_reason && (
            <Typography.Text type="warning" data-testid="return-reason-text" style={{ maxWidth: 260, display: 'inline-block' }}>
              {t('enrolments.returnReasonIs', { reason: e.return_reason })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'paid', title: t('training.paid'), dataIndex: 'paid_total', render: (v: number) => money(v) },
    { key: 'refunded', title: t('enrolments.refunded'), dataIndex: 'refunded_total', render: (v: number) => money(v) },
    { key: 'updated', title: t('enrolments.updatedAt'), dataIndex: 'updated_at', render: (v: string) => formatInstant(v) },
  ];
  const shownColumns = useColumnSettings('enrolments', columns, ['refunded']);
  const target = (e: EnrolmentRow): Target => ({ enrolmentId: e.id, label: `${e.person_name} · ${e.class_name}`, classStartsAt: e.class_starts_at });
  const hasReturned = (returned.data?.items.length ?? 0) > 0;

  return (
    <Card title={t('enrolments.title')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {hasReturned && status !== 'returned' && (
          <Alert
            type="warning"
            showIcon
            data-testid="returned-alert"
            title={t('enrolments.returnedAlert')}
            action={
              <Button
                size="small"
                onClick={() => {
                  queryForm.setFieldsValue({ status: 'returned' });
                  setFilters((f) => ({ ...f, status: 'returned' }));
                  pages.reset();
                }}
              >
                {t('enrolments.showReturned')}
              </Button>
            }
          />
        )}
        {status === 'returned' && <Alert type="info" showIcon title={t(officer ? 'enrolments.returnedHelp' : 'enrolments.returnedHelpOthers')} />}
        <QueryForm<Filters>
          form={queryForm}
          onSearch={(v) => {
            pages.reset();
            setFilters({ class_id: v.class_id, status: v.status, person_id: v.person_id });
          }}
          onReset={() => {
            pages.reset();
            setFilters({});
          }}
        >
          <Form.Item name="class_id" label={t('training.className')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="enrolments-class"
              placeholder={t('training.pickClass')}
              options={(classes.data ?? []).filter((c) => ours.has(c.course_id)).map((c) => ({ value: c.id, label: `${c.name}(${formatDay(c.starts_at)})` }))}
            />
          </Form.Item>
          <Form.Item name="status" label={t('training.status')}>
            <Select allowClear data-testid="enrolments-status" options={STATUSES.map((s) => ({ value: s, label: t(`training.enrolmentStatus.${s}`) }))} />
          </Form.Item>
          {can(me.data, 'read_persons') && (
            <Form.Item name="person_id" label={t('person.name')}>
              <PersonPicker testId="enrolments-person" />
            </Form.Item>
          )}
        </QueryForm>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Button loading={exporting} onClick={() => void exportXlsx()} data-testid="enrolments-export">
            {t('enrolments.export')}
          </Button>
          {shownColumns.settings}
        </Space>
        <ListError error={enrolments.error} onRetry={() => enrolments.refetch()} />
        {!enrolments.error && (
        <Table<EnrolmentRow>
          rowKey="id"
          size="small"
          loading={enrolments.isLoading}
          dataSource={enrolments.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          rowClassName={(e) => (e.status === 'returned' ? 'enrolment-returned' : '')}
          columns={[
            ...shownColumns.visible,
            {
              title: t('app.actions'),
              key: 'a',
              render: (_, e) => (
                <Space wrap>
                  {officer && e.status === 'returned' && e.enterprise_id && (
                    <Button size="small" type="primary" data-testid="resubmit" loading={resubmit.isPending && resubmit.variables?.id === e.id} onClick={() => resubmit.mutate(e)}>
                      {t('enrolments.resubmit')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setLedgerOf(e)}>
                    {t('refund.ledger')}
                  </Button>
                  {payer && e.paid_total > 0 && (
                    <Button size="small" onClick={() => setRefundFor(target(e))}>
                      {t('refund.request')}
                    </Button>
                  )}
                  {payer && e.status !== 'returned' && requestOpen(e.class_starts_at) && (
                    <Button size="small" onClick={() => setDeferFor(target(e))}>
                      {t('deferral.request')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        )}
        <CursorPager pages={pages} nextCursor={enrolments.data?.next_cursor} count={enrolments.data?.items.length} pageSize={pageSize} onPageSize={setPageSize} total={total} />
      </Space>
      <LedgerDrawer enrolmentId={ledgerOf?.id} title={ledgerOf ? `${t('refund.ledger')} · ${ledgerOf.person_name}` : undefined} onClose={() => setLedgerOf(null)} />
      <RefundRequestModal target={refundFor} onClose={() => setRefundFor(null)} />
      <DeferralModal target={deferFor} onClose={() => setDeferFor(null)} />
    </Card>
  );
}
