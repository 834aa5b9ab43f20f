// Money is kept in fen (0.01 CNY) by the server and shown in yuan everywhere: one place turns
// one into the other, so no screen shows fen and no float drift reaches a form.

/** Fen as yuan with two decimals and thousands separators: 123456 → "1,234.56". */
export function yuan(fen: number): string {
  const whole = Math.round(fen);
  const abs = Math.abs(whole);
  const sign = whole < 0 ? '-' : '';
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen as an amount with the yuan sign: 80000 → "¥800.00". */
export function money(fen: number): string {
  return `¥${yuan(fen)}`;
}

/** Yuan typed into a form as whole fen. */
export function toFen(yuanAmount: number | null | undefined): number {
  return Math.round((yuanAmount ?? 0) * 100);
}

/** Fen as the number a yuan input shows (two decimals, no rounding drift). */
export function toYuanInput(fen: number): number {
  return Math.round(fen) / 100;
}
