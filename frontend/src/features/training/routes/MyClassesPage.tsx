// "My classes" for the trainee, laid out for a phone: each enrolment with its status, the class
// notice (time and place) once the fee is paid, and the sessions with attendance and leave.
import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../../lib/format';
import { useMyClasses, type MyClass } from '../api/training';
import { StatusTag } from '../components/StatusTag';

export function MyClassesPage() {
  const { t, i18n } = useTranslation();
  const mine = useMyClasses();
  const list = mine.data ?? [];
  const when = (iso: string) => formatInstant(iso, i18n.language);

  const notice = (m: MyClass) => {
    const n = m.notice;
    if (!n) {
      return <Typography.Text type="secondary">{t('training.noticeAfterPayment')}</Typography.Text>;
    }
    return (
      <Alert
        type="success"
        showIcon
        data-testid="class-notice"
        message={t('training.noticeTitle')}
        description={
          <Space direction="vertical" size={2}>
            <Typography.Text strong>{n.class_name}</Typography.Text>
            <Typography.Text data-testid="notice-time">
              {t('training.noticeTime', { from: when(n.starts_at), to: when(n.ends_at) })}
            </Typography.Text>
            {n.venue && <Typography.Text data-testid="notice-venue">{t('training.noticeVenue', { venue: n.venue })}</Typography.Text>}
            {n.online_link && (
              <Typography.Link href={n.online_link} target="_blank" rel="noreferrer">
                {t('training.noticeOnline')}
              </Typography.Link>
            )}
          </Space>
        }
      />
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('nav.myClasses')}
      </Typography.Title>
      {list.length === 0 && !mine.isLoading && <Empty description={t('training.noClasses')} />}
      {list.map((m) => (
        <Card key={m.enrolment_id} size="small" loading={mine.isLoading} title={m.class.name} extra={<StatusTag status={m.status} />} data-testid="my-class">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {m.course_name} · {t(`training.deliveries.${m.delivery}`)}
            </Typography.Text>
            <Typography.Text>
              {when(m.class.starts_at)} – {when(m.class.ends_at)}
            </Typography.Text>
            {notice(m)}
            <List
              size="small"
              header={t('training.sessions')}
              dataSource={m.sessions}
              locale={{ emptyText: t('training.noSessions') }}
              renderItem={(s) => (
                <List.Item style={{ flexWrap: 'wrap', gap: 4 }}>
                  <span>
                    {when(s.starts_at)} – {when(s.ends_at).slice(-8)}
                  </span>
                  <Space size={4}>
                    {s.attendance && <Tag color={s.attendance === 'present' ? 'green' : 'red'}>{t(`training.attendance.${s.attendance}`)}</Tag>}
                    {s.leave && <Tag>{t(`training.leave.${s.leave}`)}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </Space>
        </Card>
      ))}
    </Space>
  );
}
