// One way to show a moment, on every screen and in both languages: YYYY-MM-DD HH:mm in Beijing
// time (Asia/Shanghai), whatever the device's zone — the time the class notice, the deadline
// rules and the clerks' paper forms use. Days the server sends as dates (YYYY-MM-DD) are
// shown as they come.
// Beijing time is UTC+8 all year since China's last summer time ended in September 1991, so an
// instant from 1992 on is shifted by eight hours and read in UTC: no time-zone database. An
// `Intl.DateTimeFormat` with a time zone loads that database when it is made, ~45 ms of a
// phone's main thread before the first signed-in screen (docs/BENCHMARKS.md, "Session 9,
// Lighthouse"); it is made only for an earlier instant, on first need.
const EIGHT_HOURS = 8 * 3_600_000;
const FIXED_SINCE = Date.UTC(1991, 11, 31, 16); // 1992-01-01 00:00 in Beijing
let historic: Intl.DateTimeFormat | undefined;

/** The Beijing wall-clock fields of an instant. */
export function beijingParts(at: Date): { year: string; month: string; day: string; hour: string; minute: string } {
  const ms = at.getTime();
  if (ms >= FIXED_SINCE) {
    const d = new Date(ms + EIGHT_HOURS);
    const two = (n: number) => String(n).padStart(2, '0');
    return { year: String(d.getUTCFullYear()), month: two(d.getUTCMonth() + 1), day: two(d.getUTCDate()), hour: two(d.getUTCHours()), minute: two(d.getUTCMinutes()) };
  }
  historic ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(historic.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: p.year ?? '', month: p.month ?? '', day: p.day ?? '', hour: p.hour ?? '', minute: p.minute ?? '' };
}

/** An instant as YYYY-MM-DD HH:mm, Beijing time; '' for none. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = beijingParts(new Date(iso));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The Beijing day of an instant, YYYY-MM-DD; '' for none. */
export function formatDay(iso: string | null | undefined): string {
  return formatInstant(iso).slice(0, 10);
}

/** From–to: the day once when both ends fall on the same Beijing day. */
export function formatSpan(from: string, to: string): string {
  const a = formatInstant(from);
  const b = formatInstant(to);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}
