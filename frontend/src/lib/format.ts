// One way to show a moment, on every screen and in both languages: YYYY-MM-DD HH:mm in Beijing
// time (Asia/Shanghai), whatever the device's zone — the time the class notice, the deadline
// rules and the clerks' paper forms use. Days the server sends as dates (YYYY-MM-DD) are
// shown as they come.
const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> {
  return Object.fromEntries(BEIJING.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** An instant as YYYY-MM-DD HH:mm, Beijing time; '' for none. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(iso);
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
