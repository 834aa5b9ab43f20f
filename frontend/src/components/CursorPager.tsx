// Previous / page n / next for cursor-paged tables.
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { useCursorPages } from '../lib/useCursorPages';

export function CursorPager({ pages, nextCursor }: { pages: ReturnType<typeof useCursorPages>; nextCursor?: string | null }) {
  const { t } = useTranslation();
  return (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={!pages.hasPrev} onClick={pages.prev}>
        {t('app.prev')}
      </Button>
      <Typography.Text>{t('app.page', { n: pages.page })}</Typography.Text>
      <Button disabled={!nextCursor} onClick={() => pages.next(nextCursor)}>
        {t('app.next')}
      </Button>
    </Space>
  );
}
