// A short list of items in a card or a drawer: what the screens used Ant Design's `List` for.
//
// Why our own: antd 6.6 deprecated `List` ("will be removed in the next major version") and
// points to `Listy`, which is a different thing: a virtualised scroller for long lists
// (`items`, `itemRender`, a fixed viewport height and estimated row heights) with no items
// and metas, no actions, empty text, loading, header, borders or pager, and plain `div`s where
// `List` gave a `ul` of `li`s. The lists here are a few to a few dozen rows on a page that
// scrolls as a whole, so this is the part of `List` the screens use, built from parts antd
// keeps (Spin, Empty, Pagination, Divider, the theme's tokens) and kept looking as it did:
// the same paddings and split lines per size, the actions at the end of the row (wrapping
// under it when the row is too narrow), a bordered list's frame, a responsive grid.
//
// Not here, because no screen asks for them: a meta's avatar, item `extra`, a vertical layout,
// load-more, a footer, a pager above the list.
import { createContext, Fragment, useCallback, useContext, useState, useSyncExternalStore, type CSSProperties, type Key, type LiHTMLAttributes, type ReactNode } from 'react';
import { Divider, Empty, Pagination, Spin, theme, type PaginationProps } from 'antd';

type Token = ReturnType<typeof theme.useToken>['token'];

/** What an item needs to know of its list: how it is padded and ruled, and whether it is a grid cell. */
interface Row {
  small: boolean;
  bordered: boolean;
  grid: boolean;
  /** The last item draws no line under it, unless a pager follows. */
  ruled: boolean;
}

const RowContext = createContext<Row>({ small: false, bordered: false, grid: false, ruled: true });

/** Columns by breakpoint (Ant Design's `xs` < 576 px ≤ `sm` < 768 px ≤ `md`); a breakpoint without a count takes the next smaller one's. */
export interface ItemGrid {
  gutter: number;
  xs: number;
  sm?: number;
  md?: number;
}

export interface ItemListProps<T> {
  dataSource: readonly T[];
  renderItem: (item: T, index: number) => ReactNode;
  /** The item's React key: a field, or a function of the item; else its `key` field, else its place. */
  rowKey?: (keyof T & string) | ((item: T) => Key);
  loading?: boolean;
  /** What an empty list shows; antd's small "no data" picture when not given. */
  emptyText?: ReactNode;
  size?: 'small';
  bordered?: boolean;
  header?: ReactNode;
  /** A pager under the list, which then shows one page of `dataSource` (10 rows unless `pageSize` says). */
  pagination?: PaginationProps | false;
  grid?: ItemGrid;
  'data-testid'?: string;
}

function padding(token: Token, { small, bordered }: Pick<Row, 'small' | 'bordered'>): string {
  if (small) return `${token.paddingContentVerticalSM}px ${token.paddingContentHorizontal}px`;
  return `${token.paddingContentVertical}px ${bordered ? token.paddingLG : 0}px`;
}

const rule = (token: Token) => `${token.lineWidth}px ${token.lineType} ${token.colorSplit}`;

function keyOf<T>(item: T, index: number, rowKey: ItemListProps<T>['rowKey']): Key {
  if (typeof rowKey === 'function') return rowKey(item);
  if (rowKey) return item[rowKey] as Key;
  const own = item && typeof item === 'object' ? (item as { key?: unknown }).key : undefined;
  return typeof own === 'string' || typeof own === 'number' ? own : index;
}

/** Whether the window is at least `px` wide, known while rendering (as `useWide`). */
function useMinWidth(px: number): boolean {
  const query = `(min-width: ${px}px)`;
  const subscribe = useCallback(
    (onChange: () => void) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => true);
}

function GridItems({ grid, children }: { grid: ItemGrid; children: ReactNode }) {
  const { token } = theme.useToken();
  const sm = useMinWidth(token.screenSM);
  const md = useMinWidth(token.screenMD);
  const columns = (md ? grid.md : undefined) ?? (sm ? grid.sm : undefined) ?? grid.xs;
  return (
    <ul style={{ margin: 0, padding: 0, listStyle: 'none', display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, columnGap: grid.gutter, rowGap: token.margin }}>
      {children}
    </ul>
  );
}

