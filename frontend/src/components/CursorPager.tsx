// Previous / page n / next for cursor-paged tables. Given how many rows the page has and the
// page size, it also says which rows these are, and the total once the last page is reached
// (a cursor page does not know how many follow, and the API sends no count); and, given
// `onPageSize`, lets the clerk choose the page size (which starts the list again).
import { Button, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { useCursorPages } from '../lib/useCursorPages';

export const PAGE_SIZES = [10, 20, 50, 100];

export function CursorPager({
  pages,
  nextCursor,
  count,
  pageSize,
  onPageSize,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor?: string | null;
  /** Rows on this page. */
  count?: number;
  pageSize?: number;
  onPageSize?: (n: number) => void;
}) {
  const { t } = useTranslation();
  const from = pageSize && count !== undefined ? (pages.page - 1) * pageSize + 1 : undefined;
  const to = from !== undefined && count !== undefined ? from + count - 1 : undefined;
  const summary =
    from === undefined || to === undefined || count === undefined
      ? undefined
      : nextCursor
        ? t('table.rangeMore', { from, to })
        : count === 0 && pages.page === 1
          ? t('table.total', { n: 0 })
          : t('table.rangeTotal', { from, to, n: to });
  return (
    <Space style={{ marginTop: 12 }} wrap data-testid="pager">
      <Button disabled={!pages.hasPrev} onClick={pages.prev} data-testid="page-prev">
        {t('app.prev')}
      </Button>
      <Typography.Text>{t('app.page', { n: pages.page })}</Typography.Text>
      <Button disabled={!nextCursor} onClick={() => pages.next(nextCursor)} data-testid="page-next">
        {t('app.next')}
      </Button>
      {summary && (
        <Typography.Text type="secondary" data-testid="page-summary">
          {summary}
        </Typography.Text>
      )}
      {pageSize && onPageSize && (
        <Select
          size="small"
          value={pageSize}
          style={{ width: 120 }}
          aria-label={t('table.pageSize')}
          data-testid="page-size"
          onChange={(n: number) => {
            pages.reset();
            onPageSize(n);
          }}
          options={PAGE_SIZES.map((n) => ({ value: n, label: t('table.perPage', { n }) }))}
        />
      )}
    </Space>
  );
}
