// What index.html starts: the language and the login page, plain React with a stylesheet of its
// own. Everything else is a chunk: the public pages (plain too) when a public address is
// opened; Ant Design and its theme, the router, the queries, the shell and every screen once a
// session exists; the screens' texts in the chosen language with either. So the login page is
// interactive after the smallest script this app can send (docs/BENCHMARKS.md, "Session 7,
// first load").
import { lazy, Suspense, useEffect, useState } from 'react';
import { currentLang, loadLanguage } from '../config/i18n';
import { getSession, onSessionChange } from '../lib/session';
import { LoginPage } from '../features/auth/routes/LoginPage';
import { Loading } from '../components/Loading';
import { isPublic, loadPublicSite, prefetch } from './screens';

const App = lazy(() => {
  // The screen's chunk is fetched beside the app's, not after it.
  prefetch(window.location.pathname);
  return Promise.all([import('./App'), loadLanguage(currentLang())]).then(([m]) => ({ default: m.App }));
});

const PublicSite = lazy(() => Promise.all([loadPublicSite(), loadLanguage(currentLang())]).then(([c]) => ({ default: c })));

export function Root() {
  const [loggedIn, setLoggedIn] = useState(() => getSession() !== null);
  useEffect(() => onSessionChange((s) => setLoggedIn(s !== null)), []);
  const path = window.location.pathname;
  if (!isPublic(path) && !loggedIn) return <LoginPage />;
  return <Suspense fallback={<Loading />}>{isPublic(path) ? <PublicSite path={path} /> : <App loggedIn={loggedIn} />}</Suspense>;
}
