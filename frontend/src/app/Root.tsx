// What index.html starts: the language and the login page, plain React with a stylesheet of its
// own. Everything else is a chunk: the public pages (plain too) when a public address is
// opened; the trainee's light frame (plain too) when a phone opens "my classes"; Ant Design and its theme, the router, the queries, the shell and every screen once a
// session exists; the screens' texts in the chosen language with either. So the login page is
// interactive after the smallest script this app can send (docs/BENCHMARKS.md, "Session 7,
// first load").
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { currentLang, loadLanguage } from '../config/i18n';
import { getSession, onSessionChange } from '../lib/session';
import { LoginPage } from '../features/auth/routes/LoginPage';
import { Loading } from '../components/Loading';
import { isPublic, loadPublicSite, prefetch } from './screens';
import { askMenu } from './handover';

const App = lazy(() => {
  // The screen's chunk is fetched beside the app's, not after it.
  prefetch(window.location.pathname);
  return Promise.all([import('./App'), loadLanguage(currentLang())]).then(([m]) => ({ default: m.App }));
});

const PublicSite = lazy(() => Promise.all([loadPublicSite(), loadLanguage(currentLang())]).then(([c]) => ({ default: c })));

const TraineeFrame = lazy(() => {
  prefetch(window.location.pathname, false);
  return Promise.all([import('./TraineeFrame'), loadLanguage(currentLang())]).then(([m]) => ({ default: m.TraineeFrame }));
});

/** Opened on a phone (narrower than Ant Design's `md`), decided once, at the first render. */
const PHONE = typeof window.matchMedia === 'function' && !window.matchMedia('(min-width: 768px)').matches;

/** The screens a phone opening them directly gets in the light frame, without Ant Design (decision 270). */
const LIGHT = new Set(['/my-classes']);

export function Root() {
  const [loggedIn, setLoggedIn] = useState(() => getSession() !== null);
  // Once the light frame has handed over, the full app stays.
  const [full, setFull] = useState(false);
  useEffect(() => onSessionChange((s) => setLoggedIn(s !== null)), []);
  const leave = useCallback((menu: boolean) => {
    if (menu) askMenu();
    setFull(true);
  }, []);
  const path = window.location.pathname;
  if (!isPublic(path) && !loggedIn) return <LoginPage />;
  const light = loggedIn && !full && PHONE && LIGHT.has(path);
  return <Suspense fallback={<Loading />}>{isPublic(path) ? <PublicSite path={path} /> : light ? <TraineeFrame onLeave={leave} /> : <App loggedIn={loggedIn} />}</Suspense>;
}
