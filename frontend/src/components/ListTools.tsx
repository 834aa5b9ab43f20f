// What every list page shares beside `QueryForm` and `ColumnSettings`: the toolbar above the
// table (the list's actions on the left, the column button on the right), the pager of a list
// the server answers whole and the browser filters (the page size kept per list on this
// device, the total), and the export of the rows a clerk filtered as a CSV file Excel opens
// (UTF-8 with a byte-order mark; a cell that a spreadsheet would read as a formula is quoted
// as text). Lists the server pages use `CursorPager` and the server's own XLSX export.
import { useState, type ReactNode } from 'react';
import { Button, Space, type PaginationProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PAGE_SIZES } from './CursorPager';
import type { KeyedColumn } from './ColumnSettings';
import { usePageSize } from '../lib/useCursorPages';
import { saveBlob } from '../lib/saveBlob';
import { formatDay } from '../lib/format';

/** The row above a table: the list's actions, then (at the far end) its column settings. */
export function ListToolbar({ children, settings }: { children?: ReactNode; settings?: ReactNode }) {
  return (
    <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} data-testid="list-toolbar">
      <Space wrap>{children}</Space>
      {settings}
    </Space>
  );
}

/**
 * The pager of list `list` read whole: Ant Design's, with the total ("共 57 条", test id
 * `<list>-total`) and the page size (kept as `usePageSize` keeps it). `reset` goes back to
 * the first page (a new filter).
 */
export function useLocalPagination(list: string): { pagination: PaginationProps; reset: () => void } {
  const { t } = useTranslation();
  const [pageSize, setPageSize] = usePageSize(list);
  const [current, setCurrent] = useState(1);
  return {
    pagination: {
      current,
      pageSize,
      showSizeChanger: true,
      pageSizeOptions: PAGE_SIZES,
      onChange: (page, size) => {
        if (size !== pageSize) {
          setPageSize(size);
          setCurrent(1);
        } else setCurrent(page);
      },
      showTotal: (n) => <span data-testid={`${list}-total`}>{t('table.total', { n })}</span>,
    },
    reset: () => setCurrent(1),
  };
}

/** A column as text for the export: its `csv`, else the value at its `dataIndex`. */
function cellText<T>(c: KeyedColumn<T>, row: T): string {
  if (c.csv) return String(c.csv(row) ?? '');
  const path = c.dataIndex === undefined || c.dataIndex === null ? [] : Array.isArray(c.dataIndex) ? c.dataIndex : [c.dataIndex];
  let v: unknown = path.length ? row : undefined;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string | number] : undefined;
  return v === undefined || v === null ? '' : String(v as string | number);
}

/** One CSV field: quoted when it must be, and never read as a formula (`=`, `+`, `-`, `@`). */
export function csvField(s: string): string {
  const text = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of `rows` under `columns` (titles as the header; titles that are not text give the key). */
export function toCsv<T>(columns: KeyedColumn<T>[], rows: T[]): string {
  const head = columns.map((c) => csvField(typeof c.title === 'string' ? c.title : c.key));
  const lines = rows.map((r) => columns.map((c) => csvField(cellText(c, r))).join(','));
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}

/** Saves `rows` under `columns` as `<name>-<Beijing day>.csv`. */
export function saveCsv<T>(name: string, columns: KeyedColumn<T>[], rows: T[]): void {
  saveBlob(new Blob(['\uFEFF', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), `${name}-${formatDay(new Date().toISOString())}.csv`);
}

/** Saves the rows the clerk filtered, in the columns shown (`saveCsv`). */
export function ExportCsvButton<T>({ name, columns, rows, testId }: { name: string; columns: KeyedColumn<T>[]; rows: T[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Button
      icon={<DownloadOutlined />}
      disabled={rows.length === 0}
      title={t('table.exportHint')}
      data-testid={testId ?? `${name}-export`}
      onClick={() => saveCsv(name, columns, rows)}
    >
      {t('table.export', { n: rows.length })}
    </Button>
  );
}
