// What waits for the caller, counted once for the workbench, the menu badges and the notice
// bell: the inbox the server keeps (approvals, confirmations, payments, leave requests, change
// letters); for a trainee, the class notices of their paid classes; for a head teacher, today's
// sessions of the classes they lead (`GET /classes?head_teacher=me`); for the association's
// training department, this year's plan not published in time (TR-06) and the classes whose
// archive is past its due day (`GET /classes?archive_overdue=true`, TR-18). Every
// caller of `useWaiting` reads the same queries (one fetch each, kept a minute), so the menu
// and the workbench never disagree.
import { useCallback, useSyncExternalStore } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { allPages, api, PAGE_MAX, unwrap } from '../../lib/api/client';
import { can, hasAnyRole, type Me, type Role } from '../../lib/me';
import { formatDay } from '../../lib/format';
import { classQuery, inboxQuery, myClassesQuery, plansQuery, type Class, type InboxItem, type Session } from '../training/api/training';
import { shanghaiToday } from '../training/lib/rules';

/** The workbench's counters, each a set of inbox kinds. */
export const COUNTERS = {
  approve: ['enrolment_approval', 'deferral_approval', 'refund_leader_approval'],
  confirm: ['enrolment_confirmation', 'refund_department_confirmation', 'refund_finance_confirmation', 'enrolment_resubmission'],
  collect: ['enrolment_payment', 'refund_payout'],
  leave: ['leave_decision'],
  letters: ['change_letter_acknowledgement'],
} as const satisfies Record<string, readonly InboxItem['kind'][]>;

export type Counter = keyof typeof COUNTERS;

/**
 * Who can be given each counter's kinds (the server's training grant table: the enterprise
 * manager approves enrolments, the association admin deferrals and refunds; the department
 * confirms; finance records payments and pays refunds; the officer resubmits; the head teacher
 * decides leave). A counter is shown to these roles, and to anyone it has something for.
 */
export const COUNTER_ROLES: Record<Counter, Role[]> = {
  approve: ['enterprise_manager', 'association_admin'],
  confirm: ['association_admin', 'association_staff', 'finance', 'enterprise_officer'],
  collect: ['finance'],
  leave: ['head_teacher'],
  letters: ['association_admin', 'association_staff'],
};

export function countsOf(items: InboxItem[]): Record<Counter, number> {
  const out = { approve: 0, confirm: 0, collect: 0, leave: 0, letters: 0 };
  for (const item of items) {
    for (const [c, kinds] of Object.entries(COUNTERS) as [Counter, readonly string[]][]) {
      if (kinds.includes(item.kind)) out[c] += 1;
    }
  }
  return out;
}

/** The counters this caller sees on the workbench. */
export function countersFor(me: Me | undefined, counts: Record<Counter, number>): Counter[] {
  return (Object.keys(COUNTERS) as Counter[]).filter((c) => counts[c] > 0 || hasAnyRole(me, COUNTER_ROLES[c]));
}

/** What a menu entry's badge counts: what waits behind that screen. */
export type Badge = 'inbox' | 'enrolments' | 'refunds' | 'attendance' | 'accounts' | 'plans' | 'classes';

const REFUND_KINDS: readonly InboxItem['kind'][] = ['refund_department_confirmation', 'refund_finance_confirmation', 'refund_leader_approval', 'refund_payout'];

/**
 * The badges: the inbox holds every item; the enrolments list the returned ones to resubmit;
 * refunds their steps; attendance the leave requests and today's sessions; accounts the change
 * letters; plans the overdue plan; the classes the overdue archives.
 */
export function badgesOf(items: InboxItem[], today: number, overduePlans: number, overdueArchives: number): Record<Badge, number> {
  const n = (kinds: readonly string[]) => items.filter((i) => kinds.includes(i.kind)).length;
  return {
    inbox: items.length,
    enrolments: n(['enrolment_resubmission']),
    refunds: n(REFUND_KINDS),
    attendance: n(COUNTERS.leave) + today,
    accounts: n(COUNTERS.letters),
    plans: overduePlans,
    classes: overdueArchives,
  };
}

/** One notice of the bell: an inbox item or a trainee's class notice. */
export interface Notice {
  id: string;
  kind: 'inbox' | 'class_notice';
  title: string;
  at: string | null | undefined;
  link: string;
}

/** A session of today in a class the caller leads. */
export interface TodaySession {
  klass: Class;
  session: Session;
}

