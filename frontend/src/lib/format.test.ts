import { formatDay, formatInstant, formatSpan } from './format';

describe('one date format, Beijing time', () => {
  it('shows an instant as YYYY-MM-DD HH:mm in Asia/Shanghai', () => {
    expect(formatInstant('2026-03-01T01:05:09Z')).toBe('2026-03-01 09:05');
    // 20:30 UTC is already the next day in Beijing.
    expect(formatInstant('2026-12-31T20:30:00Z')).toBe('2027-01-01 04:30');
    expect(formatInstant('2026-06-01T00:00:00+08:00')).toBe('2026-06-01 00:00');
    expect(formatInstant(null)).toBe('');
  });
  it('gives the Beijing day and a span with the day once', () => {
    expect(formatDay('2026-12-31T20:30:00Z')).toBe('2027-01-01');
    expect(formatSpan('2026-03-02T01:00:00Z', '2026-03-02T09:00:00Z')).toBe('2026-03-02 09:00 – 17:00');
    expect(formatSpan('2026-03-02T01:00:00Z', '2026-03-03T09:00:00Z')).toBe('2026-03-02 09:00 – 2026-03-03 17:00');
  });
});

describe('Beijing time without a time-zone database', () => {
  it('agrees with Intl on instants from 1992 on, across the year and the day line', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const viaIntl = (d: Date) => {
      const p = Object.fromEntries(intl.formatToParts(d).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    for (const iso of ['1992-01-01T00:00:00+08:00', '1999-12-31T16:00:00Z', '2024-02-28T16:30:00Z', '2026-06-30T23:59:00Z', '2038-01-19T03:14:07Z']) {
      expect(formatInstant(iso)).toBe(viaIntl(new Date(iso)));
    }
  });
  it('reads the summer time of 1986–1991 through Intl', () => {
    // 1988-07-01 12:00 UTC was 21:00 in Beijing (UTC+9 that summer).
    expect(formatInstant('1988-07-01T12:00:00Z')).toBe('1988-07-01 21:00');
  });
});
