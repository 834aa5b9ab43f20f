// Ant Design where a part of a page needs it and the page may stand outside the app's provider:
// the trainee's light frame (`app/TraineeFrame`) paints "my classes" without Ant Design, and a
// dialog, drawer or error opened there brings Ant Design — its theme, locale, stylesheet and
// the `App` that messages need — in a chunk of its own, then. Inside the full app
// (`InsideAntd` true) it adds nothing.
import { lazy, Suspense, useContext, type ReactNode } from 'react';
import { InsideAntd } from './insideAntd';

const Provider = lazy(() => import('./AntdProvider'));

export function AntdScope({ children }: { children: ReactNode }) {
  if (useContext(InsideAntd)) return <>{children}</>;
  return (
    <Suspense fallback={null}>
      <Provider>{children}</Provider>
    </Suspense>
  );
}
