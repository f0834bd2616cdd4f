// Interval arithmetic on qualified numbers. Every quantity here is a count or a percentage, so never
// negative; a figure is a best value and the closed interval [low, high] the source's wording allows,
// where a null bound means the source sets no bound on that side. Derived figures carry the widest
// interval their inputs allow, so that nothing computed looks more exact than what was stated.
// Pure: no database, no GraphQL. docs/analytics.md works the first report through by hand.

/** A best estimate and the interval it is known to lie in; a null bound is unbounded. */
export interface Estimate {
  best: number;
  low: number | null;
  high: number | null;
}

/** A stated figure: its estimate and the period it covers (ISO dates, inclusive). */
export interface PeriodEstimate extends Estimate {
  periodStart: string;
  periodEnd: string;
}

export type ConsistencyStatus = 'CONSISTENT' | 'INCONSISTENT' | 'NOT_CHECKABLE';

/**
 * Relative slack when comparing bounds, so that a quotient that lands a rounding error past a bound
 * (e.g. 0.1 * 3 = 0.30000000000000004) is not reported as a contradiction. The SQL checks in
 * src/analytics/quality.ts use the same value.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/**
 * (numerator x scale) / denominator as an interval, or null when it cannot be computed (a best
 * denominator of zero). The low uses the low numerator and the high denominator, the high uses the high
 * numerator and the low denominator; a bound whose inputs include an unbounded side stays unbounded,
 * and a low denominator of zero makes the high unbounded. Multiplying before dividing keeps
 * 9600 x 100 / 10400 as exact as doubles allow.
 */
export function quotient(numerator: Estimate, denominator: Estimate, scale = 1): Estimate | null {
  assertEstimate(numerator, 'numerator');
  assertEstimate(denominator, 'denominator');
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  if (denominator.best === 0) return null;
  const best = (numerator.best * scale) / denominator.best;
  const low =
    numerator.low === null || denominator.high === null ? null : (numerator.low * scale) / denominator.high;
  const high =
    numerator.high === null || denominator.low === null || denominator.low === 0
      ? null
      : (numerator.high * scale) / denominator.low;
  return { best, low, high };
}

/** contracts / plan x 100: the share of the plan that the contracts fulfil, in percent. */
export function computedFulfilmentPercent(contracts: Estimate, plan: Estimate): Estimate | null {
  return quotient(contracts, plan, 100);
}

/** contracts / (percent / 100): the plan that a stated count and fulfilment percentage imply. */
export function impliedPlannedRecruits(contracts: Estimate, percent: Estimate): Estimate | null {
  return quotient(contracts, percent, 100);
}

/** Whether two intervals share at least one value (closed intervals; null bounds unbounded). */
export function overlaps(a: Estimate, b: Estimate): boolean {
  const low = maxLow(a.low, b.low);
  const high = minHigh(a.high, b.high);
  if (low === null || high === null) return true;
  return low <= high + RELATIVE_TOLERANCE * Math.max(1, Math.abs(low), Math.abs(high));
}

/**
 * CONSISTENT when the stated percentage's interval and the computed one overlap, INCONSISTENT when they
 * do not, NOT_CHECKABLE when either is missing.
 */
export function consistency(stated: Estimate | null | undefined, computed: Estimate | null | undefined): ConsistencyStatus {
  if (!stated || !computed) return 'NOT_CHECKABLE';
  return overlaps(stated, computed) ? 'CONSISTENT' : 'INCONSISTENT';
}

export interface SummaryInput {
  plan?: PeriodEstimate | null;
  contracts?: PeriodEstimate | null;
  percent?: PeriodEstimate | null;
}

export interface SummaryDerivation {
  computedFulfilmentPercent: Estimate | null;
  impliedPlannedRecruits: Estimate | null;
  consistency: ConsistencyStatus;
}

/**
 * What follows from the figures a summary chose for one region and year. Figures are only combined when
 * they measure the same thing: a percentage is contracts over a plan for the same span, so the implied
 * plan and the consistency check need the percentage and the contracts to cover the same period, and the
 * computed percentage needs a plan whose period covers the contracts' period. Otherwise the derived
 * value is null and the verdict NOT_CHECKABLE, rather than a comparison of unlike periods.
 */
export function deriveSummary({ plan, contracts, percent }: SummaryInput): SummaryDerivation {
  const computed = contracts && plan && covers(plan, contracts) ? computedFulfilmentPercent(contracts, plan) : null;
  const samePeriod = contracts && percent && sameSpan(contracts, percent);
  const implied = samePeriod ? impliedPlannedRecruits(contracts, percent) : null;
  return {
    computedFulfilmentPercent: computed,
    impliedPlannedRecruits: implied,
    consistency: samePeriod ? consistency(percent, computed) : 'NOT_CHECKABLE',
  };
}

/** Whether the outer period contains the inner one (ISO dates compare as strings). */
export function covers(outer: PeriodEstimate, inner: PeriodEstimate): boolean {
  return outer.periodStart <= inner.periodStart && inner.periodEnd <= outer.periodEnd;
}

function sameSpan(a: PeriodEstimate, b: PeriodEstimate): boolean {
  return a.periodStart === b.periodStart && a.periodEnd === b.periodEnd;
}

function maxLow(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function minHigh(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function assertEstimate(e: Estimate, name: string): void {
  const ok =
    Number.isFinite(e.best) &&
    e.best >= 0 &&
    (e.low === null || (Number.isFinite(e.low) && e.low >= 0 && e.low <= e.best)) &&
    (e.high === null || (Number.isFinite(e.high) && e.high >= e.best));
  if (!ok) {
    throw new RangeError(
      `${name} must satisfy 0 <= low <= best <= high with finite numbers, got ${JSON.stringify(e)}`,
    );
  }
}

/**
 * Significant digits a derived estimate is shown with. The sources state figures to two or three
 * digits ("over 330", "about 135%"), so a quotient such as 330 / 1.35 = 244.44444444444446 would look
 * far more exact than anything stated; four digits keep hand calculations checkable without that.
 */
export const ESTIMATE_SIGNIFICANT_DIGITS = 4;

function exponentFor(x: number, digits: number): number {
  return Math.floor(Math.log10(Math.abs(x))) - digits + 1;
}

function toDigits(x: number, digits: number, step: (q: number) => number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = exponentFor(x, digits);
  const scaled = step(x / 10 ** e);
  // toPrecision(15) removes the binary noise of multiplying back (2222 * 0.1 = 222.20000000000002)
  return Number((scaled * 10 ** e).toPrecision(15));
}

/**
 * An estimate as shown: best rounded to `digits` significant digits, low rounded down and high rounded
 * up, so the shown interval still contains the computed one (outward rounding never claims more
 * certainty). Verdicts are computed on the unrounded values.
 */
export function roundOutward(e: Estimate, digits = ESTIMATE_SIGNIFICANT_DIGITS): Estimate {
  return {
    best: toDigits(e.best, digits, Math.round),
    low: e.low === null ? null : toDigits(e.low, digits, Math.floor),
    high: e.high === null ? null : toDigits(e.high, digits, Math.ceil),
  };
}
