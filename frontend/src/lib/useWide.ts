// Desk or phone, known on the first render. Ant Design's `Grid.useBreakpoint()` answers `{}`
// until its layout effect has run, so a screen that defaults to the desk layout renders it
// first and then again as a phone's: on a phone the shell mounted the side menu only to take
// it away before the first paint (docs/BENCHMARKS.md, "Session 9, Lighthouse"). This asks
// `matchMedia` while rendering and follows its changes.
import { useSyncExternalStore } from 'react';

/** Ant Design's `md` breakpoint: a desk at 768 px and wider. */
const DESK = '(min-width: 768px)';

function subscribe(onChange: () => void): () => void {
  const m = window.matchMedia(DESK);
  m.addEventListener('change', onChange);
  return () => m.removeEventListener('change', onChange);
}

const wide = () => window.matchMedia(DESK).matches;

/** True on a desk (Ant Design's `md` and up), false on a phone. */
export function useWide(): boolean {
  return useSyncExternalStore(subscribe, wide, () => true);
}
