// Every screen's path and chunk, in one table: App routes them, and Root starts fetching the
// chunk of the address it opens with at the same time as the app's own chunk instead of after
// it (one round trip less before a phone shows the page; docs/BENCHMARKS.md, "Session 7,
// first load"). Kept free of react-router and antd: Root imports it into the first script.
import type { ComponentType } from 'react';
import { EARLY, startEarly } from '../lib/early';

export interface Screen {
  path: string;
  load: () => Promise<ComponentType>;
  /** Starts the request the screen first shows (lib/early), when opened from the address bar. */
  data?: () => void;
}

/** The public pages (plans, a plan, the rules): one chunk without Ant Design (TR-06, SC-06). */
export const loadPublicSite = () => import('../features/public/PublicSite').then((m) => m.PublicSite);

/** Whether an address is one of the public pages, open signed in or not. */
export const isPublic = (path: string) => path === '/public' || path.startsWith('/public/');

/** Pages inside the shell, for a signed-in user. */
export const SIGNED_IN_SCREENS: Screen[] = [
  { path: '/', load: () => import('../features/workbench/WorkbenchPage').then((m) => m.WorkbenchPage) },
  { path: '/account', load: () => import('../features/account/AccountPage').then((m) => m.AccountPage) },
  { path: '/organizations', load: () => import('../features/organizations/routes/OrganizationsPage').then((m) => m.OrganizationsPage) },
  { path: '/persons', load: () => import('../features/persons/routes/PersonsPage').then((m) => m.PersonsPage) },
  { path: '/persons/:id/ce-hours', load: () => import('../features/training/routes/CeHoursPage').then((m) => m.CeHoursPage) },
  { path: '/users', load: () => import('../features/users/routes/UsersPage').then((m) => m.UsersPage) },
  { path: '/api-clients', load: () => import('../features/api-clients/routes/ApiClientsPage').then((m) => m.ApiClientsPage) },
  { path: '/audit', load: () => import('../features/audit/routes/AuditPage').then((m) => m.AuditPage) },
  { path: '/training', load: () => import('../features/training/routes/TrainingPage').then((m) => m.TrainingPage) },
  { path: '/training/courses/:id', load: () => import('../features/training/routes/CoursePage').then((m) => m.CoursePage) },
  { path: '/training/classes/:id', load: () => import('../features/training/routes/ClassDetailPage').then((m) => m.ClassDetailPage) },
  { path: '/training/classes/:id/attendance', load: () => import('../features/training/routes/AttendancePage').then((m) => m.ClassAttendancePage) },
  { path: '/training/attendance', load: () => import('../features/training/routes/AttendancePage').then((m) => m.AttendanceClassesPage) },
  { path: '/training/enrol', load: () => import('../features/training/routes/EnrolPage').then((m) => m.EnrolPage) },
  { path: '/training/enrolments', load: () => import('../features/training/routes/EnrolmentsPage').then((m) => m.EnrolmentsPage) },
  { path: '/training/plans', load: () => import('../features/training/routes/PlansPage').then((m) => m.PlansPage) },
  { path: '/training/teachers', load: () => import('../features/training/routes/TeachersPage').then((m) => m.TeachersPage) },
  { path: '/training/refunds', load: () => import('../features/training/routes/RefundsPage').then((m) => m.RefundsPage) },
  { path: '/training/accounts', load: () => import('../features/training/routes/AccountsPage').then((m) => m.AccountsPage) },
  { path: '/training/blacklist', load: () => import('../features/training/routes/BlacklistPage').then((m) => m.BlacklistPage) },
  { path: '/training/calendar', load: () => import('../features/training/routes/CalendarPage').then((m) => m.CalendarPage) },
  { path: '/inbox', load: () => import('../features/training/routes/InboxPage').then((m) => m.InboxPage) },
  { path: '/my-classes', load: () => import('../features/training/routes/MyClassesPage').then((m) => m.MyClassesPage), data: () => startEarly('myClasses', EARLY.myClasses) },
  { path: '/sign-in', load: () => import('../features/training/routes/SignInPage').then((m) => m.SignInPage) },
  { path: '/exams/banks', load: () => import('../features/exams/routes/BanksPage').then((m) => m.BanksPage) },
  { path: '/exams/banks/:id', load: () => import('../features/exams/routes/BankPage').then((m) => m.BankPage) },
  { path: '/exams/papers', load: () => import('../features/exams/routes/PapersPage').then((m) => m.PapersPage) },
  { path: '/exams/papers/new', load: () => import('../features/exams/routes/PaperBuilderPage').then((m) => m.PaperBuilderPage) },
  { path: '/exams/sittings', load: () => import('../features/exams/routes/SittingsPage').then((m) => m.SittingsPage) },
  { path: '/exams/sittings/:id', load: () => import('../features/exams/routes/SittingPage').then((m) => m.SittingPage) },
  { path: '/exams/duties', load: () => import('../features/exams/routes/DutiesPage').then((m) => m.DutiesPage) },
  { path: '/exams/duties/:id', load: () => import('../features/exams/routes/DutiesPage').then((m) => m.DutyPage) },
  { path: '/exams/retake-fees', load: () => import('../features/exams/routes/RetakeFeesPage').then((m) => m.RetakeFeesPage) },
  { path: '/exams/marking', load: () => import('../features/exams/routes/MarkingPage').then((m) => m.MarkingPage) },
  { path: '/my-exams', load: () => import('../features/exams/routes/MyExamsPage').then((m) => m.MyExamsPage) },
  { path: '/my-exams/:sittingId', load: () => import('../features/exams/routes/AttemptPage').then((m) => m.AttemptPage) },
];

export const loadShell = () => import('./Shell').then((m) => m.Shell);

/** Whether `path` (no query) is matched by the route pattern `pattern` (`:id` segments). */
export function matches(pattern: string, path: string): boolean {
  if (path === '/' || path === '') return pattern === '/';
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  return want.length === have.length && want.every((w, i) => (w.startsWith(':') ? (have[i] ?? '') !== '' : w === have[i]));
}

/** Starts fetching the chunks and the data a signed-in `path` will need (nothing waits for the answer). */
export function prefetch(path: string, shell = true): void {
  startEarly('me', EARLY.me);
  if (shell) void loadShell();
  const screen = SIGNED_IN_SCREENS.find((s) => matches(s.path, path));
  void screen?.load();
  screen?.data?.();
}
