// For what a screen's first paint does not need (the notice bell, the menu's badges): false on
// the first render, true once the browser is idle after it, so their chunks, queries and
// rendering come after the page the user opened instead of inside its first long task
// (docs/BENCHMARKS.md, "Session 9, Lighthouse").
import { useEffect, useState } from 'react';

export function useAfterPaint(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(() => setReady(true), { timeout: 2000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(() => setReady(true), 50);
    return () => window.clearTimeout(id);
  }, []);
  return ready;
}
