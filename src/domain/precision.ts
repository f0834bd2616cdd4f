// How exactly a source dates something, and what a date of that precision stands for. Pure: no database,
// no GraphQL. A coarse date is stored as the first day of its month/quarter/year when it starts something
// (a period's start, a publication, the day a factor applies from) and as the last day when it ends a
// period, so that a stored date is never more exact than the wording: "early December 2024" as a period
// end is 2024-12-31 with MONTH, never a guessed 2024-12-05.

export const DATE_PRECISIONS = ['DAY', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first day of the month/quarter/year that holds `date` (the date itself for DAY). */
export function startOfPrecision(date: string, precision: DatePrecision): string {
  const [y, m, d] = parts(date);
  switch (precision) {
    case 'DAY':
      return iso(y, m, d);
    case 'MONTH':
      return iso(y, m, 1);
    case 'QUARTER':
      return iso(y, m - ((m - 1) % 3), 1);
    case 'YEAR':
      return iso(y, 1, 1);
  }
}

/** The last day of the month/quarter/year that holds `date` (the date itself for DAY). */
export function endOfPrecision(date: string, precision: DatePrecision): string {
  const [y, m, d] = parts(date);
  switch (precision) {
    case 'DAY':
      return iso(y, m, d);
    case 'MONTH':
      return iso(y, m, lastDayOfMonth(y, m));
    case 'QUARTER': {
      const end = m - ((m - 1) % 3) + 2;
      return iso(y, end, lastDayOfMonth(y, end));
    }
    case 'YEAR':
      return iso(y, 12, 31);
  }
}

const WHAT: Record<DatePrecision, string> = {
  DAY: 'day',
  MONTH: 'month',
  QUARTER: 'quarter',
  YEAR: 'year',
};

/**
 * Why `date` cannot stand for a start with this precision, or null when it can: a start dated to the
 * month must be the month's first day, and so on.
 */
export function startPrecisionProblem(date: string, precision: DatePrecision): string | null {
  const start = startOfPrecision(date, precision);
  return start === date
    ? null
    : `a date with precision ${precision} is stored as the first day of its ${WHAT[precision]} (${start}), not ${date}`;
}

/** Why `date` cannot stand for a period end with this precision (the last day of its month...), or null. */
export function endPrecisionProblem(date: string, precision: DatePrecision): string | null {
  const end = endOfPrecision(date, precision);
  return end === date
    ? null
    : `a period end with precision ${precision} is stored as the last day of its ${WHAT[precision]} (${end}), not ${date}`;
}

/**
 * The days a stored date with its precision may stand for: "2022" (YEAR) is any day of 2022. Two dates
 * whose ranges overlap cannot be told apart by their sources.
 */
export function dateRange(date: string, precision: DatePrecision): [string, string] {
  return [startOfPrecision(date, precision), endOfPrecision(date, precision)];
}

/** Whether two dated points cannot be told apart at the precision their sources give. */
export function indistinguishable(a: string, ap: DatePrecision, b: string, bp: DatePrecision): boolean {
  const [a0, a1] = dateRange(a, ap);
  const [b0, b1] = dateRange(b, bp);
  return a0 <= b1 && b0 <= a1;
}
