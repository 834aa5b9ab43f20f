// One class: dates, place, published fees, sessions, and the enrolments the caller may see;
// for the association's training department also the class management (sessions, head
// teacher, level, teachers, downloads, cancellation, results, archive); for the head teacher
// the way to the attendance screen. Each trainee shows exam eligibility with the rule behind a
// refusal (EX-11, TR-09, TR-17); the enterprise's training officer substitutes a trainee (TR-11).
// Until the class is ready to run, the department sees what it still needs (ClassReadiness).
// The exam side sees the class's exam sittings and their results (ClassExams).
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Descriptions, Space, Tag, Tooltip, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, hasAnyRole, useMe } from '../../../lib/me';
import { formatInstant } from '../../../lib/format';
import { useCursorPages, useListTotal } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { eligibilityQuery, useClassDetail, useEnrolments, usePlans, type EnrolmentRow } from '../api/training';
import { money, yuan } from '../../../lib/money';
import { EligibilityCell, SubstitutionModal, officerOf } from '../components/Trainees';
import { requestOpen } from '../lib/rules';
import { StatusTag } from '../components/StatusTag';
import { ArchiveCard, ClassActions, ResultsCard, type ClassDialog } from '../components/ClassAdmin';
import { ClassReadiness } from '../components/ClassReadiness';
import { LedgerDrawer } from '../components/LedgerDrawer';
import { Nothing } from '../../../components/Nothing';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { ListError } from '../../../components/ListError';
import { ClassExams } from '../../exams/components/ClassExams';
import { ItemList, ListItem } from '../../../components/ItemList';

