import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import 'antd/dist/antd.css';
import './contrast.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { CurrentOrgProvider } from '../lib/current-org';
import { queryClient } from '../lib/queryClient';
import { InsideAntd } from '../components/insideAntd';
import { THEME } from './theme';
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
 * The routed app in Ant Design's theme and locale: every signed-in screen, and the public pages
 * when the menu leads there.
 * The login page is shown by `Root` without loading this module; it is also the fallback
 * route here for a session that ends while a page is open.
 */
export function App({ loggedIn }: { loggedIn: boolean }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <InsideAntd.Provider value>
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
        </InsideAntd.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
