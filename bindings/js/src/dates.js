// Dates as the WIT's `date` record ({ year, month, day }) and as day
// numbers (days since 1970-01-01, the `day` of the batch calls), without
// reading any clock or time zone.

const DAY_MS = 86_400_000;

/** `'2026-02-01'` as the record `{ year: 2026, month: 2, day: 1 }`. */
export function date(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`\`${text}\` is not a date (YYYY-MM-DD)`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** A `date` record as `YYYY-MM-DD`. */
export function dateText({ year, month, day }) {
  const pad = (n, w) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The day number of a `date` record or a `YYYY-MM-DD` text. */
export function dayNumber(value) {
  const { year, month, day } = typeof value === 'string' ? date(value) : value;
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  return Math.round(at.getTime() / DAY_MS);
}

/** The `date` record of a day number. */
export function dateOf(number) {
  const at = new Date(number * DAY_MS);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** Expiry in the batch calls for a licence that never expires. */
export const NEVER = -2147483648;
