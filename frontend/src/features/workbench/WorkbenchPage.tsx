// The workbench (工作台), every role's landing page: what waits for me with counts (the same
// counts as the menu badge and the bell), the trainee's next class and its notice, and the
// screens the caller uses most as shortcuts.
import { Alert, Card, Col, Empty, List, Row, Space, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { formatInstant } from '../../lib/format';
import { menuFor } from '../../app/menu';
import { COUNTERS, useWaiting, type Counter } from './waiting';
import { ProblemText } from '../../components/ProblemText';

export function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const data = me.data;
  const { counts, inbox, mine } = useWaiting(data);
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
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="workbench">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('workbench.hello', { name: data?.user.display_name ?? '' })}
      </Typography.Title>

      {can(data, 'read_inbox') && (
        <Card title={t('workbench.waiting')} size="small" extra={<Link to="/inbox">{t('workbench.toInbox')}</Link>}>
          {inbox.error ? (
            <Alert type="error" showIcon title={<ProblemText error={inbox.error} />} />
          ) : (
            <Row gutter={[12, 12]}>
              {(Object.keys(COUNTERS) as Counter[]).map((c) => (
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
            <Space direction="vertical" size={2}>
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

      {shortcuts.length > 0 && (
        <Card title={t('workbench.shortcuts')} size="small">
          <List
            grid={{ gutter: 8, xs: 2, sm: 3, md: 4 }}
            dataSource={shortcuts}
            renderItem={(s) => (
              <List.Item>
                <Link to={s.path}>
                  <Space>
                    {s.icon}
                    {t(s.label)}
                  </Space>
                </Link>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