/** An overdue item of the association and where it is put right. */
export type Overdue = { kind: 'plan'; association: string; year: number; link: string } | { kind: 'archive'; klass: Class; link: string };

const FRESH = 60_000;

/** The classes whose head teacher the caller is, started by today (Beijing day), not cancelled. */
export function headClassesQuery(today: string) {
  return {
    queryKey: ['training', 'classes', 'head-teacher', today],
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/classes', { params: { query: { head_teacher: 'me', to: today, status: 'planned', limit: PAGE_MAX, cursor } } }))),
  };
}

/** The classes of the caller's associations whose archive is overdue (TR-18, the server's rule). */
export function overdueArchivesQuery(today: string) {
  return {
    queryKey: ['training', 'classes', 'archive-overdue', today],
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/classes', { params: { query: { archive_overdue: true, limit: PAGE_MAX, cursor } } }))),
  };
}

/** `enabled` false: ask nothing yet (the menu's badges before the page is painted). */
export function useWaiting(me: Me | undefined, enabled = true) {
  const inboxOn = enabled && can(me, 'read_inbox');
  const mineOn = enabled && can(me, 'my_classes');
  const headOn = enabled && can(me, 'mark_attendance');
  const associations = (me?.memberships ?? []).filter((m) => m.organization_kind === 'association');
  const staffOn = enabled && can(me, 'manage_training') && associations.length > 0;
  const today = shanghaiToday();

  const inbox = useQuery({ ...inboxQuery, enabled: inboxOn, staleTime: FRESH });
  const mine = useQuery({ ...myClassesQuery, enabled: mineOn, staleTime: FRESH });

  // The head teacher's day: the classes they lead that run today (one list, `head_teacher=me`),
  // each read for its sessions.
  const led = useQuery({ ...headClassesQuery(today), enabled: headOn, staleTime: FRESH });
  const running = (led.data ?? []).filter((c) => formatDay(c.ends_at) >= today);
  const details = useQueries({ queries: running.map((c) => ({ ...classQuery(c.id), staleTime: FRESH })) });
  const todays: TodaySession[] = details
    .flatMap((d) => (d.data ? d.data.sessions.filter((s) => formatDay(s.starts_at) === today).map((s) => ({ klass: d.data!.class, session: s })) : []))
    .sort((a, b) => a.session.starts_at.localeCompare(b.session.starts_at));

  // The department's overdue items: this year's plan of each association, and the classes whose
  // archive is overdue (one list, `archive_overdue=true`).
  const plans = useQueries({ queries: (staffOn ? associations : []).map((a) => ({ ...plansQuery(a.organization_id), staleTime: FRESH })) });
  const archives = useQuery({ ...overdueArchivesQuery(today), enabled: staffOn, staleTime: FRESH });
  const overdue: Overdue[] = [
    ...plans.flatMap((p, i) => (p.data?.current_year_overdue ? [{ kind: 'plan' as const, association: associations[i]?.organization_name ?? '', year: p.data.current_year, link: '/training/plans' }] : [])),
    ...(archives.data ?? []).map((c) => ({ kind: 'archive' as const, klass: c, link: `/training/classes/${c.id}` })),
  ];

  const items = inbox.data?.items ?? [];
  const notices: Notice[] = [
    ...items.map((i) => ({ id: `inbox-${i.kind}-${i.object_id}`, kind: 'inbox' as const, title: i.kind, at: i.class_starts_at ?? i.session_starts_at, link: '/inbox' })),
    ...(mine.data ?? [])
      .filter((c) => c.notice)
      .map((c) => ({ id: `notice-${c.enrolment_id}`, kind: 'class_notice' as const, title: c.notice!.class_name, at: c.notice!.issued_at, link: '/my-classes' })),
  ];
  const overdueError = archives.error ?? plans.find((p) => p.error)?.error ?? null;
  return {
    counts: countsOf(items),
    total: items.length,
    badges: badgesOf(items, todays.length, overdue.filter((o) => o.kind === 'plan').length, overdue.filter((o) => o.kind === 'archive').length),
    notices,
    todays,
    todaysLoading: led.isLoading || details.some((d) => d.isLoading),
    todaysError: led.error ?? details.find((d) => d.error)?.error ?? null,
    overdue,
    overdueLoading: archives.isLoading || plans.some((p) => p.isLoading),
    overdueError,
    loading: inbox.isLoading || mine.isLoading,
    inbox,
    mine,
  };
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