export function ClassDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const pages = useCursorPages();
  const detail = useClassDetail(id);
  const enrolments = useEnrolments({ class_id: id, cursor: pages.cursor, with_total: pages.withTotal });
  const enrolmentsTotal = useListTotal(pages, enrolments.data?.total);
  const c = detail.data?.class;
  const officer = hasAnyRole(me.data, ['enterprise_officer']);
  const department = hasAnyRole(me.data, ['association_admin', 'association_staff']);
  const ledgerReader = hasAnyRole(me.data, ['association_admin', 'association_staff', 'finance', 'enterprise_officer', 'enterprise_manager']);
  const headTeacher = !!me.data && detail.data?.head_teacher_id === me.data.user.id;
  const [dialog, setDialog] = useState<ClassDialog>(null);
  const plans = usePlans(department ? c?.association_id : undefined);
  const [ledgerOf, setLedgerOf] = useState<EnrolmentRow | null>(null);
  const [substituting, setSubstituting] = useState<EnrolmentRow | null>(null);
  const rows = enrolments.data?.items ?? [];
  const eligibility = useQueries({ queries: rows.map((e) => eligibilityQuery(e.id)) });
  const eligibilityOf = new Map(rows.map((e, i) => [e.id, eligibility[i]]));
  const substitutionOpen = !!c && c.status !== 'cancelled' && requestOpen(c.starts_at);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        loading={detail.isLoading}
        title={c?.name}
        extra={
          <Space wrap>
            {officer && (
              <Link to={`/training/enrol?class=${id}`}>
                <Button type="primary">{t('training.enrolPersons')}</Button>
              </Link>
            )}
            {(headTeacher || department) && (
              <Link to={`/training/classes/${id}/attendance`}>
                <Button type={headTeacher ? 'primary' : 'default'} data-testid="to-attendance">
                  {t('att.title')}
                </Button>
              </Link>
            )}
          </Space>
        }
      >
        {department && detail.data && (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
            <ClassActions detail={detail.data} dialog={dialog} onDialog={setDialog} />
            {/* A plan list the server refuses leaves the fee item out rather than "not done". */}
            <ClassReadiness detail={detail.data} plans={plans.error ? null : plans.data?.items} onDialog={setDialog} />
          </Space>
        )}
        {detail.data && c && (
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('training.course')}>
              <Link to={`/training/courses/${detail.data.course.id}`}>{detail.data.course.name}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('training.status')}>
              <Tag>{t(`training.classStatus.${c.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('training.startsAt')}>{formatInstant(c.starts_at)}</Descriptions.Item>
            <Descriptions.Item label={t('training.endsAt')}>{formatInstant(c.ends_at)}</Descriptions.Item>
            <Descriptions.Item label={t('training.venue')}>{c.venue ?? t('app.none')}</Descriptions.Item>
            <Descriptions.Item label={t('training.onlineLink')}>{c.online_link ?? t('app.none')}</Descriptions.Item>
            <Descriptions.Item label={t('training.seats')}>{`${c.seats_taken} / ${c.capacity}`}</Descriptions.Item>
            <Descriptions.Item label={t('training.fees')}>
              {t('training.feePair', { training: yuan(c.training_fee), exam: yuan(c.exam_fee) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('klass.headTeacher')}>
              <span data-testid="class-head-teacher">{detail.data.head_teacher_name ?? t('klass.notSet')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('klass.levelLabel')}>
              <span data-testid="class-level">{detail.data.level ? t(`klass.level.${detail.data.level}`) : t('klass.notSet')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('klass.teachers')} span="filled">
              {detail.data.teachers.length === 0 ? (
                t('klass.noTeachers')
              ) : (
                <Space wrap size={4}>
                  {detail.data.teachers.map((x) => (
                    <Tag key={x.teacher_id} color={x.status === 'active' ? 'blue' : 'default'} data-testid="class-teacher">
                      {x.status === 'active' ? x.name : `${x.name} · ${t(`teacher.status.${x.status}`, { defaultValue: x.status })}`}
                    </Tag>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={t('training.sessions')} size="small">
        <ItemList
          size="small"
          dataSource={detail.data?.sessions ?? []}
          emptyText={<Nothing text={t('training.noSessions')} />}
          renderItem={(s) => (
            <ListItem>
              {formatInstant(s.starts_at)} – {formatInstant(s.ends_at)}
            </ListItem>
          )}
        />
      </Card>
      <Card title={t('training.enrolments')} size="small">
        {enrolments.error ? (
          <ListError error={enrolments.error} onRetry={() => enrolments.refetch()} />
        ) : (
          <ResponsiveTable<EnrolmentRow>
            rowKey="id"
            size="small"
            loading={enrolments.isLoading}
            dataSource={rows}
            pagination={false}
            emptyText={t('training.noEnrolments')}
            scroll={{ x: 720 }}
            onRow={(e) => ({ 'data-testid': 'class-enrolment', 'data-person': e.person_name }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('person.name'), dataIndex: 'person_name' },
              { title: t('training.enterprise'), dataIndex: 'enterprise_name', render: (v?: string | null) => v ?? <Typography.Text type="secondary">{t('training.individual')}</Typography.Text> },
              { title: t('training.status'), dataIndex: 'status', render: (s: EnrolmentRow['status']) => <StatusTag status={s} /> },
              { title: t('training.paid'), dataIndex: 'paid_total', render: (v: number) => money(v) },
              { title: t('eligibility.title'), key: 'eligibility', render: (_: unknown, e: EnrolmentRow) => <EligibilityCell query={eligibilityOf.get(e.id)} /> },
              ...(ledgerReader
                ? [
                    {
                      title: t('app.actions'),
                      key: 'ledger',
                      render: (_: unknown, e: EnrolmentRow) => (
                        <Space wrap size={4}>
                          <Button size="small" onClick={() => setLedgerOf(e)}>
                            {t('refund.ledger')}
                          </Button>
                          {officerOf(me.data, e) && (
                            <Tooltip title={substitutionOpen ? undefined : t('substitution.closed')}>
                              <Button size="small" disabled={!substitutionOpen} data-testid="substitute" onClick={() => setSubstituting(e)}>
                                {t('substitution.action')}
                              </Button>
                            </Tooltip>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
        <CursorPager pages={pages} nextCursor={enrolments.data?.next_cursor} total={enrolmentsTotal} />
      </Card>
      {department && detail.data && <ResultsCard classId={id} results={detail.data.results} />}
      {department && <ArchiveCard classId={id} />}
      {/* The exam side: the class's sittings and their published results (issue 16). */}
      {can(me.data, 'run_exam_sittings') && <ClassExams classId={id} />}
      {c && <SubstitutionModal enrolment={substituting} classStartsAt={c.starts_at} onClose={() => setSubstituting(null)} />}
      <LedgerDrawer enrolmentId={ledgerOf?.id} title={ledgerOf ? `${t('refund.ledger')} · ${ledgerOf.person_name}` : undefined} onClose={() => setLedgerOf(null)} />
    </Space>
  );
}
