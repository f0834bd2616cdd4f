// Reconciles a report bundle with the database: the report by slug, its publications by URL, its figures
// by (region, metric, unit, period) with their relay variants by publication, its coercion factors by slug
// and their links. What the bundle no longer
// has is removed. The reconciling is all this module does: each change is asked of the write layer
// (src/store/writer.ts), which writes only rows that really change (so applying a bundle twice changes
// nothing the second time), keeps versions and updated_at, batches inserts under the parameter limit,
// and lists every change with the row before and after for the audit log and the import mutation.
import { and, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  coercionFactorRegions,
  coercionFactorReports,
  coercionFactors,
  figureVariants,
  recruitmentFigures,
  reportPublications,
  reports,
} from '../db/schema.js';
import { deriveBounds } from '../domain/bounds.js';
import type { AuditChange, Tx } from '../store/audit.js';
import {
  FactorRegions,
  FactorReports,
  Factors,
  FigureVariants,
  Figures,
  Publications,
  Reports,
  rowOf,
  type Entity,
  type NewRow,
  type Row,
} from '../store/entities.js';
import { writeWithin, type Writer } from '../store/writer.js';
import type { ReportBundle } from './format.js';
import { BundleError, loadReferences, resolveUnits, unknownRegionProblems } from './load.js';

export type ChangeAction = 'CREATE' | 'UPDATE' | 'DELETE';

/** One row a bundle creates, changes or removes (an audit change without RESTORE). */
export type Change = AuditChange & { action: ChangeAction };

/** A database handle or an open transaction: what applyBundle writes through. */
export type DbOrTx = Tx;

export interface ApplyOptions {
  /** compute the same changes and write nothing */
  dryRun?: boolean;
  /** label for error messages, e.g. the file name */
  source?: string;
}

/**
 * Applies `bundle` through `tx`, a transaction the caller opened (one per bundle) so that a failure
 * leaves nothing half-written, and returns the changes; recording them in the audit log is the
 * caller's (src/store/writer.ts `write` does both). With `dryRun` the writes run inside a savepoint that
 * is rolled back: the changes returned are exactly those a real run would make (ids of rows it would
 * create are provisional), and nothing stays written.
 */
export async function applyBundle(tx: DbOrTx, bundle: ReportBundle, options: ApplyOptions = {}): Promise<Change[]> {
  const changes = await writeWithin(tx, (w) => reconcileBundle(w, bundle, options.source ?? 'bundle'), { dryRun: options.dryRun ?? false });
  return changes as Change[];
}

/**
 * Matches `desired` rows to `existing` ones by `keyOf`: updates those that differ, creates the missing
 * (in one batched insert) and, unless `keep`, removes the rows the bundle no longer has. Returns the
 * rows by key as they now are.
 */
async function sync<T extends PgTable & { id: PgColumn }>(
  w: Writer,
  entity: Entity<T>,
  existing: Row<T>[],
  desired: NewRow<T>[],
  keyOf: (row: Record<string, unknown>) => string,
  options: { keep?: boolean } = {},
): Promise<Map<string, Row<T>>> {
  const have = new Map(existing.map((row) => [keyOf(row), row]));
  const now = new Map<string, Row<T>>();
  const missing: NewRow<T>[] = [];
  for (const row of desired) {
    const key = keyOf(row);
    const current = have.get(key);
    have.delete(key);
    if (current) now.set(key, await w.update(entity, current, row));
    else missing.push(row);
  }
  for (const row of await w.insert(entity, missing)) now.set(keyOf(row), row);
  if (!options.keep && have.size) await w.removeIds(entity, [...have.values()].map((row) => (row as { id: number }).id));
  return now;
}