/** The list: items (`renderItem`, each a `ListItem`), its header, empty text, loading spinner and pager. */
export function ItemList<T>({ dataSource, renderItem, rowKey, loading, emptyText, size, bordered = false, header, pagination, grid, 'data-testid': testId }: ItemListProps<T>) {
  const { token } = theme.useToken();
  const [ownPage, setOwnPage] = useState(1);
  const [ownSize, setOwnSize] = useState(10);
  const small = size === 'small';

  let rows = dataSource;
  let pager: ReactNode = null;
  if (pagination) {
    const total = pagination.total ?? dataSource.length;
    const pageSize = pagination.pageSize ?? ownSize;
    const current = Math.max(1, Math.min(pagination.current ?? ownPage, Math.ceil(total / pageSize)));
    rows = dataSource.slice((current - 1) * pageSize, current * pageSize);
    pager = (
      <div style={{ marginBlockStart: token.marginLG }}>
        <Pagination
          align="end"
          {...pagination}
          total={total}
          current={current}
          pageSize={pageSize}
          onChange={(page, n) => {
            setOwnPage(page);
            setOwnSize(n);
            pagination.onChange?.(page, n);
          }}
        />
      </div>
    );
  }

  const items = rows.map((item, i) => (
    <RowContext.Provider key={keyOf(item, i, rowKey)} value={{ small, bordered, grid: !!grid, ruled: i < rows.length - 1 || !!pager }}>
      {renderItem(item, i)}
    </RowContext.Provider>
  ));
  const body =
    items.length > 0 ? (
      grid ? (
        <GridItems grid={grid}>{items}</GridItems>
      ) : (
        <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>{items}</ul>
      )
    ) : loading ? (
      <div style={{ minHeight: 53 }} />
    ) : (
      <div style={{ padding: token.padding, textAlign: 'center' }}>{emptyText ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}</div>
    );

  const frame: CSSProperties = bordered ? { border: `${token.lineWidth}px ${token.lineType} ${token.colorBorder}`, borderRadius: token.borderRadiusLG } : {};
  const headerPadding = small && bordered ? padding(token, { small, bordered }) : `${token.paddingSM}px ${bordered ? token.paddingLG : 0}px`;
  return (
    <div data-testid={testId} style={{ ...frame, position: 'relative', color: token.colorText, fontSize: token.fontSize, lineHeight: token.lineHeight }}>
      {header !== undefined && header !== null && header !== false && <div style={{ padding: headerPadding, borderBlockEnd: rule(token) }}>{header}</div>}
      {loading === undefined ? body : <Spin spinning={loading}>{body}</Spin>}
      {pager}
    </div>
  );
}

export interface ListItemProps extends Omit<LiHTMLAttributes<HTMLLIElement>, 'children'> {
  children?: ReactNode;
  /** Shown at the end of the row, split by thin lines; under the content when the row is narrow. */
  actions?: ReactNode[];
}

/** One item: its content, then its actions. A `style` adds to (or overrides) the row's own. */
export function ListItem({ children, actions, style, ...rest }: ListItemProps) {
  const { token } = theme.useToken();
  const row = useContext(RowContext);
  if (row.grid) {
    return (
      <li {...rest} style={{ minWidth: 0, ...style }}>
        {children}
      </li>
    );
  }
  const acts = (actions ?? []).filter((a) => a !== null && a !== undefined && a !== false);
  return (
    <li
      {...rest}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        justifyContent: 'space-between',
        columnGap: token.marginLG,
        rowGap: token.marginXS,
        padding: padding(token, row),
        borderBlockEnd: row.ruled ? rule(token) : undefined,
        ...style,
      }}
    >
      {/* 16em: room for a line of text beside the actions; narrower than that, the actions go under it. */}
      <div style={{ flex: '1 1 16em', minWidth: 0 }}>{children}</div>
      {acts.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', rowGap: token.marginXXS, color: token.colorTextDescription }}>
          {acts.map((a, i) => (
            <Fragment key={i}>
              {i > 0 && <Divider orientation="vertical" />}
              {a}
            </Fragment>
          ))}
        </div>
      )}
    </li>
  );
}

/** An item's title over its description (in the secondary text colour), as antd's `List.Item.Meta`. */
export function ListItemMeta({ title, description }: { title?: ReactNode; description?: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <div>
      {title !== undefined && title !== null && <h4 style={{ margin: `0 0 ${token.marginXXS}px`, color: token.colorText, fontSize: token.fontSize, lineHeight: token.lineHeight }}>{title}</h4>}
      {description !== undefined && description !== null && <div style={{ color: token.colorTextDescription }}>{description}</div>}
    </div>
  );
}
