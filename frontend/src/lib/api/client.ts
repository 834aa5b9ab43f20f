// The one API client: typed by the generated OpenAPI schema, adds the bearer token, refreshes
// once on 401 and retries, and turns error answers into ApiProblem.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { ApiProblem, problemFromResponse } from './problem';
import { getSession, refreshSession, setSession } from '../session';

function withAuth(req: Request): Request {
  const s = getSession();
  if (!s) return req;
  const headers = new Headers(req.headers);
  headers.set('Authorization', `Bearer ${s.accessToken}`);
  return new Request(req, { headers });
}

const NO_REFRESH = ['/api/v1/auth/token', '/api/v1/auth/refresh'];

/** fetch with the session: on 401 refresh once, then retry the same request. */
export function makeAuthedFetch(base: typeof fetch = fetch) {
  return async (input: Request): Promise<Response> => {
    const retry = input.clone();
    const res = await base(withAuth(input));
    if (res.status !== 401 || NO_REFRESH.some((p) => new URL(input.url).pathname === p)) return res;
    if (!getSession()) return res;
    if (await refreshSession(base)) return base(withAuth(retry));
    setSession(null);
    return res;
  };
}

export const authedFetch = makeAuthedFetch((...args) => fetch(...args));

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  fetch: authedFetch,
});

/** The data of an openapi-fetch result, or throws its problem. */
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) {
    throw new ApiProblem(response.status, (error ?? { status: response.status, title: response.statusText }) as object);
  }
  return data as T;
}

/** The largest page the server gives (`limit` is capped at 200). */
export const PAGE_MAX = 200;

/**
 * Every row of a `{items, next_cursor}` list, page after page at the largest size: for the
 * screens that show a list whole (an association's classes, a course's units …).
 */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor?: string | null }>): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    rows.push(...p.items);
    cursor = p.next_cursor ?? undefined;
  } while (cursor);
  return rows;
}

/** Raw requests (file upload and download) with the same session handling. */
export async function rawRequest(path: string, init: RequestInit): Promise<Response> {
  const res = await authedFetch(new Request(new URL(path, window.location.origin), init));
  if (!res.ok) throw await problemFromResponse(res);
  return res;
}

/**
 * Options that send a file as the raw request body through the typed client (uploads, sheet
 * imports): the generated type of a binary body (`format: binary`) is `string`, so the body given
 * is a placeholder and the serializer hands the file itself to fetch, under its media type.
 */
export function fileBody(file: Blob, contentType: string) {
  return { body: '', bodySerializer: () => file, headers: { 'Content-Type': contentType } };
}
