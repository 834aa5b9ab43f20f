// The public plan page (TR-06, SC-06), readable without a login: the published plans, one plan
// with its classes (course, dates, place, capacity, training fee and exam fee apart) and its fee
// publicity (items, amounts, basis, scope, complaint phone), and the notices of teachers
// dismissed for breaking the law (TR-05).
import type { ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Layout, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { setLang } from '../../../config/i18n';
import { getSession } from '../../../lib/session';
import { formatInstant } from '../../../lib/format';
import { usePublicPlan, usePublicPlans, useTeacherNotices, type FeeItem, type PublicPlanClass } from '../api/training';
import { money } from '../../../lib/money';
import { ProblemText } from '../../../components/ProblemText';

/** The frame of the public pages: title, language, and a way in (or back into) the system. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const loggedIn = getSession() !== null;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#fff', padding: '8px 12px', height: 'auto', lineHeight: 1.4, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <Link to="/public/plans">
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t('app.title')} · {t('public.title')}
          </Typography.Text>
        </Link>
        <Space wrap>
          <Button size="small" onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
            {t('app.language')}
          </Button>
          <Link to="/">
            <Button size="small" type="primary" data-testid="public-enter">
              {loggedIn ? t('public.backToApp') : t('public.login')}
            </Button>
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 1100, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}

function Problem({ error }: { error: unknown }) {
  return <Alert type="error" showIcon title={<ProblemText error={error} />} />;
}

export function PublicPlansPage() {
  const { t, i18n } = useTranslation();
  const plans = usePublicPlans();
  const notices = useTeacherNotices();
  return (
    <PublicFrame>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card title={t('public.plans')} loading={plans.isLoading}>
          {plans.error ? (
            <Problem error={plans.error} />
          ) : (
            <List
              dataSource={plans.data ?? []}
              locale={{ emptyText: <Empty description={t('public.noPlans')} /> }}
              renderItem={(p) => (
                <List.Item data-testid="public-plan">
                  <List.Item.Meta
                    title={
                      <Link to={`/public/plans/${p.id}`} data-testid="public-plan-link">
                        {p.title}
                      </Link>
                    }
                    description={
                      <Space wrap size={4}>
                        <Tag color="blue">{t('public.year', { year: p.year })}</Tag>
                        <span>{p.association_name}</span>
                        <span>{t('public.classCount', { n: p.classes.length })}</span>
                        {p.published_at && <span>{t('public.publishedAt', { at: formatInstant(p.published_at, i18n.language).slice(0, 10) })}</span>}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
        <Card title={t('public.teacherNotices')} size="small" loading={notices.isLoading}>
          {notices.error ? (
            <Problem error={notices.error} />
          ) : (
            <List
              size="small"
              dataSource={notices.data ?? []}
              locale={{ emptyText: t('public.noNotices') }}
              renderItem={(n) => (
                <List.Item data-testid="teacher-notice">
                  <List.Item.Meta
                    title={n.title}
                    description={
                      <Space direction="vertical" size={2}>
                        <Typography.Text>{n.body}</Typography.Text>
                        <Typography.Text type="secondary">{formatInstant(n.published_at, i18n.language)}</Typography.Text>
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      </Space>
    </PublicFrame>
  );
}

/** The fee publicity (SC-06): what is charged, how much, on what basis, to whom. */
export function FeeTable({ fees }: { fees: FeeItem[] }) {
  const { t } = useTranslation();
  return (
    <Table<FeeItem>
      rowKey={(f) => `${f.item}-${f.amount}-${f.scope}`}
      size="small"
      dataSource={fees}
      pagination={false}
      scroll={{ x: 520 }}
      data-testid="fee-publicity"
      columns={[
        { title: t('plan.feeItem'), dataIndex: 'item' },
        { title: t('plan.feeAmount'), dataIndex: 'amount', render: (v: number) => money(v) },
        { title: t('plan.feeBasis'), dataIndex: 'basis' },
        { title: t('plan.feeScope'), dataIndex: 'scope' },
      ]}
    />
  );
}

export function PublicPlanPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const plan = usePublicPlan(id);
  const p = plan.data;
  const when = (iso: string) => formatInstant(iso, i18n.language).slice(0, 16);
  return (
    <PublicFrame>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Link to="/public/plans">{t('public.allPlans')}</Link>
        {plan.error ? (
          <Problem error={plan.error} />
        ) : (
          <Card loading={plan.isLoading} title={p?.title} data-testid="public-plan-page">
            {p && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                  <Descriptions.Item label={t('public.association')}>{p.association_name}</Descriptions.Item>
                  <Descriptions.Item label={t('plan.year')}>{p.year}</Descriptions.Item>
                  {p.published_at && <Descriptions.Item label={t('plan.publishedAt')}>{formatInstant(p.published_at, i18n.language).slice(0, 10)}</Descriptions.Item>}
                </Descriptions>
                <Typography.Title level={5}>{t('public.classes')}</Typography.Title>
                <List<PublicPlanClass>
                  grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
                  dataSource={p.classes}
                  locale={{ emptyText: t('public.noClasses') }}
                  renderItem={(c) => (
                    <List.Item>
                      <Card size="small" title={c.name} data-testid="public-class" extra={c.status === 'cancelled' ? <Tag color="red">{t('training.classStatus.cancelled')}</Tag> : c.open ? null : <Tag>{t('public.started')}</Tag>}>
                        <Descriptions size="small" column={1}>
                          <Descriptions.Item label={t('training.course')}>{c.course_name}</Descriptions.Item>
                          <Descriptions.Item label={t('public.dates')}>
                            {when(c.starts_at)} – {when(c.ends_at)}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('training.place')}>{c.venue ?? c.online_link ?? t('app.none')}</Descriptions.Item>
                          <Descriptions.Item label={t('training.capacity')}>{c.open ? t('public.capacity', { n: c.capacity, left: Math.max(0, c.capacity - c.seats_taken) }) : c.capacity}</Descriptions.Item>
                          <Descriptions.Item label={t('public.trainingFee')}>
                            <span data-testid="public-training-fee">{money(c.training_fee)}</span>
                          </Descriptions.Item>
                          <Descriptions.Item label={t('public.examFee')}>
                            <span data-testid="public-exam-fee">{money(c.exam_fee)}</span>
                          </Descriptions.Item>
                        </Descriptions>
                      </Card>
                    </List.Item>
                  )}
                />
                <Typography.Title level={5}>{t('plan.fees')}</Typography.Title>
                <FeeTable fees={p.fees} />
                <Typography.Text data-testid="complaint-phone">{t('plan.complaintPhoneIs', { phone: p.complaint_phone })}</Typography.Text>
              </Space>
            )}
          </Card>
        )}
      </Space>
    </PublicFrame>
  );
}
