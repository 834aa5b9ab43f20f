// Screen tests: the page in its providers (query client without retries, Ant Design's App, a
// memory router), and a stand-in for the API that records what was sent.
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Me } from '../lib/me';
import '../config/i18n';

export function renderPage(ui: ReactNode, { path = '/', route = '/' }: { path?: string; route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AntApp>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={ui} />
            <Route path="*" element={<div data-testid="elsewhere" />} />
          </Routes>
        </MemoryRouter>
      </AntApp>
    </QueryClientProvider>,
  );
}

/** A JSON answer; 4xx/5xx go out as problem+json like the server's. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/** One page of a list, the last: `{items, next_cursor: null}`. */
export function onePage(items: unknown[]) {
  return { items, next_cursor: null };
}

export interface Sent {
  method: string;
  path: string;
  url: URL;
  headers: Headers;
  /** The body as text (a file body as its bytes decoded). */
  body: string;
}

type Handler = (method: string, path: string, url: URL, body: string) => Response | undefined | Promise<Response | undefined>;

/** Answers every fetch with `handler` (404 problem when it has no answer) and records the requests. */
export function stubApi(handler: Handler): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
      const url = new URL(req.url);
      const body = req.body ? await req.clone().text() : '';
      sent.push({ method: req.method, path: url.pathname, url, headers: req.headers, body });
      return (await handler(req.method, url.pathname, url, body)) ?? json({ status: 404, title: 'Not Found', detail: `no stub for ${req.method} ${url.pathname}` }, 404);
    }),
  );
  return sent;
}

export const USER_ID = '0197a000-0000-7000-8000-0000000000aa';

/** GET /me for a user with these memberships. */
export function meWith(memberships: { id: string; name: string; kind: Me['memberships'][number]['organization_kind']; roles: Me['memberships'][number]['roles'] }[], extra: Partial<Me> = {}): Me {
  return {
    is_platform_admin: false,
    person_id: null,
    user: { id: USER_ID, login: 'tester', display_name: '测试用户', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z' },
    memberships: memberships.map((m) => ({ id: `m-${m.id}`, user_id: USER_ID, organization_id: m.id, organization_name: m.name, organization_kind: m.kind, roles: m.roles })),
    ...extra,
    grants: extra.grants ?? [],
  };
}
