// What waits for the caller, counted the same way for the workbench, the menu badges and the
// notice bell: the inbox the server keeps (approvals, confirmations, payments, leave requests,
// change letters) and, for a trainee, the class notices of their paid classes.
import { useCallback, useSyncExternalStore } from 'react';
import { can, type Me } from '../../lib/me';
import { useInbox, useMyClasses, type InboxItem } from '../training/api/training';

/** The workbench's counters, each a set of inbox kinds. */
export const COUNTERS = {
  approve: ['enrolment_approval', 'deferral_approval', 'refund_leader_approval'],
  confirm: ['enrolment_confirmation', 'refund_department_confirmation', 'refund_finance_confirmation', 'enrolment_resubmission'],
  collect: ['enrolment_payment', 'refund_payout'],
  leave: ['leave_decision'],
  letters: ['change_letter_acknowledgement'],
} as const satisfies Record<string, readonly InboxItem['kind'][]>;

export type Counter = keyof typeof COUNTERS;

export function countsOf(items: InboxItem[]): Record<Counter, number> {
  const out = { approve: 0, confirm: 0, collect: 0, leave: 0, letters: 0 };
  for (const item of items) {
    for (const [c, kinds] of Object.entries(COUNTERS) as [Counter, readonly string[]][]) {
      if (kinds.includes(item.kind)) out[c] += 1;
    }
  }
  return out;
}

/** One notice of the bell: an inbox item or a trainee's class notice. */
export interface Notice {
  id: string;
  kind: 'inbox' | 'class_notice';
  title: string;
  at: string | null | undefined;
  link: string;
}

/** `enabled` false: ask nothing yet (the menu's badge before the page is painted). */
export function useWaiting(me: Me | undefined, enabled = true) {
  const inboxOn = enabled && can(me, 'read_inbox');
  const mineOn = enabled && can(me, 'my_classes');
  const inbox = useInbox(inboxOn);
  const mine = useMyClasses(mineOn);
  const items = inbox.data?.items ?? [];
  const notices: Notice[] = [
    ...items.map((i) => ({ id: `inbox-${i.kind}-${i.object_id}`, kind: 'inbox' as const, title: i.kind, at: i.class_starts_at ?? i.session_starts_at, link: '/inbox' })),
    ...(mine.data ?? [])
      .filter((c) => c.notice)
      .map((c) => ({ id: `notice-${c.enrolment_id}`, kind: 'class_notice' as const, title: c.notice!.class_name, at: c.notice!.issued_at, link: '/my-classes' })),
  ];
  return { counts: countsOf(items), total: items.length, notices, loading: inbox.isLoading || mine.isLoading, inbox, mine };
}

// --- Read marks: which notices the caller has opened, kept on this device. ---

const SEEN_KEY = 'seforce.seen-notices';
const listeners = new Set<() => void>();

function readSeen(): string {
  return localStorage.getItem(SEEN_KEY) ?? '[]';
}

/** The ids of notices already read, and a way to mark more. */
export function useSeen(): [Set<string>, (ids: string[]) => void] {
  const raw = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    readSeen,
    () => '[]',
  );
  const seen = new Set(JSON.parse(raw) as string[]);
  const mark = useCallback((ids: string[]) => {
    const next = new Set([...(JSON.parse(readSeen()) as string[]), ...ids]);
    // Keep the newest few hundred: ids of settled items never come back.
    localStorage.setItem(SEEN_KEY, JSON.stringify([...next].slice(-500)));
    listeners.forEach((l) => l());
  }, []);
  return [seen, mark];
}
