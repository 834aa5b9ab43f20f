import { act, fireEvent, render, screen } from '@testing-library/react';
import i18n from '../config/i18n';
import { useCursorPages, useListTotal } from '../lib/useCursorPages';
import { CursorPager } from './CursorPager';

type Page = { items: number[]; next_cursor: string | null; total?: number | null };

/** A list of `pages` (by cursor: undefined, 'c2', 'c3' …) behind the pager, as a screen wires it. */
function Harness({ pages: byCursor, pageSize = 20, onAsk }: { pages: Record<string, Page>; pageSize?: number; onAsk?: (cursor: string | undefined, withTotal: boolean | undefined) => void }) {
  const pages = useCursorPages();
  onAsk?.(pages.cursor, pages.withTotal);
  const data = byCursor[pages.cursor ?? 'first']!;
  const total = useListTotal(pages, data.total);
  return (
    <>
      <button type="button" data-testid="start-again" onClick={pages.reset} />
      <CursorPager pages={pages} nextCursor={data.next_cursor} count={data.items.length} pageSize={pageSize} total={total} />
    </>
  );
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
const summary = () => screen.getByTestId('page-summary').textContent;

describe('the pager tells the total', () => {
  afterEach(async () => {
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('shows the total the first page carried, and keeps it on the pages after', async () => {
    const asked: [string | undefined, boolean | undefined][] = [];
    render(
      <Harness
        pages={{ first: { items: rows(20), next_cursor: 'c2', total: 45 }, c2: { items: rows(20), next_cursor: 'c3', total: null }, c3: { items: rows(5), next_cursor: null } }}
        onAsk={(c, w) => asked.push([c, w])}
      />,
    );
    expect(summary()).toBe('第 1–20 条,共 45 条');
    fireEvent.click(screen.getByTestId('page-next'));
    expect(summary()).toBe('第 21–40 条,共 45 条');
    fireEvent.click(screen.getByTestId('page-next'));
    expect(summary()).toBe('第 41–45 条,共 45 条');
    // with_total on the first page only.
    expect(asked.filter(([c]) => c === undefined).every(([, w]) => w === true)).toBe(true);
    expect(asked.filter(([c]) => c !== undefined).every(([, w]) => w === undefined)).toBe(true);

    await act(() => i18n.changeLanguage('en'));
    expect(summary()).toBe('Rows 41–45 of 45');
  });

  it('shows "共 N 条" alone when the rows on the page are not given, in both languages', async () => {
    const list = { first: { items: rows(3), next_cursor: null, total: 3 } };
    function Bare() {
      const pages = useCursorPages();
      return <CursorPager pages={pages} nextCursor={list.first.next_cursor} total={useListTotal(pages, list.first.total)} />;
    }
    render(<Bare />);
    expect(summary()).toBe('共 3 条');
    await act(() => i18n.changeLanguage('en'));
    expect(summary()).toBe('3 in total');
  });

  it('without a total from the server, says more follow, and tells the total on the last page', () => {
    render(<Harness pages={{ first: { items: rows(20), next_cursor: 'c2' }, c2: { items: rows(1), next_cursor: null } }} />);
    expect(summary()).toBe('第 1–20 条,后面还有');
    fireEvent.click(screen.getByTestId('page-next'));
    expect(summary()).toBe('第 21–21 条,共 21 条');
  });

  it('forgets the total when the list starts again', () => {
    const { rerender } = render(<Harness pages={{ first: { items: rows(20), next_cursor: 'c2', total: 45 }, c2: { items: rows(20), next_cursor: 'c3', total: null } }} />);
    fireEvent.click(screen.getByTestId('page-next'));
    expect(summary()).toBe('第 21–40 条,共 45 条');
    fireEvent.click(screen.getByTestId('start-again'));
    // The new first page (another filter, say) counts 7.
    rerender(<Harness pages={{ first: { items: rows(7), next_cursor: null, total: 7 } }} />);
    expect(summary()).toBe('第 1–7 条,共 7 条');
  });
});
