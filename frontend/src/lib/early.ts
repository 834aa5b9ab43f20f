// The requests the first signed-in screen waits for, started by the first script beside the
// fetch of the app's chunks instead of after them (GET /me, and the screen's own data where
// `screens.ts` names it). A query takes its answer once, on its first run; later runs ask the
// server again. Before this, a phone fetched the chunks, rendered the shell, then asked for
// /me, then for the screen's data: three waits in a row before the page's content
// (docs/BENCHMARKS.md, "Session 9, Lighthouse").
import { allPages, api, PAGE_MAX, unwrap } from './api/client';

const started = new Map<string, Promise<unknown>>();

/** Starts `run` under `key` unless it was started already. */
export function startEarly(key: string, run: () => Promise<unknown>): void {
  if (started.has(key)) return;
  const p = run();
  // Whoever takes it handles a failure; one nobody takes must not be an unhandled rejection.
  p.catch(() => undefined);
  started.set(key, p);
}

/** The answer started under `key`, once; undefined when none was started or it was taken. */
export function takeEarly<T>(key: string): Promise<T> | undefined {
  const p = started.get(key);
  started.delete(key);
  return p as Promise<T> | undefined;
}

/** The early requests' own fetches, named once for both ends. */
export const EARLY = {
  me: () => unwrap(api.GET('/api/v1/me')),
  myClasses: () => allPages((cursor) => unwrap(api.GET('/api/v1/me/classes', { params: { query: { limit: PAGE_MAX, cursor } } }))),
};
