import { describe, expect, it } from 'vitest';
import { qualifier } from '../../src/db/schema.js';
import {
  ALMOST_MARGIN,
  APPROXIMATE_TOLERANCE,
  BoundsError,
  deriveBounds,
  JUST_OVER_MARGIN,
  QUALIFIERS,
} from '../../src/domain/bounds.js';

function boundsError(fn: () => unknown): BoundsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BoundsError) return error;
    throw error;
  }
  throw new Error('expected a BoundsError');
}

describe('deriveBounds on the worked examples of docs/bounds.md', () => {
  it('"over 330": MORE_THAN gives [330, unbounded)', () => {
    expect(deriveBounds('MORE_THAN', 330)).toEqual({ low: 330, high: null });
  });
  it('"about 135%": APPROXIMATELY gives ±10% = [121.5, 148.5]', () => {
    expect(deriveBounds('APPROXIMATELY', 135)).toEqual({ low: 121.5, high: 148.5 });
  });
  it('"approximately 93%": [83.7, 102.3]', () => {
    expect(deriveBounds('APPROXIMATELY', 93)).toEqual({ low: 83.7, high: 102.3 });
  });
  it('"just over 80%": JUST_OVER gives [80, 84] with no floating-point dust', () => {
    expect(deriveBounds('JUST_OVER', 80)).toEqual({ low: 80, high: 84 });
  });
  it('"almost 10 thousand": ALMOST gives [9500, 10000]', () => {
    expect(deriveBounds('ALMOST', 10000)).toEqual({ low: 9500, high: 10000 });
  });
  it('"9.6 thousand": EXACT stated to the hundred gives [9550, 9650]', () => {
    expect(deriveBounds('EXACT', 9600, { precision: 100 })).toEqual({ low: 9550, high: 9650 });
  });
  it('"10.4 thousand": [10350, 10450]', () => {
    expect(deriveBounds('EXACT', 10400, { precision: 100 })).toEqual({ low: 10350, high: 10450 });
  });
  it('a plain EXACT number has no spread', () => {
    expect(deriveBounds('EXACT', 3150)).toEqual({ low: 3150, high: 3150 });
  });
  it('"about 105%" with the explicit low 100 the report justifies ("already exceeded the plan")', () => {
    expect(deriveBounds('APPROXIMATELY', 105, { low: 100 })).toEqual({ low: 100, high: 115.5 });
  });
});

describe('deriveBounds, every qualifier', () => {
  it('AT_LEAST: [best, unbounded)', () => {
    expect(deriveBounds('AT_LEAST', 7000)).toEqual({ low: 7000, high: null });
  });
  it('LESS_THAN and AT_MOST: [0, best], since counts and percentages are never negative', () => {
    expect(deriveBounds('LESS_THAN', 50)).toEqual({ low: 0, high: 50 });
    expect(deriveBounds('AT_MOST', 4000)).toEqual({ low: 0, high: 4000 });
  });
  it('RANGE takes both ends from the source', () => {
    expect(deriveBounds('RANGE', 5500, { low: 5368, high: 5638 })).toEqual({ low: 5368, high: 5638 });
  });
  it('RANGE without an end is refused, naming the missing end', () => {
    expect(boundsError(() => deriveBounds('RANGE', 5500, { high: 5638 })).field).toBe('low');
    expect(boundsError(() => deriveBounds('RANGE', 5500, { low: 5368 })).field).toBe('high');
  });
  it('APPROXIMATELY with a precision wider than 10% uses the precision', () => {
    // "about 10 thousand" stated to the ten-thousand: ±5000 is wider than ±1000
    expect(deriveBounds('APPROXIMATELY', 10000, { precision: 10000 })).toEqual({ low: 5000, high: 15000 });
    // "about 330" stated to the ten: ±5 is narrower than ±33, so ±10% stands
    expect(deriveBounds('APPROXIMATELY', 330, { precision: 10 })).toEqual({ low: 297, high: 363 });
  });
  it('EXACT with a precision never goes below zero', () => {
    expect(deriveBounds('EXACT', 0, { precision: 10 })).toEqual({ low: 0, high: 5 });
  });
  it('the margins are the documented constants', () => {
    expect(APPROXIMATE_TOLERANCE).toBe(0.1);
    expect(JUST_OVER_MARGIN).toBe(0.05);
    expect(ALMOST_MARGIN).toBe(0.05);
  });
  it('knows exactly the qualifiers the database enum holds', () => {
    expect([...QUALIFIERS]).toEqual(qualifier.enumValues);
  });
  it('every qualifier yields low <= best <= high', () => {
    for (const q of QUALIFIERS) {
      const explicit = q === 'RANGE' ? { low: 40, high: 60 } : {};
      const { low, high } = deriveBounds(q, 50, explicit);
      if (low !== null) expect(low).toBeLessThanOrEqual(50);
      if (high !== null) expect(high).toBeGreaterThanOrEqual(50);
    }
  });
});

describe('explicit bounds', () => {
  it('win on their own side only', () => {
    expect(deriveBounds('MORE_THAN', 330, { high: 340 })).toEqual({ low: 330, high: 340 });
    expect(deriveBounds('ALMOST', 10000, { low: 9600 })).toEqual({ low: 9600, high: 10000 });
  });
  it('null means explicitly unbounded', () => {
    expect(deriveBounds('JUST_OVER', 80, { high: null })).toEqual({ low: 80, high: null });
  });
  it('low > best is refused', () => {
    const error = boundsError(() => deriveBounds('EXACT', 100, { low: 120 }));
    expect(error.field).toBe('low');
    expect(error.message).toMatch(/low \(120\) must not be greater than best \(100\)/);
  });
  it('high < best is refused', () => {
    const error = boundsError(() => deriveBounds('APPROXIMATELY', 100, { high: 90 }));
    expect(error.field).toBe('high');
    expect(error.message).toMatch(/high \(90\) must not be less than best \(100\)/);
  });
  it('a negative low is refused', () => {
    expect(boundsError(() => deriveBounds('LESS_THAN', 10, { low: -1 })).field).toBe('low');
  });
});

describe('bad input', () => {
  it('a negative or non-finite best is refused', () => {
    expect(boundsError(() => deriveBounds('EXACT', -5)).field).toBe('best');
    expect(boundsError(() => deriveBounds('EXACT', Number.NaN)).field).toBe('best');
    expect(boundsError(() => deriveBounds('MORE_THAN', Number.POSITIVE_INFINITY)).field).toBe('best');
  });
  it('a precision on a one-sided qualifier is refused rather than silently ignored', () => {
    const error = boundsError(() => deriveBounds('MORE_THAN', 330, { precision: 10 }));
    expect(error.field).toBe('precision');
    expect(error.message).toMatch(/only to EXACT and APPROXIMATELY/);
  });
  it('a zero or negative precision is refused', () => {
    expect(boundsError(() => deriveBounds('EXACT', 9600, { precision: 0 })).field).toBe('precision');
    expect(boundsError(() => deriveBounds('EXACT', 9600, { precision: -100 })).field).toBe('precision');
  });
  it('an unknown qualifier is refused', () => {
    expect(boundsError(() => deriveBounds('ROUGHLY' as never, 1)).field).toBe('qualifier');
  });
});
