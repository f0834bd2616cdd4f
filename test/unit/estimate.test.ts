// Unit tests of the interval arithmetic, on examples small enough to check by hand.
import { describe, expect, it } from 'vitest';
import {
  computedFulfilmentPercent,
  consistency,
  deriveSummary,
  impliedPlannedRecruits,
  overlaps,
  quotient,
  roundOutward,
  type Estimate,
  type PeriodEstimate,
} from '../../src/domain/estimate.js';

const exact = (n: number): Estimate => ({ best: n, low: n, high: n });
const between = (low: number | null, best: number, high: number | null): Estimate => ({ best, low, high });
const jan2024 = { periodStart: '2024-01-01', periodEnd: '2024-11-30' };
const year2024 = { periodStart: '2024-01-01', periodEnd: '2024-12-31' };

describe('quotient', () => {
  it('divides exact numbers', () => {
    const q = quotient(exact(10), exact(4));
    expect(q).toEqual({ best: 2.5, low: 2.5, high: 2.5 });
  });

  it('takes the low from low numerator / high denominator and the high from high numerator / low denominator', () => {
    // [8, 12] / [2, 4]: low 8/4 = 2, best 10/3, high 12/2 = 6
    const q = quotient(between(8, 10, 12), between(2, 3, 4))!;
    expect(q.low).toBe(2);
    expect(q.best).toBeCloseTo(10 / 3, 12);
    expect(q.high).toBe(6);
  });

  it('multiplies by the scale before dividing', () => {
    // 9600 x 100 / 10400 = 960000 / 10400 = 92.307692...
    const q = quotient(exact(9600), exact(10400), 100)!;
    expect(q.best).toBe(960000 / 10400);
    expect(q.low).toBe(q.best);
    expect(q.high).toBe(q.best);
  });

  it('keeps an unbounded numerator side unbounded', () => {
    // "over 330" has no upper bound, so neither has anything divided from it
    const q = quotient(between(330, 330, null), between(100, 110, 120))!;
    expect(q).toEqual({ best: 3, low: 2.75, high: null });
    const r = quotient(between(null, 50, 60), exact(10))!;
    expect(r).toEqual({ best: 5, low: null, high: 6 });
  });

  it('makes the low unbounded when the denominator has no upper bound', () => {
    expect(quotient(exact(100), between(10, 20, null))).toEqual({ best: 5, low: null, high: 10 });
  });

  it('makes the high unbounded when the denominator may be zero or has no lower bound', () => {
    expect(quotient(exact(100), between(0, 20, 25))).toEqual({ best: 5, low: 4, high: null });
    expect(quotient(exact(100), between(null, 20, 25))).toEqual({ best: 5, low: 4, high: null });
  });

  it('cannot divide by a best of zero', () => {
    expect(quotient(exact(5), exact(0))).toBeNull();
    expect(quotient(exact(5), between(0, 0, 10))).toBeNull();
  });

  it('lets a zero numerator through', () => {
    expect(quotient(exact(0), between(5, 10, 20), 100)).toEqual({ best: 0, low: 0, high: 0 });
  });

  it('refuses estimates that are not ordered or not finite', () => {
    expect(() => quotient(between(5, 4, 6), exact(1))).toThrow(RangeError);
    expect(() => quotient(between(1, 4, 3), exact(1))).toThrow(RangeError);
    expect(() => quotient(exact(-1), exact(1))).toThrow(RangeError);
    expect(() => quotient(exact(Number.NaN), exact(1))).toThrow(RangeError);
    expect(() => quotient(exact(1), exact(Number.POSITIVE_INFINITY))).toThrow(RangeError);
    expect(() => quotient(exact(1), exact(1), 0)).toThrow(RangeError);
  });
});

describe('computedFulfilmentPercent and impliedPlannedRecruits', () => {
  it('computes contracts / plan x 100', () => {
    // 90..110 contracts against a plan of 180..220: 90/220 x 100 = 40.90.., 100/200 x 100 = 50, 110/180 x 100 = 61.11..
    const p = computedFulfilmentPercent(between(90, 100, 110), between(180, 200, 220))!;
    expect(p.low).toBeCloseTo(40.909090909, 8);
    expect(p.best).toBe(50);
    expect(p.high).toBeCloseTo(61.111111111, 8);
  });

  it('computes contracts / (percent / 100)', () => {
    // over 330 at 130..140 %: low 330 / 1.40 = 235.714.., best 330 / 1.35 = 244.44.., high unbounded
    const plan = impliedPlannedRecruits(between(330, 330, null), between(130, 135, 140))!;
    expect(plan.low).toBeCloseTo(235.7142857, 6);
    expect(plan.best).toBeCloseTo(244.4444444, 6);
    expect(plan.high).toBeNull();
  });

  it('has no implied plan for a percentage of zero', () => {
    expect(impliedPlannedRecruits(exact(10), exact(0))).toBeNull();
  });
});

