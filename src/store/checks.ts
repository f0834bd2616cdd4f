// What the write operations look up or check before they write: that the rows they point at exist, and
// that a changed row still makes sense as a whole. Failures are the domain errors a client sees.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq, inArray } from 'drizzle-orm';
import { coercionFactors, regions, reports } from '../db/schema.js';
import { periodInOrder } from '../domain/dates.js';
import { NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.js';
import { endPrecisionProblem, startPrecisionProblem, type DatePrecision } from '../domain/precision.js';
import { loadMetricUnits } from '../bundles/load.js';
import type { Tx } from './audit.js';

/** The id of a region by code; NotFoundError if there is none. */
export async function regionIdOf(tx: Tx, code: string): Promise<number> {
  const [row] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.code, code));
  if (!row) throw new NotFoundError('Region', code);
  return row.id;
}

/** The ids of regions by code; NotFoundError naming the first code that does not exist. */
export async function regionIdsOf(tx: Tx, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.select({ id: regions.id, code: regions.code }).from(regions).where(inArray(regions.code, codes));
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  const missing = codes.find((c) => !ids.has(c));
  if (missing) throw new NotFoundError('Region', missing);
  return ids;
}

export async function requireFactor(tx: Tx, id: number): Promise<void> {
  const [row] = await tx.select({ id: coercionFactors.id }).from(coercionFactors).where(eq(coercionFactors.id, id));
  if (!row) throw new NotFoundError('CoercionFactor', encodeGlobalID('CoercionFactor', id));
}

export async function requireReports(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.select({ id: reports.id }).from(reports).where(inArray(reports.id, ids));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new NotFoundError('Report', encodeGlobalID('Report', missing));
}

/** A row as it would be after a partial change must still have its period in order. */
export function checkPeriod(merged: { periodStart?: string | null; periodEnd?: string | null; periodKind?: string | null }): void {
  if (!periodInOrder(merged.periodStart, merged.periodEnd)) {
    const message =
      merged.periodKind === 'CUMULATIVE'
        ? `a running total cannot start (periodStart ${merged.periodStart}) after its as-of date (periodEnd ${merged.periodEnd})`
        : `must not be before periodStart (${merged.periodStart})`;
    throw new ValidationError([{ path: ['input', 'periodEnd'], message }]);
  }
}

/**
 * A date coarser than a day must be the first day of its month/quarter/year where it starts something
 * (a period, a publication, the day a factor applies from) and the last day where it ends a period.
 */
export function checkPrecisions(merged: Record<string, unknown>): void {
  const issues: FieldIssue[] = [];
  const check = (date: string, precision: string, as: 'start' | 'end') => {
    const d = merged[date];
    if (typeof d !== 'string') return;
    const p = (merged[precision] ?? 'DAY') as DatePrecision;
    const problem = as === 'start' ? startPrecisionProblem(d, p) : endPrecisionProblem(d, p);
    if (problem) issues.push({ path: ['input', date], message: problem });
  };
  check('periodStart', 'periodStartPrecision', 'start');
  check('periodEnd', 'periodEndPrecision', 'end');
  check('publishedOn', 'publishedOnPrecision', 'start');
  check('effectiveFrom', 'effectiveFromPrecision', 'start');
  if (issues.length) throw new ValidationError(issues);
}

/** A figure's unit must be one its metric allows (metric_definitions); null or missing is the default. */
export async function checkUnit(tx: Tx, merged: { metric: string; unit?: string | null }): Promise<void> {
  if (merged.unit == null) return;
  const units = (await loadMetricUnits(tx)).allowed.get(merged.metric) ?? [];
  if (!units.includes(merged.unit as never)) {
    throw new ValidationError([{ path: ['input', 'unit'], message: `${merged.unit} does not fit ${merged.metric} (allowed: ${units.join(', ')})` }]);
  }
}
