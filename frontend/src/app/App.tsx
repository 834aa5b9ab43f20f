import { lazy, Suspense, useEffect } from 'react';
import { Spin } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { onSessionChange } from '../lib/session';
import { CurrentOrgProvider } from '../lib/current-org';
import { ApiProblem } from '../lib/api/problem';
import { LoginPage, PublicPlansLink } from '../features/auth/routes/LoginPage';
// Every screen is its own chunk, fetched when first shown: the login page needs none of them.
const OrganizationsPage = lazy(() => import('../features/organizations/routes/OrganizationsPage').then((m) => ({ default: m.OrganizationsPage })));
const PersonsPage = lazy(() => import('../features/persons/routes/PersonsPage').then((m) => ({ default: m.PersonsPage })));
const UsersPage = lazy(() => import('../features/users/routes/UsersPage').then((m) => ({ default: m.UsersPage })));
const ApiClientsPage = lazy(() => import('../features/api-clients/routes/ApiClientsPage').then((m) => ({ default: m.ApiClientsPage })));
const AuditPage = lazy(() => import('../features/audit/routes/AuditPage').then((m) => ({ default: m.AuditPage })));
const TrainingPage = lazy(() => import('../features/training/routes/TrainingPage').then((m) => ({ default: m.TrainingPage })));
const ClassDetailPage = lazy(() => import('../features/training/routes/ClassDetailPage').then((m) => ({ default: m.ClassDetailPage })));
const EnrolPage = lazy(() => import('../features/training/routes/EnrolPage').then((m) => ({ default: m.EnrolPage })));
const InboxPage = lazy(() => import('../features/training/routes/InboxPage').then((m) => ({ default: m.InboxPage })));
const MyClassesPage = lazy(() => import('../features/training/routes/MyClassesPage').then((m) => ({ default: m.MyClassesPage })));
const PublicPlanPage = lazy(() => import('../features/training/routes/PublicPages').then((m) => ({ default: m.PublicPlanPage })));
const PublicPlansPage = lazy(() => import('../features/training/routes/PublicPages').then((m) => ({ default: m.PublicPlansPage })));
const RulesPage = lazy(() => import('../features/rules/RulesPage').then((m) => ({ default: m.RulesPage })));
const PlansPage = lazy(() => import('../features/training/routes/PlansPage').then((m) => ({ default: m.PlansPage })));
const TeachersPage = lazy(() => import('../features/training/routes/TeachersPage').then((m) => ({ default: m.TeachersPage })));
const RefundsPage = lazy(() => import('../features/training/routes/RefundsPage').then((m) => ({ default: m.RefundsPage })));
const EnrolmentsPage = lazy(() => import('../features/training/routes/EnrolmentsPage').then((m) => ({ default: m.EnrolmentsPage })));
const AttendanceClassesPage = lazy(() => import('../features/training/routes/AttendancePage').then((m) => ({ default: m.AttendanceClassesPage })));
const ClassAttendancePage = lazy(() => import('../features/training/routes/AttendancePage').then((m) => ({ default: m.ClassAttendancePage })));
const SignInPage = lazy(() => import('../features/training/routes/SignInPage').then((m) => ({ default: m.SignInPage })));
const AccountsPage = lazy(() => import('../features/training/routes/AccountsPage').then((m) => ({ default: m.AccountsPage })));
const BlacklistPage = lazy(() => import('../features/training/routes/BlacklistPage').then((m) => ({ default: m.BlacklistPage })));
const CeHoursPage = lazy(() => import('../features/training/routes/CeHoursPage').then((m) => ({ default: m.CeHoursPage })));
const CalendarPage = lazy(() => import('../features/training/routes/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const CoursePage = lazy(() => import('../features/training/routes/CoursePage').then((m) => ({ default: m.CoursePage })));
const WorkbenchPage = lazy(() => import('../features/workbench/WorkbenchPage').then((m) => ({ default: m.WorkbenchPage })));
const AccountPage = lazy(() => import('../features/account/AccountPage').then((m) => ({ default: m.AccountPage })));
const Shell = lazy(() => import('./Shell').then((m) => ({ default: m.Shell })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiProblem && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * The routed app: every signed-in screen and the public plan pages. The login page is shown by
 * `Root` without loading this module; it is also the fallback route here for a session that
 * ends while a page is open.
 */
export function App({ loggedIn }: { loggedIn: boolean }) {
  useEffect(() => onSessionChange((s) => void (s ? undefined : queryClient.clear())), []);
  return (
    <QueryClientProvider client={queryClient}>
          <CurrentOrgProvider>
            <BrowserRouter>
              <Suspense fallback={<Spin style={{ display: 'block', marginTop: '30vh' }} />}>
              <Routes>
                {/* The public plan page works logged out and logged in (TR-06, SC-06). */}
                <Route path="/public/plans" element={<PublicPlansPage />} />
                <Route path="/public/plans/:id" element={<PublicPlanPage />} />
                <Route path="/public/rules" element={<RulesPage />} />
                {loggedIn ? (
                  <Route element={<Shell />}>
                    <Route path="/" element={<WorkbenchPage />} />
                    <Route path="/account" element={<AccountPage />} />
                    <Route path="/organizations" element={<OrganizationsPage />} />
                    <Route path="/persons" element={<PersonsPage />} />
                    <Route path="/persons/:id/ce-hours" element={<CeHoursPage />} />
                    <Route path="/users" element={<UsersPage />} />
                    <Route path="/api-clients" element={<ApiClientsPage />} />
                    <Route path="/audit" element={<AuditPage />} />
                    <Route path="/training" element={<TrainingPage />} />
                    <Route path="/training/courses/:id" element={<CoursePage />} />
                    <Route path="/training/classes/:id" element={<ClassDetailPage />} />
                    <Route path="/training/classes/:id/attendance" element={<ClassAttendancePage />} />
                    <Route path="/training/attendance" element={<AttendanceClassesPage />} />
                    <Route path="/training/enrol" element={<EnrolPage />} />
                    <Route path="/training/enrolments" element={<EnrolmentsPage />} />
                    <Route path="/training/plans" element={<PlansPage />} />
                    <Route path="/training/teachers" element={<TeachersPage />} />
                    <Route path="/training/refunds" element={<RefundsPage />} />
                    <Route path="/training/accounts" element={<AccountsPage />} />
                    <Route path="/training/blacklist" element={<BlacklistPage />} />
                    <Route path="/training/calendar" element={<CalendarPage />} />
                    <Route path="/inbox" element={<InboxPage />} />
                    <Route path="/my-classes" element={<MyClassesPage />} />
                    <Route path="/sign-in" element={<SignInPage />} />
                    <Route path="*" element={<Navigate to="/" replace />} />
                  </Route>
                ) : (
                  <Route
                    path="*"
                    element={
                      <>
                        <LoginPage />
                        <PublicPlansLink />
                      </>
                    }
                  />
                )}
              </Routes>
              </Suspense>
            </BrowserRouter>
          </CurrentOrgProvider>
    </QueryClientProvider>
  );
}
