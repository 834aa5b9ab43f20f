// The notification centre: a bell with the count of unread notices (what waits in the inbox,
// a trainee's class notices), the list in a popover, and "mark all read". Read marks stay on
// this device; an item leaves the list when the server no longer has it waiting.
import { Button, Empty, Popover, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../lib/me';
import { formatInstant } from '../../lib/format';
import { useSeen, useWaiting } from './waiting';
import { BellButton } from './BellButton';
import { ItemList, ListItem } from '../../components/ItemList';

export function NoticeBell({ me }: { me: Me | undefined }) {
  const { t } = useTranslation();
  const { notices } = useWaiting(me);
  const [seen, mark] = useSeen();
  const unread = notices.filter((n) => !seen.has(n.id));

  const content = (
    <div style={{ width: 300, maxWidth: '80vw' }} data-testid="notice-list">
      {notices.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.none')} />
      ) : (
        <ItemList
          size="small"
          dataSource={notices.slice(0, 8)}
          renderItem={(n) => (
            <ListItem style={{ opacity: seen.has(n.id) ? 0.6 : 1 }}>
              <Link to={n.link} onClick={() => mark([n.id])} style={{ width: '100%' }}>
                <Typography.Text strong={!seen.has(n.id)}>{n.kind === 'inbox' ? t(`notices.kinds.${n.title}`) : t('notices.classNotice', { name: n.title })}</Typography.Text>
                {n.at && (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatInstant(n.at)}
                    </Typography.Text>
                  </div>
                )}
              </Link>
            </ListItem>
          )}
        />
      )}
      {unread.length > 0 && (
        <Button type="link" size="small" data-testid="notices-read-all" onClick={() => mark(unread.map((n) => n.id))}>
          {t('notices.readAll')}
        </Button>
      )}
    </div>
  );

  return (
    <Popover content={content} title={t('notices.title')} trigger="click" placement="bottomRight">
      <BellButton unread={unread.length} testId="notice-bell" />
    </Popover>
  );
}
