// A table on a desk, a list of cards on a phone (below Ant Design's `md`, 768 px): each row a
// card with the first column as its title and every other column as a "label: value" line, the
// row's own attributes (`onRow`, e.g. its test id) on the card. The same columns serve both,
// so a screen says once what a row shows. For the screens trainees and head teachers open on
// their phones (issue 14).
import type { HTMLAttributes, Key, ReactNode } from 'react';
import { Card, Table, Typography, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { Nothing } from './Nothing';
import { useWide } from '../lib/useWide';
import { ItemList, ListItem } from './ItemList';

function valueAt<T>(row: T, dataIndex: ColumnType<T>['dataIndex']): unknown {
  if (dataIndex === undefined || dataIndex === null) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let v: unknown = row;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string | number] : undefined;
  return v;
}

function cell<T>(col: ColumnType<T>, row: T, index: number): ReactNode {
  const value = valueAt(row, col.dataIndex);
  if (col.render) {
    const out = col.render(value, row, index) as unknown;
    // A render may answer { children, props } for a table cell; a card wants the children.
    if (out && typeof out === 'object' && 'children' in (out as object) && 'props' in (out as object)) return (out as { children: ReactNode }).children;
    return out as ReactNode;
  }
  return value === undefined || value === null ? '' : String(value as string | number);
}

/** Whether the window is narrower than `md` (a phone). */
export function usePhone(): boolean {
  return !useWide();
}

const colId = <T,>(c: ColumnType<T>) => String(c.key ?? (Array.isArray(c.dataIndex) ? c.dataIndex.join('.') : (c.dataIndex ?? '')));

/**
 * `titleColumn`: the key (or data index) of the column a card is titled by; the first column
 * when not given. `emptyText`: what an empty list says, in both forms.
 */
export function ResponsiveTable<T extends object>(props: TableProps<T> & { emptyText?: string; titleColumn?: string }) {
  const phone = usePhone();
  const { dataSource, columns = [], rowKey, onRow, loading, emptyText, titleColumn, pagination, ...tableProps } = props;
  if (!phone) return <Table<T> {...tableProps} pagination={pagination} dataSource={dataSource} columns={columns} rowKey={rowKey} onRow={onRow} loading={loading} locale={emptyText ? { emptyText: <Nothing text={emptyText} /> } : props.locale} />;
  const cols = columns as ColumnType<T>[];
  const head = (titleColumn ? cols.find((c) => colId(c) === titleColumn) : undefined) ?? cols[0];
  const rest = cols.filter((c) => c !== head);
  const keyOf = (row: T, i: number): Key => (typeof rowKey === 'function' ? rowKey(row) : rowKey ? (valueAt(row, rowKey as string) as Key) : i);
  return (
    <ItemList<T>
      dataSource={(dataSource ?? []) as T[]}
      loading={!!loading}
      rowKey={(row) => keyOf(row, (dataSource ?? []).indexOf(row))}
      emptyText={<Nothing text={emptyText ?? ''} />}
      data-testid={(tableProps as { 'data-testid'?: string })['data-testid'] ?? 'card-list'}
      pagination={pagination && pagination.pageSize ? { pageSize: pagination.pageSize, hideOnSinglePage: true, size: 'small', align: 'center' } : false}
      renderItem={(row, i) => (
        <ListItem style={{ padding: '6px 0', borderBlockEnd: 'none' }}>
          <Card size="small" title={head ? cell(head, row, i) : undefined} {...((onRow?.(row, i) ?? {}) as HTMLAttributes<HTMLDivElement>)}>
            {rest.map((c, j) => {
              const v = cell(c, row, i);
              if (v === '' || v === null || v === undefined) return null;
              return (
                <div key={String(c.key ?? c.dataIndex ?? j)} style={{ display: 'flex', gap: 8, padding: '2px 0', flexWrap: 'wrap' }}>
                  {c.title ? <Typography.Text type="secondary" style={{ minWidth: 72 }}>{c.title as ReactNode}</Typography.Text> : null}
                  <div style={{ flex: 1, minWidth: 0 }}>{v}</div>
                </div>
              );
            })}
          </Card>
        </ListItem>
      )}
    />
  );
}
