// The small decisions the training screens take before asking the server (which decides
// anyway): whose turn a refund step is (TR-14), whether leave or a deferral can still be asked
// (TR-16, TR-10), which session the head teacher is most likely marking, and the sign-in link
// carried by the QR code (TR-19).
import type { Me, Role } from '../../../lib/me';
import { beijingParts } from '../../../lib/format';

export type RefundStatus = 'requested' | 'department_confirmed' | 'finance_confirmed' | 'leader_approved' | 'paid' | 'rejected';
export type RefundStep = 'department' | 'finance' | 'leader' | 'payout';

/** TR-14: the step that comes next for a refund, and the roles that take it. */
export function refundTurn(status: RefundStatus): { step: RefundStep; roles: Role[] } | null {
  switch (status) {
    case 'requested':
      // The training department is its staff and its head (the association admin).
      return { step: 'department', roles: ['association_staff', 'association_admin'] };
    case 'department_confirmed':
      return { step: 'finance', roles: ['finance'] };
    case 'finance_confirmed':
      return { step: 'leader', roles: ['association_admin'] };
    case 'leader_approved':
      return { step: 'payout', roles: ['finance'] };
    default:
      return null;
  }
}

/** Roles the caller holds in associations (refunds and plans belong to an association). */
export function associationRoles(me: Me | undefined): Set<Role> {
  const roles = new Set<Role>();
  for (const m of me?.memberships ?? []) {
    if (m.organization_kind === 'association') m.roles.forEach((r) => roles.add(r));
  }
  return roles;
}

/** Whether it is the caller's turn on a refund: only then are its step and its rejection shown. */
export function isMyRefundTurn(me: Me | undefined, status: RefundStatus): boolean {
  const turn = refundTurn(status);
  if (!turn || !me) return false;
  if (me.is_platform_admin) return true;
  const mine = associationRoles(me);
  return turn.roles.some((r) => mine.has(r));
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** TR-16 / TR-10 / TR-11: a request made at least one day (24 h) before `startsAt`. */
export function requestOpen(startsAt: string, now: Date = new Date()): boolean {
  return new Date(startsAt).getTime() - now.getTime() >= DAY_MS;
}

interface Timed {
  id: string;
  starts_at: string;
  ends_at: string;
}

/** The session running now, else the next one, else the last one. */
export function currentSession<T extends Timed>(sessions: T[], now: Date = new Date()): T | undefined {
  const t = now.getTime();
  const sorted = [...sessions].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  return (
    sorted.find((s) => new Date(s.starts_at).getTime() <= t && t <= new Date(s.ends_at).getTime()) ??
    sorted.find((s) => new Date(s.starts_at).getTime() > t) ??
    sorted[sorted.length - 1]
  );
}

/** The link the sign-in QR code carries: opening it on the trainee's phone signs them in. */
export function signInLink(origin: string, sessionId: string, code: string): string {
  const u = new URL('/sign-in', origin);
  u.searchParams.set('session', sessionId);
  u.searchParams.set('code', code);
  return u.toString();
}

/** What a trainee pasted or scanned: the sign-in link, or the bare code. */
export function parseSignIn(input: string): { code: string; session?: string } | null {
  const text = input.trim();
  if (!text) return null;
  try {
    const u = new URL(text);
    const code = u.searchParams.get('code');
    if (code) return { code, session: u.searchParams.get('session') ?? undefined };
    return null;
  } catch {
    return /\s/.test(text) ? null : { code: text };
  }
}

/** Whole seconds until an instant, never negative. */
export function secondsLeft(until: string, now: Date = new Date()): number {
  return Math.max(0, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000));
}

/** The usual life of a sign-in code (TR-19). */
export const SIGN_IN_CODE_SECONDS = 60;

/**
 * How long a sign-in code lives, measured when it arrived: its expiry against the device clock,
 * never more than the usual 60 s (a device clock running late would stretch it), and the usual
 * 60 s when the device clock runs so early that the code looks already expired.
 */
export function codeLifetime(expiresAt: string, fetchedAt: number): number {
  const s = secondsLeft(expiresAt, new Date(fetchedAt));
  return s >= 5 ? Math.min(s, SIGN_IN_CODE_SECONDS) : SIGN_IN_CODE_SECONDS;
}