describe('overlaps and consistency', () => {
  it('treats touching intervals as overlapping', () => {
    expect(overlaps(between(1, 2, 3), between(3, 4, 5))).toBe(true);
    expect(overlaps(between(1, 2, 3), between(3.0001, 4, 5))).toBe(false);
  });

  it('treats null bounds as unbounded', () => {
    expect(overlaps(between(100, 100, null), between(0, 5, 1e9))).toBe(true);
    expect(overlaps(between(null, 1, 2), between(3, 4, null))).toBe(false);
    expect(overlaps(between(null, 5, null), exact(1e12))).toBe(true);
  });

  it('forgives a rounding error at a bound', () => {
    // 0.1 x 3 = 0.30000000000000004 in doubles
    expect(overlaps(exact(0.1 * 3), exact(0.3))).toBe(true);
  });

  it('gives the three verdicts', () => {
    expect(consistency(between(88, 93, 98), exact(92.3))).toBe('CONSISTENT');
    expect(consistency(between(88, 93, 98), exact(80))).toBe('INCONSISTENT');
    expect(consistency(null, exact(80))).toBe('NOT_CHECKABLE');
    expect(consistency(exact(80), undefined)).toBe('NOT_CHECKABLE');
  });
});

describe('deriveSummary', () => {
  const plan: PeriodEstimate = { ...exact(10400), ...year2024 };
  const contracts: PeriodEstimate = { ...exact(9600), ...jan2024 };
  const percent: PeriodEstimate = { ...between(90, 93, 96), ...jan2024 };

  it('derives both numbers and a verdict when plan, contracts and percentage are stated', () => {
    const d = deriveSummary({ plan, contracts, percent });
    expect(d.computedFulfilmentPercent!.best).toBeCloseTo(92.3076923, 6);
    // 9600 / 0.96 = 10000, 9600 / 0.93 = 10322.58.., 9600 / 0.90 = 10666.67..
    expect(d.impliedPlannedRecruits!.low).toBeCloseTo(10000, 8);
    expect(d.impliedPlannedRecruits!.best).toBeCloseTo(10322.580645, 5);
    expect(d.impliedPlannedRecruits!.high).toBeCloseTo(10666.666667, 5);
    expect(d.consistency).toBe('CONSISTENT');
  });

  it('finds a stated percentage that the counts contradict', () => {
    const d = deriveSummary({ plan, contracts, percent: { ...between(60, 65, 70), ...jan2024 } });
    expect(d.consistency).toBe('INCONSISTENT');
  });

  it('cannot check without a plan, but still implies one', () => {
    const d = deriveSummary({ contracts, percent });
    expect(d.computedFulfilmentPercent).toBeNull();
    expect(d.impliedPlannedRecruits).not.toBeNull();
    expect(d.consistency).toBe('NOT_CHECKABLE');
  });

  it('cannot check a percentage alone', () => {
    expect(deriveSummary({ percent })).toEqual({
      computedFulfilmentPercent: null,
      impliedPlannedRecruits: null,
      consistency: 'NOT_CHECKABLE',
    });
  });

  it('does not combine a percentage and contracts of different periods', () => {
    const d = deriveSummary({ plan, contracts: { ...exact(9900), ...year2024 }, percent });
    expect(d.computedFulfilmentPercent!.best).toBeCloseTo(95.192307, 5);
    expect(d.impliedPlannedRecruits).toBeNull();
    expect(d.consistency).toBe('NOT_CHECKABLE');
  });

  it('does not divide by a plan for a shorter period than the contracts', () => {
    const h1Plan: PeriodEstimate = { ...exact(5000), periodStart: '2024-01-01', periodEnd: '2024-06-30' };
    const d = deriveSummary({ plan: h1Plan, contracts, percent });
    expect(d.computedFulfilmentPercent).toBeNull();
    expect(d.consistency).toBe('NOT_CHECKABLE');
  });
});

describe('roundOutward', () => {
  it('shows four significant digits and keeps the interval around the computed one', () => {
    expect(roundOutward({ best: 244.44444444444446, low: 222.22222222222223, high: null })).toEqual({ best: 244.4, low: 222.2, high: null });
    expect(roundOutward({ best: 92.3076923076923, low: 91.38755980861244, high: 93.23671497584542 })).toEqual({
      best: 92.31,
      low: 91.38,
      high: 93.24,
    });
    expect(roundOutward({ best: 10322.58064516129, low: 9335.288367546433, high: 11529.27120669056 })).toEqual({
      best: 10320,
      low: 9335,
      high: 11530,
    });
    expect(roundOutward({ best: 3000, low: 2727.2727272727275, high: 0.0012345 })).toEqual({ best: 3000, low: 2727, high: 0.001235 });
    expect(roundOutward({ best: 0, low: 0, high: 0 })).toEqual({ best: 0, low: 0, high: 0 });
  });
  it('never rounds a bound inwards', () => {
    for (const x of [1.00001, 99.99999, 222.2, 0.30000000000000004, 123456789]) {
      const r = roundOutward({ best: x, low: x, high: x });
      expect(r.low!).toBeLessThanOrEqual(x);
      expect(r.high!).toBeGreaterThanOrEqual(x);
    }
  });
});
