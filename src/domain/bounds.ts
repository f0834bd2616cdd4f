// Turns the way a source qualifies a number ("over 330", "about 135%", "9.6 thousand") into the lowest
// and highest values consistent with the statement. This is the one place those rules live; the rules
// and worked examples are in docs/bounds.md so a researcher can check every stored bound by hand.
// Pure: no database, no GraphQL.

export const QUALIFIERS = [
  'EXACT',
  'APPROXIMATELY',
  'MORE_THAN',
  'JUST_OVER',
  'AT_LEAST',
  'ALMOST',
  'LESS_THAN',
  'AT_MOST',
  'RANGE',
] as const;

export type Qualifier = (typeof QUALIFIERS)[number];

/**
 * "about / approximately / around X" is read as X ± 10 %. Ten per cent is wide enough to cover the
 * rounding that relays of one report show ("over 330" in one outlet, "близько 330" in another;
 * 9.6 / 10.4 = 92.3 % reported as "approximately 93 %") without making an "about" figure
 * indistinguishable from a different order of magnitude.
 */
export const APPROXIMATE_TOLERANCE = 0.1;

/** "just over X" is read as X to X + 5 %: a little more, but less than a plain "over" would allow. */
export const JUST_OVER_MARGIN = 0.05;

/** "almost / nearly X" is read as X − 5 % to X: short of X, but close. */
export const ALMOST_MARGIN = 0.05;

/** Qualifiers for which a stated precision (the unit of the last stated digit) changes the bounds. */
const PRECISION_QUALIFIERS: ReadonlySet<Qualifier> = new Set(['EXACT', 'APPROXIMATELY']);

export interface Bounds {
  low: number | null;
  high: number | null;
}

export interface BoundsInput {
  /** an explicit lower bound; wins over the derived one. null = explicitly unbounded below */
  low?: number | null | undefined;
  /** an explicit upper bound; wins over the derived one. null = explicitly unbounded above */
  high?: number | null | undefined;
  /**
   * The unit of the last digit the source states: 100 for "9.6 thousand", 1000 for "10 thousand",
   * 1 for "330". A number stated that way stands for anything that rounds to it, i.e. best ± precision/2.
   * Only EXACT and APPROXIMATELY use it; the other qualifiers already say which side the truth lies on.
   */
  precision?: number | null | undefined;
}

/** A statement whose bounds cannot hold; `field` names the input at fault. */
export class BoundsError extends Error {
  constructor(
    readonly field: 'best' | 'low' | 'high' | 'precision' | 'qualifier',
    message: string,
  ) {
    super(message);
    this.name = 'BoundsError';
  }
}

/**
 * Derived bounds are rounded to 12 significant digits so that 80 × 1.05 is stored as 84, not
 * 84.00000000000001; no source states a figure to anything like that precision.
 */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

function derived(qualifier: Qualifier, best: number, precision: number | null): Bounds {
  const half = precision === null ? 0 : precision / 2;
  switch (qualifier) {
    case 'EXACT':
      return { low: tidy(Math.max(0, best - half)), high: tidy(best + half) };
    case 'APPROXIMATELY': {
      const spread = Math.max(best * APPROXIMATE_TOLERANCE, half);
      return { low: tidy(Math.max(0, best - spread)), high: tidy(best + spread) };
    }
    case 'MORE_THAN':
    case 'AT_LEAST':
      return { low: best, high: null };
    case 'JUST_OVER':
      return { low: best, high: tidy(best * (1 + JUST_OVER_MARGIN)) };
    case 'ALMOST':
      return { low: tidy(best * (1 - ALMOST_MARGIN)), high: best };
    case 'LESS_THAN':
    case 'AT_MOST':
      // Counts and percentages are never negative.
      return { low: 0, high: best };
    case 'RANGE':
      // A range has no rule: the source states both ends, and they must be given explicitly.
      return { low: null, high: null };
  }
}

/**
 * The bounds that `qualifier` and `best` imply, unless `explicit` gives them. An explicit bound wins on
 * its side only (give `low` alone and `high` is still derived); `null` there means unbounded. Whatever
 * the source, the result satisfies 0 ≤ low ≤ best ≤ high, or a BoundsError says why not.
 */
export function deriveBounds(qualifier: Qualifier, best: number, explicit: BoundsInput = {}): Bounds {
  if (!QUALIFIERS.includes(qualifier)) throw new BoundsError('qualifier', `unknown qualifier ${String(qualifier)}`);
  if (!Number.isFinite(best)) throw new BoundsError('best', 'best must be a finite number');
  if (best < 0) throw new BoundsError('best', `best must not be negative (counts and percentages never are), got ${best}`);

  const precision = explicit.precision ?? null;
  if (precision !== null) {
    if (!Number.isFinite(precision) || precision <= 0) {
      throw new BoundsError('precision', `precision must be a positive number, got ${precision}`);
    }
    if (!PRECISION_QUALIFIERS.has(qualifier)) {
      throw new BoundsError('precision', `precision applies only to EXACT and APPROXIMATELY, not ${qualifier}`);
    }
  }

  if (qualifier === 'RANGE') {
    if (explicit.low == null) throw new BoundsError('low', 'a RANGE needs an explicit low');
    if (explicit.high == null) throw new BoundsError('high', 'a RANGE needs an explicit high');
  }

  const rule = derived(qualifier, best, precision);
  const low = explicit.low !== undefined ? explicit.low : rule.low;
  const high = explicit.high !== undefined ? explicit.high : rule.high;

  if (low !== null) {
    if (!Number.isFinite(low)) throw new BoundsError('low', 'low must be a finite number or null');
    if (low < 0) throw new BoundsError('low', `low must not be negative, got ${low}`);
    if (low > best) throw new BoundsError('low', `low (${low}) must not be greater than best (${best})`);
  }
  if (high !== null) {
    if (!Number.isFinite(high)) throw new BoundsError('high', 'high must be a finite number or null');
    if (high < best) throw new BoundsError('high', `high (${high}) must not be less than best (${best})`);
  }
  return { low, high };
}
