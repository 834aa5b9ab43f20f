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
