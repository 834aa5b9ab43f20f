// Every list page that reads from the server shows a failed load as an error, never as an
// empty table: a 403 says the caller may not see the list (no retry: it would be refused
// again), anything else says the load failed and offers to try again, which asks the server anew.
import type { ReactNode } from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { json, meWith, onePage, renderPage, stubApi } from '../testing/render';
import type { Grant } from '../lib/me';
import { TrainingPage } from '../features/training/routes/TrainingPage';
import { EnrolmentsPage } from '../features/training/routes/EnrolmentsPage';
import { RefundsPage } from '../features/training/routes/RefundsPage';
import { TeachersPage } from '../features/training/routes/TeachersPage';
import { PlansPage } from '../features/training/routes/PlansPage';
import { AccountsPage } from '../features/training/routes/AccountsPage';
import { BlacklistPage } from '../features/training/routes/BlacklistPage';
import { CalendarPage } from '../features/training/routes/CalendarPage';
import { InboxPage } from '../features/training/routes/InboxPage';
import { MyClassesPage } from '../features/training/routes/MyClassesPage';
import { AttendanceClassesPage } from '../features/training/routes/AttendancePage';
import { ClassDetailPage } from '../features/training/routes/ClassDetailPage';
import { OrganizationsPage } from '../features/organizations/routes/OrganizationsPage';
import { ApiClientsPage } from '../features/api-clients/routes/ApiClientsPage';
import { UsersPage } from '../features/users/routes/UsersPage';
import { PersonsPage } from '../features/persons/routes/PersonsPage';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const CLASS = '0197a000-0000-7000-8000-0000000000c1';
const GRANTS: Grant[] = ['read_organizations', 'manage_organizations', 'read_persons', 'manage_persons', 'manage_users', 'manage_api_clients', 'read_training', 'manage_training', 'read_blacklist', 'read_enrolments', 'read_refunds', 'read_accounts', 'mark_attendance', 'my_classes', 'read_inbox'];
const ME = meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_admin'] }], { grants: GRANTS, person_id: '0197a000-0000-7000-8000-0000000000p1' });

const CLASS_DETAIL = {
  class: { id: CLASS, association_id: ASSOC, course_id: 'c', name: '气瓶充装安全管理培训班', starts_at: '2027-01-05T01:00:00Z', ends_at: '2027-01-07T09:00:00Z', capacity: 30, seats_taken: 0, training_fee: 0, exam_fee: 0, status: 'planned' },
  course: { id: 'c', name: '气瓶充装' },
  level: 'none',
  results: [],
  sessions: [],
  teachers: [],
};

interface Case {
  name: string;
  page: ReactNode;
  /** Whether a request is the list's own read. */
  list: (path: string, url: URL) => boolean;
  route?: { path: string; route: string };
}

const CASES: Case[] = [
  { name: 'classes', page: <TrainingPage />, list: (p) => p === '/api/v1/classes' },
  { name: 'enrolments', page: <EnrolmentsPage />, list: (p) => p === '/api/v1/enrolments' },
  { name: 'refunds', page: <RefundsPage />, list: (p) => p === '/api/v1/refunds' },
  { name: 'teachers', page: <TeachersPage />, list: (p) => p === '/api/v1/teachers' },
  { name: 'plans', page: <PlansPage />, list: (p) => p === '/api/v1/plans' },
  { name: 'enterprise accounts', page: <AccountsPage />, list: (p, u) => p === '/api/v1/organizations' && u.searchParams.get('kind') === 'enterprise' },
  { name: 'blacklist', page: <BlacklistPage />, list: (p) => p === '/api/v1/blacklist' },
  { name: 'holiday calendar', page: <CalendarPage />, list: (p) => p === '/api/v1/calendar-days' },
  { name: 'inbox', page: <InboxPage />, list: (p) => p === '/api/v1/inbox' },
  { name: 'my classes', page: <MyClassesPage />, list: (p) => p === '/api/v1/me/classes' },
  { name: 'attendance classes', page: <AttendanceClassesPage />, list: (p) => p === '/api/v1/enrolments' },
  { name: "a class's enrolments", page: <ClassDetailPage />, list: (p) => p === '/api/v1/enrolments', route: { path: '/training/classes/:id', route: `/training/classes/${CLASS}` } },
  { name: 'organizations', page: <OrganizationsPage />, list: (p) => p === '/api/v1/organizations' },
  { name: 'API clients', page: <ApiClientsPage />, list: (p) => p === '/api/v1/api-clients' },
  { name: 'users', page: <UsersPage />, list: (p) => p === '/api/v1/users' },
  { name: 'persons', page: <PersonsPage />, list: (p) => p === '/api/v1/persons' },
];

/** The server: the list fails with `status` until `healed`, everything else answers empty. */
function server(c: Case, status: number) {
  const state = { healed: false };
  const sent = stubApi((method, path, url) => {
    if (method !== 'GET') return undefined;
    if (path === '/api/v1/me') return json(ME);
    if (c.list(path, url)) return state.healed ? json(onePage([])) : json({ status, title: status === 403 ? 'Forbidden' : 'Internal Server Error', detail: status === 403 ? '无权查看' : '服务器暂时无法处理' }, status);
    if (path === `/api/v1/classes/${CLASS}`) return json(CLASS_DETAIL);
    if (path === '/api/v1/plans') return json({ current_year: 2026, current_year_overdue: false, ...onePage([]) });
    return json(onePage([]));
  });
  return { state, reads: () => sent.filter((s) => c.list(s.path, s.url)).length };
}

describe('a list that fails to load', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it.each(CASES)('$name: a server failure says so and tries again on request', async (c) => {
    const { state, reads } = server(c, 500);
    renderPage(c.page, c.route);
    const error = await screen.findByTestId('list-error');
    expect(error.getAttribute('data-status')).toBe('500');
    expect(error.textContent).toContain('加载失败');
    expect(error.textContent).toContain('服务器暂时无法处理');
    const before = reads();
    state.healed = true;
    fireEvent.click(screen.getByTestId('list-retry'));
    await waitFor(() => expect(screen.queryByTestId('list-error')).toBeNull());
    expect(reads()).toBeGreaterThan(before);
  });

  it.each(CASES)('$name: a 403 says the list may not be seen, with nothing to retry', async (c) => {
    server(c, 403);
    renderPage(c.page, c.route);
    const error = await screen.findByTestId('list-error');
    expect(error.getAttribute('data-status')).toBe('403');
    expect(error.textContent).toContain('您无权查看此列表');
    expect(screen.queryByTestId('list-retry')).toBeNull();
  });
});
