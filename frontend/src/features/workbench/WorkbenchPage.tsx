// The workbench (工作台), every role's landing page: what waits for me with counts (the same
// counts as the menu badges and the bell; each role sees the counters its work can bring), the
// trainee's next class and its notice, the head teacher's sessions of today (Beijing time) with
// the way to their attendance, the training department's overdue items (this year's plan not
// published, class archives past their due day) each linking to where it is put right, and the
// screens the caller uses most as shortcuts.
import { Alert, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { formatDay, formatInstant, formatSpan } from '../../lib/format';
import { menuFor } from '../../app/menu';
import { countersFor, useWaiting } from './waiting';
import { ProblemText } from '../../components/ProblemText';
import { ItemList, ListItem, ListItemMeta } from '../../components/ItemList';

export function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const data = me.data;
  const { counts, inbox, mine, todays, todaysLoading, todaysError, overdue, overdueLoading, overdueError } = useWaiting(data);
  const department = can(data, 'manage_training') && (data?.memberships ?? []).some((m) => m.organization_kind === 'association');
  const shortcuts = menuFor(data)
    .flatMap((g) => g.screens)
    .filter((s) => s.path !== '/' && s.path !== '/public/plans')
    .slice(0, 8);
  const now = Date.now();
  const next = (mine.data ?? [])
    .flatMap((c) => c.sessions.map((s) => ({ c, s })))
    .filter(({ s }) => new Date(s.ends_at).getTime() >= now)
    .sort((a, b) => a.s.starts_at.localeCompare(b.s.starts_at))[0];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="workbench">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('workbench.hello', { name: data?.user.display_name ?? '' })}
      </Typography.Title>

      {can(data, 'read_inbox') && (
        <Card title={t('workbench.waiting')} size="small" extra={<Link to="/inbox">{t('workbench.toInbox')}</Link>} data-testid="waiting">
          {inbox.error ? (
            <Alert type="error" showIcon title={<ProblemText error={inbox.error} />} />
          ) : (
            <Row gutter={[12, 12]}>
              {countersFor(data, counts).map((c) => (
                <Col xs={12} sm={8} md={4} key={c}>
                  <Link to="/inbox" data-testid={`count-${c}`} data-count={counts[c]}>
                    <Statistic title={t(`workbench.counts.${c}`)} value={counts[c]} loading={inbox.isLoading} />
                  </Link>
                </Col>
              ))}
            </Row>
          )}
        </Card>
      )}

      {can(data, 'my_classes') && (
        <Card title={t('workbench.nextClass')} size="small" extra={<Link to="/my-classes">{t('nav.myClasses')}</Link>} data-testid="next-class">
          {mine.error ? (
            <Alert type="error" showIcon title={<ProblemText error={mine.error} />} />
          ) : next ? (
            <Space orientation="vertical" size={2}>
              <Typography.Text strong>{next.c.class.name}</Typography.Text>
              <Typography.Text>{formatInstant(next.s.starts_at)}</Typography.Text>
              {next.c.notice ? (
                <Typography.Text type="secondary">{next.c.notice.venue ?? next.c.notice.online_link ?? ''}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('workbench.noNoticeYet')}</Typography.Text>
              )}
            </Space>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noNextClass')} />
          )}
        </Card>
      )}

      {can(data, 'mark_attendance') && (
        <Card title={t('workbench.today')} size="small" extra={<Link to="/training/attendance">{t('nav.attendance')}</Link>} data-testid="today-sessions">
          {todaysError ? (
            <Alert type="error" showIcon title={<ProblemText error={todaysError} />} />
          ) : todaysLoading ? (
            <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
          ) : todays.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noSessionsToday')} />
          ) : (
            <ItemList
              size="small"
              dataSource={todays}
              rowKey={(x) => x.session.id}
              renderItem={({ klass, session }) => (
                <ListItem
                  data-testid="today-session"
                  actions={[
                    <Link key="mark" to={`/training/classes/${klass.id}/attendance`} data-testid="today-session-link">
                      {t('workbench.markAttendance')}
                    </Link>,
                  ]}
                >
                  <ListItemMeta
                    title={klass.name}
                    description={
                      <Space orientation="vertical" size={0}>
                        <Typography.Text>{formatSpan(session.starts_at, session.ends_at)}</Typography.Text>
                        <Typography.Text type="secondary">{klass.venue ?? klass.online_link ?? t('workbench.noPlace')}</Typography.Text>
                      </Space>
                    }
                  />
                </ListItem>
              )}
            />
          )}
        </Card>
      )}

      {department && (
        <Card title={t('workbench.overdue')} size="small" data-testid="overdue">
          {overdueError ? (
            <Alert type="error" showIcon title={<ProblemText error={overdueError} />} />
          ) : overdueLoading ? (
            <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
          ) : overdue.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noOverdue')} />
          ) : (
            <ItemList
              size="small"
              dataSource={overdue}
              rowKey={(o) => (o.kind === 'plan' ? `plan-${o.association}` : `archive-${o.klass.id}`)}
              renderItem={(o) => (
                <ListItem
                  data-testid="overdue-item"
                  data-kind={o.kind}
                  actions={[
                    <Link key="fix" to={o.link} data-testid="overdue-link">
                      {t(o.kind === 'plan' ? 'workbench.publishPlan' : 'workbench.completeArchive')}
                    </Link>,
                  ]}
                >
                  <Typography.Text type="danger">
                    {o.kind === 'plan' ? t('workbench.planOverdue', { year: o.year, association: o.association }) : t('workbench.archiveOverdue', { name: o.klass.name, ended: formatDay(o.klass.ends_at) })}
                  </Typography.Text>
                </ListItem>
              )}
            />
          )}
        </Card>
      )}

      {shortcuts.length > 0 && (
        <Card title={t('workbench.shortcuts')} size="small">
          <ItemList
            grid={{ gutter: 8, xs: 2, sm: 3, md: 4 }}
            dataSource={shortcuts}
            renderItem={(s) => (
              <ListItem>
                <Link to={s.path}>
                  <Space>
                    {s.icon}
                    {t(s.label)}
                  </Space>
                </Link>
              </ListItem>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
