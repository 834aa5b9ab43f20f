import { lazy, Suspense, useEffect } from 'react';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import 'antd/dist/antd.css';
import './contrast.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { onSessionChange } from '../lib/session';
import { CurrentOrgProvider } from '../lib/current-org';
import { ApiProblem } from '../lib/api/problem';
import { LoginPage } from '../features/auth/routes/LoginPage';
import { Loading } from '../components/Loading';
import { loadPublicSite, loadShell, SIGNED_IN_SCREENS, type Screen } from './screens';

// Every screen is its own chunk, fetched when first shown: the login page needs none of them.
const lazyScreen = (sc: Screen) => ({ path: sc.path, Page: lazy(() => sc.load().then((c) => ({ default: c }))) });
const PublicSite = lazy(() => loadPublicSite().then((c) => ({ default: c })));
const signedInRoutes = SIGNED_IN_SCREENS.map(lazyScreen);
const Shell = lazy(() => loadShell().then((c) => ({ default: c })));

/** A public page opened from inside the app (the menu's "published plans"). */
function PublicRoute() {
  return <PublicSite path={useLocation().pathname} />;
}

/**
 * The theme: the brand colour, and secondary texts dark enough for 4.5:1 contrast (antd's
 * 45 % black is 3.4:1 on white; the coloured tags' text is darkened in contrast.css). `zeroRuntime`: the components' styles come from antd's own
 * prebuilt stylesheet (imported above, fetched with this chunk) instead of being generated in
 * the browser on first render, which cost a phone seconds of blocked main thread
 * (docs/BENCHMARKS.md, "Session 7, first load"); the tokens still reach it as CSS variables.
 */
const THEME: ThemeConfig = {
  zeroRuntime: true,
  token: {
    colorPrimary: '#1f5fa8',
    colorLink: '#1f5fa8',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  },
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiProblem && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * The routed app in Ant Design's theme and locale: every signed-in screen, and the public pages
 * when the menu leads there.
 * The login page is shown by `Root` without loading this module; it is also the fallback
 * route here for a session that ends while a page is open.
 */
export function App({ loggedIn }: { loggedIn: boolean }) {
  const { i18n } = useTranslation();
  useEffect(() => onSessionChange((s) => void (s ? undefined : queryClient.clear())), []);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <CurrentOrgProvider>
            <BrowserRouter>
              <Suspense fallback={<Loading />}>
                <Routes>
                  {/* The public pages, reached from a menu link; their own links load the page anew. */}
                  <Route path="/public/*" element={<PublicRoute />} />
                  {loggedIn ? (
                    <Route element={<Shell />}>
                      {signedInRoutes.map(({ path, Page }) => (
                        <Route key={path} path={path} element={<Page />} />
                      ))}
                      <Route path="*" element={<Navigate to="/" replace />} />
                    </Route>
                  ) : (
                    <Route path="*" element={<LoginPage />} />
                  )}
                </Routes>
              </Suspense>
            </BrowserRouter>
          </CurrentOrgProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
