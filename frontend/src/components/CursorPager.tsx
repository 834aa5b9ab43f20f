// Previous / page n / next for cursor-paged tables. Given how many rows the page has and the
// page size, it also says which rows these are; the list's total when the server told it
// (`total` of the page, asked for with `with_total` on the first page of the long lists), else
// once the last page is reached; and, given `onPageSize`, lets the clerk choose the page size
// (which starts the list again).
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
  total,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor?: string | null;
  /** Rows on this page. */
  count?: number;
  /** Rows of the whole list, when the server said (`useListTotal`). */
  total?: number;
  pageSize?: number;
  onPageSize?: (n: number) => void;
}) {
  const { t } = useTranslation();
  const from = pageSize && count !== undefined ? (pages.page - 1) * pageSize + 1 : undefined;
  const to = from !== undefined && count !== undefined ? from + count - 1 : undefined;
  const range = from !== undefined && to !== undefined && count !== undefined ? { from, to } : undefined;
  let summary: string | undefined;
  if (!range) summary = total === undefined ? undefined : t('table.total', { n: total });
  else if (count === 0 && pages.page === 1) summary = t('table.total', { n: total ?? 0 });
  else if (total !== undefined) summary = t('table.rangeTotal', { ...range, n: total });
  // Without a total from the server, the last page tells it.
  else if (nextCursor) summary = t('table.rangeMore', range);
  else summary = t('table.rangeTotal', { ...range, n: range.to });
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
