import { useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { getSession, onSessionChange } from '../lib/session';
import { CurrentOrgProvider } from '../lib/current-org';
import { ApiProblem } from '../lib/api/problem';
import { LoginPage } from '../features/auth/routes/LoginPage';
import { OrganizationsPage } from '../features/organizations/routes/OrganizationsPage';
import { PersonsPage } from '../features/persons/routes/PersonsPage';
import { UsersPage } from '../features/users/routes/UsersPage';
import { ApiClientsPage } from '../features/api-clients/routes/ApiClientsPage';
import { AuditPage } from '../features/audit/routes/AuditPage';
import { TrainingPage } from '../features/training/routes/TrainingPage';
import { ClassDetailPage } from '../features/training/routes/ClassDetailPage';
import { EnrolPage } from '../features/training/routes/EnrolPage';
import { InboxPage } from '../features/training/routes/InboxPage';
import { MyClassesPage } from '../features/training/routes/MyClassesPage';
import { PublicPlanPage, PublicPlansLink, PublicPlansPage } from '../features/training/routes/PublicPages';
import { PlansPage } from '../features/training/routes/PlansPage';
import { TeachersPage } from '../features/training/routes/TeachersPage';
import { RefundsPage } from '../features/training/routes/RefundsPage';
import { EnrolmentsPage } from '../features/training/routes/EnrolmentsPage';
import { AttendanceClassesPage, ClassAttendancePage } from '../features/training/routes/AttendancePage';
import { SignInPage } from '../features/training/routes/SignInPage';
import { AccountsPage } from '../features/training/routes/AccountsPage';
import { BlacklistPage } from '../features/training/routes/BlacklistPage';
import { CeHoursPage } from '../features/training/routes/CeHoursPage';
import { CalendarPage } from '../features/training/routes/CalendarPage';
import { CoursePage } from '../features/training/routes/CoursePage';
import { Shell } from './Shell';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiProblem && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  const { i18n } = useTranslation();
  const [loggedIn, setLoggedIn] = useState(() => getSession() !== null);
  useEffect(
    () =>
      onSessionChange((s) => {
        setLoggedIn(s !== null);
        if (!s) queryClient.clear();
      }),
    [],
  );
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1f5fa8' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <CurrentOrgProvider>
            <BrowserRouter>
              <Routes>
                {/* The public plan page works logged out and logged in (TR-06, SC-06). */}
                <Route path="/public/plans" element={<PublicPlansPage />} />
                <Route path="/public/plans/:id" element={<PublicPlanPage />} />
                {loggedIn ? (
                  <Route element={<Shell />}>
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
                    <Route path="*" element={<Navigate to="/persons" replace />} />
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
            </BrowserRouter>
          </CurrentOrgProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
