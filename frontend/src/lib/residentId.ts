// The 18-digit resident ID number (居民身份证号码, GB 11643): six digits of the place of
// registration, the birth date as YYYYMMDD (digits 7–14), a three-digit sequence whose last
// digit (digit 17) is odd for a man and even for a woman, and a check digit (0–9 or X) over
// the first 17. The person form reads birth date and sex from it; the server checks it again.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface ResidentIdFacts {
  /** YYYY-MM-DD. */
  birthDate: string;
  gender: 'male' | 'female';
}

/** The check digit GB 11643 gives the first 17 digits. */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

/** Whether a YYYYMMDD is a day of the calendar, not after `today`, not before 1900. */
function realDay(y: number, m: number, d: number, today: Date): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return date.getTime() <= Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
}

/**
 * Birth date and sex from a valid 18-digit resident ID number (a lower-case x is read as X;
 * spaces around it are ignored); null when it is not one: wrong length or characters, a
 * birth date that is no day of the calendar or lies ahead, or a wrong check digit.
 */
export function parseResidentId(input: string, today: Date = new Date()): ResidentIdFacts | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  if (checkDigit(id.slice(0, 17)) !== id[17]) return null;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!realDay(y, m, d, today)) return null;
  return { birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}
