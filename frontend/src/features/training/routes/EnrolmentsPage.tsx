// The enrolments the caller takes part in, filtered by class and status: the officer finds the
// enrolments the training manager returned, reads why and resubmits them; anyone with a ledger
// opens it; the payer side asks for a refund or a deferral from here; the filtered list is
// exported to Excel.
import { useState } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasAnyRole, useMe } from '../../../lib/me';
import { formatInstant, formatDay } from '../../../lib/format';
import { useCursorPages } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { showProblem } from '../../../lib/forms';
import { enrolmentsExportPath, resubmitEnrolment, STATUSES, trainingKeys, useClasses, useCourses, useEnrolments, type EnrolmentRow, type EnrolmentStatus } from '../api/training';
import { money } from '../../../lib/money';
import { StatusTag } from '../components/StatusTag';
import { LedgerDrawer } from '../components/LedgerDrawer';
import { DeferralModal, RefundRequestModal } from '../components/Requests';
import { requestOpen } from '../lib/rules';
import { download } from '../lib/download';

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
  const [classId, setClassId] = useState<string | undefined>();
  const [status, setStatus] = useState<EnrolmentStatus | undefined>();
  const enrolments = useEnrolments({ class_id: classId, status, cursor: pages.cursor });
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
      await download(enrolmentsExportPath({ class_id: classId, status }), 'enrolments.xlsx');
    } catch (e) {
      showProblem(e, message);
    } finally {
      setExporting(false);
    }
  };
  const target = (e: EnrolmentRow): Target => ({ enrolmentId: e.id, label: `${e.person_name} · ${e.class_name}`, classStartsAt: e.class_starts_at });
  const hasReturned = (returned.data?.items.length ?? 0) > 0;

  return (
    <Card title={t('enrolments.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {hasReturned && status !== 'returned' && (
          <Alert
            type="warning"
            showIcon
            data-testid="returned-alert"
            message={t('enrolments.returnedAlert')}
            action={
              <Button
                size="small"
                onClick={() => {
                  setStatus('returned');
                  pages.reset();
                }}
              >
                {t('enrolments.showReturned')}
              </Button>
            }
          />
        )}
        {status === 'returned' && <Alert type="info" showIcon message={t(officer ? 'enrolments.returnedHelp' : 'enrolments.returnedHelpOthers')} />}
        <Space wrap>
          <Select
            allowClear
            data-testid="enrolments-class"
            style={{ minWidth: 260 }}
            placeholder={t('training.pickClass')}
            value={classId}
            onChange={(v: string | undefined) => {
              setClassId(v);
              pages.reset();
            }}
            options={(classes.data ?? []).filter((c) => ours.has(c.course_id)).map((c) => ({ value: c.id, label: `${c.name}(${formatDay(c.starts_at)})` }))}
          />
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t('training.status')}
            value={status}
            onChange={(v: EnrolmentStatus | undefined) => {
              setStatus(v);
              pages.reset();
            }}
            options={STATUSES.map((s) => ({ value: s, label: t(`training.enrolmentStatus.${s}`) }))}
          />
          <Button loading={exporting} onClick={() => void exportXlsx()} data-testid="enrolments-export">
            {t('enrolments.export')}
          </Button>
        </Space>
        <Table<EnrolmentRow>
          rowKey="id"
          size="small"
          loading={enrolments.isLoading}
          dataSource={enrolments.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          rowClassName={(e) => (e.status === 'returned' ? 'enrolment-returned' : '')}
          columns={[
            { title: t('person.name'), dataIndex: 'person_name' },
            { title: t('training.enterprise'), dataIndex: 'enterprise_name', render: (v?: string | null) => v ?? <Typography.Text type="secondary">{t('training.individual')}</Typography.Text> },
            { title: t('training.className'), dataIndex: 'class_name', render: (n: string, e) => <Link to={`/training/classes/${e.class_id}`}>{n}</Link> },
            { title: t('training.startsAt'), dataIndex: 'class_starts_at', render: (v: string) => formatInstant(v) },
            {
              title: t('training.status'),
              dataIndex: 'status',
              render: (s: EnrolmentStatus, e) => (
                <Space direction="vertical" size={2}>
                  <StatusTag status={s} />
                  {s === 'returned' && e.return_reason && (
                    <Typography.Text type="warning" data-testid="return-reason-text" style={{ maxWidth: 260, display: 'inline-block' }}>
                      {t('enrolments.returnReasonIs', { reason: e.return_reason })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: t('training.paid'), dataIndex: 'paid_total', render: (v: number) => money(v) },
            { title: t('enrolments.updatedAt'), dataIndex: 'updated_at', render: (v: string) => formatInstant(v) },
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
        <CursorPager pages={pages} nextCursor={enrolments.data?.next_cursor} />
      </Space>
      <LedgerDrawer enrolmentId={ledgerOf?.id} title={ledgerOf ? `${t('refund.ledger')} · ${ledgerOf.person_name}` : undefined} onClose={() => setLedgerOf(null)} />
      <RefundRequestModal target={refundFor} onClose={() => setRefundFor(null)} />
      <DeferralModal target={deferFor} onClose={() => setDeferFor(null)} />
    </Card>
  );
}