/** When to fetch the next code: five seconds before this one runs out (at least 1 s on). */
export function refreshDelayMs(lifetimeSeconds: number): number {
  return Math.max(1000, (lifetimeSeconds - 5) * 1000);
}

/** Study progress of a unit in percent (0–100). */
export function unitPercent(u: { seconds_watched: number; duration_minutes: number; completed: boolean }): number {
  if (u.completed) return 100;
  const total = u.duration_minutes * 60;
  return total > 0 ? Math.min(100, Math.floor((u.seconds_watched * 100) / total)) : 0;
}

/** The calendar year of an instant in Asia/Shanghai (a plan lists the classes starting in its year). */
export function shanghaiYear(iso: string): number {
  return Number(beijingParts(new Date(iso)).year);
}

const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  mp4: 'video/mp4',
};

/** What each upload accepts, by file extension (the server checks the leading bytes too). */
export const ARCHIVE_EXTS = ['pdf', 'jpg', 'jpeg', 'png', 'xlsx', 'docx'];
/** TR-07 change letters: a PDF or a photo of the stamped letter, at most 10 MiB. */
export const LETTER_EXTS = ['pdf', 'jpg', 'jpeg', 'png'];
export const LETTER_MAX_BYTES = 10 * 1024 * 1024;
/** TR-03 course materials, at most 50 MiB. */
export const MATERIAL_EXTS = ['pdf', 'docx', 'pptx', 'xlsx', 'jpg', 'jpeg', 'png', 'mp4'];
export const MATERIAL_MAX_BYTES = 50 * 1024 * 1024;

/** The content type a file is sent with, from its name, when its extension is one of `exts`; else null. */
export function mediaType(fileName: string, exts: string[]): string | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return exts.includes(ext) ? (MEDIA_TYPES[ext] ?? null) : null;
}

/** The `accept` attribute of a file input for these extensions. */
export function acceptOf(exts: string[]): string {
  return exts.map((e) => `.${e}`).join(',');
}

/** The content type an archive upload is sent with, from its file name; null when not accepted. */
export function uploadType(fileName: string): string | null {
  return mediaType(fileName, ARCHIVE_EXTS);
}

/** The five TR-14 steps in order, for a progress display. */
export const REFUND_STEPS = ['requested', 'department', 'finance', 'leader', 'payout'] as const;

/** The index of the step a refund waits for (5 once paid); a rejected refund stays on the step it was refused at — unknown here, so 0. */
export function refundStepIndex(status: RefundStatus): number {
  switch (status) {
    case 'requested':
      return 1;
    case 'department_confirmed':
      return 2;
    case 'finance_confirmed':
      return 3;
    case 'leader_approved':
      return 4;
    case 'paid':
      return 5;
    default:
      return 0;
  }
}

/**
 * A date-time picked on a form as the instant it means in Asia/Shanghai: the clerk types
 * Beijing time whatever zone the device is set to (dates are shown in Asia/Shanghai too).
 */
export function shanghaiIso(picked: { format: (f: string) => string }): string {
  return new Date(`${picked.format('YYYY-MM-DDTHH:mm:ss')}+08:00`).toISOString();
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the server's day for listings, calendar entries and CE hours). */
export function shanghaiToday(now: Date = new Date()): string {
  const p = beijingParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** CR-04: how many years a blacklisting bars registrations. */
export const BLACKLIST_YEARS = 5;

/**
 * CR-04: the first day registrations are accepted again after a listing on `listedOn`
 * (YYYY-MM-DD): five years on; a listing on 29 February ends on 1 March. Mirrors the server's
 * `expires_on` for the form's preview; the server's answer is what is shown afterwards.
 */
export function blacklistExpiry(listedOn: string): string {
  const [y, m, d] = listedOn.split('-').map(Number) as [number, number, number];
  const year = y + BLACKLIST_YEARS;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (m === 2 && d === 29 && !leap) return `${year}-03-01`;
  return `${year}-${pad(m)}-${pad(d)}`;
}
