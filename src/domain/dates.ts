// Strict calendar parsing: the API never guesses what a malformed date meant.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns the date back when it is a real calendar date written YYYY-MM-DD, else null. */
export function parseDate(value: string): string | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return value;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with an explicit zone (Z or ±hh:mm); null for anything else. */
export function parseDateTime(value: string): Date | null {
  if (!DATE_TIME.test(value)) return null;
  if (parseDate(value.slice(0, 10)) === null) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Whether a period runs forwards: an open end (null or missing) always does, otherwise the start must
 * not be after the end (YYYY-MM-DD dates order as text). The one rule behind the mutation inputs, the
 * bundle format and the write layer's check of a changed row; the database's CHECKs say the same.
 */
export function periodInOrder(start: string | null | undefined, end: string | null | undefined): boolean {
  return !start || !end || start <= end;
}
