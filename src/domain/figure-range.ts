// The range a figure's numbers may take. A count of people above a billion, or a plan fulfilled a
// thousandfold, is a typing slip (1e6 for 1e3 %, 1e308 for 1308), not a source: refused, not stored.

/** Largest count a figure may state: more than the population of Ukraine and Russia together. */
export const MAX_FIGURE_COUNT = 1_000_000_000;
/** Largest plan fulfilment, percent: plans are over-fulfilled, but not beyond tenfold. */
export const MAX_FULFILMENT_PERCENT = 1000;

/** The largest value (best, low or high) a figure of `metric` may hold. */
export function maxFigureValue(metric: string | undefined): number {
  return metric === 'PLAN_FULFILMENT_PERCENT' ? MAX_FULFILMENT_PERCENT : MAX_FIGURE_COUNT;
}

/** The first of best/low/high past the metric's range, with what the range is; null when all fit. */
export function figureRangeProblem(
  metric: string | undefined,
  value: { best?: number | null; low?: number | null; high?: number | null },
): { field: 'best' | 'low' | 'high'; message: string } | null {
  const max = maxFigureValue(metric);
  for (const field of ['best', 'low', 'high'] as const) {
    const v = value[field];
    if (typeof v === 'number' && v > max) {
      return {
        field,
        message:
          metric === 'PLAN_FULFILMENT_PERCENT'
            ? `must be at most ${max} (a plan fulfilment in percent)`
            : `must be at most ${max.toLocaleString('en')} (a count of people)`,
      };
    }
  }
  return null;
}
