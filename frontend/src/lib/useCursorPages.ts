// Cursor paging for tables: keeps the cursors of the pages already seen so that "previous"
// works without offsets; and the page size a clerk chose for a list, kept on this device.
import { useCallback, useState } from 'react';

export function useCursorPages() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((c: string | null | undefined) => {
    if (c) setStack((s) => [...s, c]);
  }, []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, next, prev, reset, hasPrev: stack.length > 1 };
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
