// A dialog or drawer mounted the first time it opens and kept afterwards (so its closing
// animation still plays): a closed Ant Design Modal or Drawer is still a component tree with
// its hooks and styles, rendered with the page. A lazy component inside waits in Suspense
// without a fallback, so a dialog's chunk is fetched when first needed.
import { Suspense, useState, type ReactNode } from 'react';

export function OnceOpened({ open, children }: { open: boolean; children: ReactNode }) {
  const [seen, setSeen] = useState(open);
  if (open && !seen) setSeen(true);
  return seen ? <Suspense fallback={null}>{children}</Suspense> : null;
}
