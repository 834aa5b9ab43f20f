import { makeAuthedFetch } from './client';
import { ApiProblem, problemFromResponse } from './problem';
import { getSession, setSession } from '../session';

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

describe('the API client', () => {
  beforeEach(() => localStorage.clear());

  it('refreshes once on 401, retries with the new token, and keeps the rotated refresh token', async () => {
    setSession({ accessToken: 'old', refreshToken: 'r1' });
    const seen: string[] = [];
    const base = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://x'), init);
      const path = new URL(req.url).pathname;
      seen.push(`${path} ${req.headers.get('Authorization') ?? ''}`);
      if (path === '/api/v1/auth/refresh') return json(200, { access_token: 'new', refresh_token: 'r2' });
      return req.headers.get('Authorization') === 'Bearer new' ? json(200, { ok: true }) : json(401, { status: 401 });
    });
    const f = makeAuthedFetch(base as unknown as typeof fetch);
    const res = await f(new Request('http://x/api/v1/me'));
    expect(res.status).toBe(200);
    expect(seen).toEqual(['/api/v1/me Bearer old', '/api/v1/auth/refresh ', '/api/v1/me Bearer new']);
    expect(getSession()).toEqual({ accessToken: 'new', refreshToken: 'r2' });
  });

  it('logs out when the refresh is refused', async () => {
    setSession({ accessToken: 'old', refreshToken: 'stolen' });
    const base = vi.fn(async () => json(401, { status: 401 }));
    const f = makeAuthedFetch(base as unknown as typeof fetch);
    const res = await f(new Request('http://x/api/v1/persons'));
    expect(res.status).toBe(401);
    expect(getSession()).toBeNull();
  });

  it('shows the detail in the chosen language only', () => {
    const both = new ApiProblem(409, { detail: '该日期已登记', detail_en: 'this day is already in the calendar' });
    expect(both.summary()).toBe('该日期已登记');
    const ruled = new ApiProblem(422, { detail: '列入黑名单', detail_en: 'blacklisted', rule: 'CR-04' });
    expect([ruled.summary(), ruled.rule()]).toEqual(['列入黑名单', 'CR-04']);
  });

  it('reads problem+json with field errors and rule ids', async () => {
    const p = await problemFromResponse(
      json(422, { type: 'urn:seforce:problem:rule-violation', status: 422, detail: '开班前1天内不能延期', rule: 'TR-10', errors: [{ pointer: '/national_id', code: 'check_digit', message: 'x' }] }, 'application/problem+json'),
    );
    expect(p).toBeInstanceOf(ApiProblem);
    expect(p.status).toBe(422);
    // The sentence alone, the rule apart: a rule id never sits inside a clerk's sentence.
    expect(p.summary()).toBe('开班前1天内不能延期');
    expect(p.rule()).toBe('TR-10');
    expect(ApiProblem.fieldOf(p.body.errors?.[0]?.pointer ?? '')).toBe('national_id');
  });
});
