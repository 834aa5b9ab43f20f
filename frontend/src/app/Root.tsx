// What index.html starts: the theme, the language and the login page. Everything behind the
// login (router, queries, the shell and its screens) is a chunk of its own, fetched once a
// session exists or a public page is asked for, so the login page is interactive after the
// smallest script this app can send (docs/BENCHMARKS.md, "first load").
import { lazy, Suspense, useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { getSession, onSessionChange } from '../lib/session';
import { LoginPage, PublicPlansLink } from '../features/auth/routes/LoginPage';

const App = lazy(() => import('./App').then((m) => ({ default: m.App })));

/** Public pages work logged out (TR-06, SC-06). */
const isPublic = (path: string) => path === '/public' || path.startsWith('/public/');

export function Root() {
  const { i18n } = useTranslation();
  const [loggedIn, setLoggedIn] = useState(() => getSession() !== null);
  useEffect(() => onSessionChange((s) => setLoggedIn(s !== null)), []);
  const routed = loggedIn || isPublic(window.location.pathname);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1f5fa8' } }}>
      <AntApp>
        {routed ? (
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: '30vh' }} />}>
            <App loggedIn={loggedIn} />
          </Suspense>
        ) : (
          <>
            <LoginPage />
            <PublicPlansLink />
          </>
        )}
      </AntApp>
    </ConfigProvider>
  );
}
