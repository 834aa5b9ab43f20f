// Cursor paging for tables: keeps the cursors of the pages already seen so that "previous"
// works without offsets, and the list's total once a page has told it; and the page size a
// clerk chose for a list, kept on this device.
import { useCallback, useEffect, useState } from 'react';

export function useCursorPages() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const [total, setTotal] = useState<number | undefined>();
  const cursor = stack[stack.length - 1];
  const next = useCallback((c: string | null | undefined) => {
    if (c) setStack((s) => [...s, c]);
  }, []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => {
    setStack([undefined]);
    setTotal(undefined);
  }, []);
  return {
    cursor,
    page: stack.length,
    next,
    prev,
    reset,
    hasPrev: stack.length > 1,
    /**
     * `with_total` for the request: true on the first page only. The long lists count their
     * rows only when asked (a count over the whole filtered list); the number is kept while
     * paging on (`useListTotal`).
     */
    withTotal: cursor === undefined ? true : undefined,
    /** The total a page told, kept until the list starts again. */
    total,
    setTotal,
  };
}

/**
 * The total of the list on screen: the one this page carries (`total` of `{items, next_cursor,
 * total}`), else the one an earlier page carried since the list last started again.
 */
export function useListTotal(pages: ReturnType<typeof useCursorPages>, pageTotal: number | null | undefined): number | undefined {
  const { setTotal } = pages;
  useEffect(() => {
    if (typeof pageTotal === 'number') setTotal(pageTotal);
  }, [pageTotal, setTotal]);
  return typeof pageTotal === 'number' ? pageTotal : pages.total;
}

/** The page size of list `list` (`seforce.pageSize.<list>`), 1–200 as the API takes. */
export function usePageSize(list: string, fallback = 20): [number, (n: number) => void] {
  const key = `seforce.pageSize.${list}`;
  const [size, setSize] = useState(() => {
    const n = Number(localStorage.getItem(key));
    return Number.isInteger(n) && n >= 1 && n <= 200 ? n : fallback;
  });
  const choose = useCallback(
    (n: number) => {
      localStorage.setItem(key, String(n));
      setSize(n);
    },
    [key],
  );
  return [size, choose];
}