/** Asks the writer for every change that makes the database hold `bundle`. */
export async function reconcileBundle(w: Writer, bundle: ReportBundle, source: string): Promise<void> {
  const tx = w.tx;
  // Regions first: an unknown code stops everything before a single write.
  const references = await loadReferences(tx);
  const regionIds = references.regionIds;
  const unknown = unknownRegionProblems(source, bundle, new Set(regionIds.keys()));
  if (unknown.length) throw new BundleError(unknown);
  const regionId = (code: string) => regionIds.get(code)!;
  // Units next: each figure's unit, the metric's default where the bundle gives none, must fit its metric.
  const units = resolveUnits(source, bundle, references.units);

  // The report.
  const r = bundle.report;
  const existingReport = await tx.select().from(reports).where(eq(reports.slug, r.slug));
  const report = (await sync(w, Reports, existingReport, [rowOf(Reports, r)], (row) => String(row.slug), { keep: true })).get(r.slug)!;
  const reportId = report.id;

  // Publications, by URL within the report, and figures, by (region, metric, unit, period start, period
  // end). Those the bundle no longer has go only after the variants that point at them.
  const existingPublications = await tx.select().from(reportPublications).where(eq(reportPublications.reportId, reportId));
  const publications = await sync(
    w,
    Publications,
    existingPublications,
    (r.publications ?? []).map((p) => rowOf(Publications, { ...p, reportId })),
    (row) => String(row.url),
    { keep: true },
  );
  const figureKey = (row: Record<string, unknown>) => `${row.regionId}|${row.metric}|${row.unit}|${row.periodStart}|${row.periodEnd}`;
  const existingFigures = await tx.select().from(recruitmentFigures).where(eq(recruitmentFigures.reportId, reportId));
  const desiredFigures = bundle.figures.map((f, i) => {
    const { low, high } = deriveBounds(f.value.qualifier, f.value.best, f.value);
    return rowOf(Figures, { ...f, ...f.value, unit: units[i], low, high, reportId, regionId: regionId(f.regionCode) });
  });
  const figures = await sync(w, Figures, existingFigures, desiredFigures, figureKey, { keep: true });

  // Variants, by (figure, publication); a report just created has none to read.
  const variantKey = (row: Record<string, unknown>) => `${row.figureId}:${row.publicationId}`;
  await sync(
    w,
    FigureVariants,
    existingReport.length ? await tx.select().from(figureVariants).where(eq(figureVariants.reportId, reportId)) : [],
    bundle.figures.flatMap((f, i) => {
      const figureId = figures.get(figureKey(desiredFigures[i]!))!.id;
      return f.variants.map((v) => {
        const { low, high } = deriveBounds(v.value.qualifier, v.value.best, v.value);
        return rowOf(FigureVariants, {
          ...v,
          ...v.value,
          low,
          high,
          figureId,
          reportId,
          publicationId: publications.get(v.publicationUrl)!.id,
        });
      });
    }),
    variantKey,
  );
  const wantedFigures = new Set(desiredFigures.map(figureKey));
  const goneFigures = existingFigures.filter((f) => !wantedFigures.has(figureKey(f))).map((f) => f.id);
  if (goneFigures.length) await w.removeIds(Figures, goneFigures);
  const wantedUrls = new Set((r.publications ?? []).map((p) => p.url));
  const gonePublications = existingPublications.filter((p) => !wantedUrls.has(p.url)).map((p) => p.id);
  if (gonePublications.length) await w.removeIds(Publications, gonePublications);

  // Coercion factors, by slug (shared between reports: one no longer in this bundle is not removed here).
  const slugs = bundle.coercionFactors.map((f) => f.slug);
  const factors = await sync(
    w,
    Factors,
    slugs.length ? await tx.select().from(coercionFactors).where(inArray(coercionFactors.slug, slugs)) : [],
    bundle.coercionFactors.map((f) => rowOf(Factors, f)),
    (row) => String(row.slug),
    { keep: true },
  );
  const factorIds = new Map([...factors].map(([slug, row]) => [slug, row.id]));

  // Links factor <-> report.
  const wantedFactorIds = new Set(factorIds.values());
  const existingReportLinks = await tx.select().from(coercionFactorReports).where(eq(coercionFactorReports.reportId, reportId));
  const linkedFactorIds = new Set(existingReportLinks.map((l) => l.factorId));
  await w.insert(
    FactorReports,
    [...wantedFactorIds].filter((id) => !linkedFactorIds.has(id)).map((factorId) => ({ factorId, reportId })),
  );
  const unlinkedFactorIds = [...linkedFactorIds].filter((id) => !wantedFactorIds.has(id));
  if (unlinkedFactorIds.length) {
    await w.remove(
      FactorReports,
      and(eq(coercionFactorReports.reportId, reportId), inArray(coercionFactorReports.factorId, unlinkedFactorIds)),
    );
  }

  // Links factor <-> region, for the bundle's factors; an empty list means all occupied territories.
  const wantedRegionLinks = new Set<string>();
  for (const f of bundle.coercionFactors) {
    for (const code of f.regionCodes) wantedRegionLinks.add(`${factorIds.get(f.slug)}:${regionId(code)}`);
  }
  const existingRegionLinks = wantedFactorIds.size
    ? await tx.select().from(coercionFactorRegions).where(inArray(coercionFactorRegions.factorId, [...wantedFactorIds]))
    : [];
  const haveRegionLinks = new Set(existingRegionLinks.map((l) => FactorRegions.idOf(l)));
  await w.insert(
    FactorRegions,
    [...wantedRegionLinks]
      .filter((key) => !haveRegionLinks.has(key))
      .map((key) => {
        const [factorId, rid] = key.split(':').map(Number);
        return { factorId: factorId!, regionId: rid! };
      }),
  );
  for (const link of existingRegionLinks) {
    const key = FactorRegions.idOf(link);
    if (!wantedRegionLinks.has(key)) await w.remove(FactorRegions, FactorRegions.key(key));
  }

  // A factor that no report describes any more goes, with its region links.
  if (unlinkedFactorIds.length) {
    const stillLinked = await tx
      .select({ factorId: coercionFactorReports.factorId })
      .from(coercionFactorReports)
      .where(inArray(coercionFactorReports.factorId, unlinkedFactorIds));
    const orphans = unlinkedFactorIds.filter((id) => !stillLinked.some((l) => l.factorId === id));
    if (orphans.length) {
      await w.remove(FactorRegions, inArray(coercionFactorRegions.factorId, orphans));
      await w.removeIds(Factors, orphans);
    }
  }
}
