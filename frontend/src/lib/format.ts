// Instants are shown in Asia/Shanghai whatever the device's zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatInstant(iso: string | null | undefined, locale = 'zh-CN'): string {
  if (!iso) return '';
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    formatters.set(locale, f);
  }
  return f.format(new Date(iso));
}
