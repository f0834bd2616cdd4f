// Writes a report bundle into the database as the bundle says it should be: the report by slug, its
// publications by URL, its figures by (region, metric, unit, period) with their variants by publication, its coercion factors by slug and their
// links. What the bundle no longer has is removed. Only rows that really change are written, and only
// they get a new version and updated_at, so applying a bundle twice changes nothing the second time.
// Returns every change with the row before and after, which the audit log and the import mutation use.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EntityType, JsonRow, Tx } from '../audit/record.js';
import {
  coercionFactorRegions,
  coercionFactorReports,
  coercionFactors,
  figureVariants,
  recruitmentFigures,
  regions,
  reportPublications,
  reports,
} from '../db/schema.js';
import { deriveBounds } from '../domain/bounds.js';
import { figureKey, type ReportBundle } from './format.js';
import { BundleError, loadReferences, resolveUnits, unknownRegionProblems } from './load.js';

export type ChangeAction = 'CREATE' | 'UPDATE' | 'DELETE';

export interface Change {
  action: ChangeAction;
  entityType: EntityType;
  /** the row's id; for link rows `factorId:reportId` or `factorId:regionId` */
  entityId: string;
  /** the row before the change as plain JSON (null for CREATE) */
  before: JsonRow | null;
  /** the row after the change as plain JSON (null for DELETE) */
  after: JsonRow | null;
}

/** A database handle or an open transaction: what applyBundle writes through. */
export type DbOrTx = Tx;

export interface ApplyOptions {
  /** compute the same changes and write nothing */
  dryRun?: boolean;
  /** label for error messages, e.g. the file name */
  source?: string;
}

class DryRunRollback extends Error {}

/**
 * Applies `bundle` through `tx`, which should be a transaction the caller opened (one per bundle) so
 * that a failure leaves nothing half-written. With `dryRun` the writes run inside a savepoint that is
 * rolled back: the changes returned are exactly those a real run would make (ids of rows it would
 * create are provisional), and nothing stays written.
 */
export async function applyBundle(tx: DbOrTx, bundle: ReportBundle, options: ApplyOptions = {}): Promise<Change[]> {
  if (!options.dryRun) return write(tx, bundle, options.source ?? 'bundle');
  let changes: Change[] = [];
  try {
    await tx.transaction(async (savepoint) => {
      changes = await write(savepoint, bundle, options.source ?? 'bundle');
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return changes;
}

/** A row as plain JSON: timestamps as ISO strings, the generated search vector left out. */
export function toJsonRow(row: Record<string, unknown>): JsonRow {
  const out: JsonRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'search') continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  return (a ?? null) === (b ?? null);
}

/** The fields of `desired` whose value differs from `existing`, or null when none does. */
function changedFields<T extends Record<string, unknown>>(existing: Record<string, unknown>, desired: T): Partial<T> | null {
  const diff: Partial<T> = {};
  let any = false;
  for (const key of Object.keys(desired) as (keyof T & string)[]) {
    if (!same(existing[key], desired[key])) {
      diff[key] = desired[key];
      any = true;
    }
  }
  return any ? diff : null;
}

const bump = { version: sql`version + 1`, updatedAt: sql`now()` };

async function write(tx: DbOrTx, bundle: ReportBundle, source: string): Promise<Change[]> {
  const changes: Change[] = [];
  const record = (action: ChangeAction, entityType: EntityType, entityId: string | number, before: object | null, after: object | null) =>
    changes.push({
      action,
      entityType,
      entityId: String(entityId),
      before: before ? toJsonRow(before as Record<string, unknown>) : null,
      after: after ? toJsonRow(after as Record<string, unknown>) : null,
    });

  // Regions first: an unknown code stops everything before a single write.
  const references = await loadReferences(tx);
  const regionIds = references.regionIds;
  const regionRows = [...regionIds].map(([code, id]) => ({ id, code }));
  const unknown = unknownRegionProblems(source, bundle, new Set(regionIds.keys()));
  if (unknown.length) throw new BundleError(unknown);
  const regionId = (code: string) => regionIds.get(code)!;
  // Units next: each figure's unit, the metric's default where the bundle gives none, must fit its metric.
  const units = resolveUnits(source, bundle, references.units);

  // The report.
  const r = bundle.report;
  const desiredReport = {
    slug: r.slug,
    title: r.title,
    publisher: r.publisher,
    sourceKind: r.sourceKind,
    speaker: r.speaker ?? null,
    publishedOn: r.publishedOn ?? null,
    publishedOnPrecision: r.publishedOnPrecision,
    sourceUrl: r.sourceUrl ?? null,
    language: r.language,
    periodStart: r.periodStart ?? null,
    periodEnd: r.periodEnd ?? null,
    summary: r.summary ?? null,
    note: r.note ?? null,
  };
  const [existingReport] = await tx.select().from(reports).where(eq(reports.slug, r.slug));
  let reportId: number;
  if (!existingReport) {
    const [created] = await tx.insert(reports).values(desiredReport).returning();
    reportId = created!.id;
    record('CREATE', 'Report', reportId, null, created!);
  } else {
    reportId = existingReport.id;
    const diff = changedFields(existingReport, desiredReport);
    if (diff) {
      const [updated] = await tx.update(reports).set({ ...diff, ...bump }).where(eq(reports.id, reportId)).returning();
      record('UPDATE', 'Report', reportId, existingReport, updated!);
    }
  }

  // Publications, by URL within the report.
  const existingPublications = await tx.select().from(reportPublications).where(eq(reportPublications.reportId, reportId));
  const publicationsByUrl = new Map(existingPublications.map((p) => [p.url, p]));
  const newPublications = [];
  for (const p of r.publications ?? []) {
    const desired = {
      reportId,
      outlet: p.outlet,
      url: p.url,
      publishedOn: p.publishedOn ?? null,
      publishedOnPrecision: p.publishedOnPrecision,
      language: p.language ?? null,
      note: p.note ?? null,
    };
    const existing = publicationsByUrl.get(p.url);
    publicationsByUrl.delete(p.url);
    if (!existing) newPublications.push(desired);
    else {
      const diff = changedFields(existing, desired);
      if (diff) {
        const [updated] = await tx
          .update(reportPublications)
          .set({ ...diff, updatedAt: sql`now()` })
          .where(eq(reportPublications.id, existing.id))
          .returning();
        record('UPDATE', 'ReportPublication', existing.id, existing, updated!);
      }
    }
  }
  const publicationIds = new Map(existingPublications.map((p) => [p.url, p.id]));
  if (newPublications.length) {
    for (const created of await tx.insert(reportPublications).values(newPublications).returning()) {
      publicationIds.set(created.url, created.id);
      record('CREATE', 'ReportPublication', created.id, null, created);
    }
  }

  // Figures, by (region, metric, unit, period start, period end) within the report.
  const existingFigures = await tx.select().from(recruitmentFigures).where(eq(recruitmentFigures.reportId, reportId));
  const regionCodes = new Map(regionRows.map((row) => [row.id, row.code]));
  const figuresByKey = new Map(
    existingFigures.map((f) => [figureKey({ ...f, regionCode: regionCodes.get(f.regionId) ?? String(f.regionId) }), f]),
  );
  const newFigures = [];
  const figureIdsByKey = new Map<string, number>();
  for (const [i, f] of bundle.figures.entries()) {
    const { low, high } = deriveBounds(f.value.qualifier, f.value.best, f.value);
    const desired = {
      reportId,
      regionId: regionId(f.regionCode),
      metric: f.metric,
      unit: units[i]!,
      periodKind: f.periodKind,
      periodStart: f.periodStart,
      periodStartPrecision: f.periodStartPrecision,
      periodEnd: f.periodEnd,
      periodEndPrecision: f.periodEndPrecision,
      periodAsStated: f.periodAsStated ?? null,
      best: f.value.best,
      low,
      high,
      qualifier: f.value.qualifier,
      asStated: f.value.asStated,
      attributedTo: f.attributedTo ?? null,
      quote: f.quote ?? null,
      quoteEn: f.quoteEn ?? null,
      note: f.note ?? null,
    };
    const key = figureKey({ ...f, unit: units[i] });
    const existing = figuresByKey.get(key);
    figuresByKey.delete(key);
    if (!existing) newFigures.push(desired);
    else {
      figureIdsByKey.set(key, existing.id);
      const diff = changedFields(existing, desired);
      if (diff) {
        const [updated] = await tx
          .update(recruitmentFigures)
          .set({ ...diff, ...bump })
          .where(eq(recruitmentFigures.id, existing.id))
          .returning();
        record('UPDATE', 'RecruitmentFigure', existing.id, existing, updated!);
      }
    }
  }
  if (newFigures.length) {
    for (const created of await tx.insert(recruitmentFigures).values(newFigures).returning()) {
      figureIdsByKey.set(figureKey({ ...created, regionCode: regionCodes.get(created.regionId)! }), created.id);
      record('CREATE', 'RecruitmentFigure', created.id, null, created);
    }
  }

  // Variants, by (figure, publication). Stale ones go first: a publication or figure that goes must not
  // take a variant with it unrecorded.
  // a report just created has none to read
  const existingVariants = existingReport ? await tx.select().from(figureVariants).where(eq(figureVariants.reportId, reportId)) : [];
  const variantsByKey = new Map(existingVariants.map((v) => [`${v.figureId}:${v.publicationId}`, v]));
  const desiredVariants = [];
  for (const [i, f] of bundle.figures.entries()) {
    const figureId = figureIdsByKey.get(figureKey({ ...f, unit: units[i] }))!;
    for (const v of f.variants) {
      const { low, high } = deriveBounds(v.value.qualifier, v.value.best, v.value);
      desiredVariants.push({
        figureId,
        reportId,
        publicationId: publicationIds.get(v.publicationUrl)!,
        best: v.value.best,
        low,
        high,
        qualifier: v.value.qualifier,
        asStated: v.value.asStated,
        periodAsStated: v.periodAsStated ?? null,
        note: v.note ?? null,
      });
    }
  }
  const wantedVariantKeys = new Set(desiredVariants.map((v) => `${v.figureId}:${v.publicationId}`));
  const staleVariantIds = existingVariants.filter((v) => !wantedVariantKeys.has(`${v.figureId}:${v.publicationId}`)).map((v) => v.id);
  if (staleVariantIds.length) {
    for (const gone of await tx.delete(figureVariants).where(inArray(figureVariants.id, staleVariantIds)).returning()) {
      record('DELETE', 'FigureVariant', gone.id, gone, null);
    }
  }
  const newVariants = [];
  for (const desired of desiredVariants) {
    const existing = variantsByKey.get(`${desired.figureId}:${desired.publicationId}`);
    if (!existing) newVariants.push(desired);
    else {
      const diff = changedFields(existing, desired);
      if (diff) {
        const [updated] = await tx
          .update(figureVariants)
          .set({ ...diff, updatedAt: sql`now()` })
          .where(eq(figureVariants.id, existing.id))
          .returning();
        record('UPDATE', 'FigureVariant', existing.id, existing, updated!);
      }
    }
  }
  if (newVariants.length) {
    for (const created of await tx.insert(figureVariants).values(newVariants).returning()) {
      record('CREATE', 'FigureVariant', created.id, null, created);
    }
  }

  const droppedFigureIds = [...figuresByKey.values()].map((f) => f.id);
  if (droppedFigureIds.length) {
    for (const gone of await tx.delete(recruitmentFigures).where(inArray(recruitmentFigures.id, droppedFigureIds)).returning()) {
      record('DELETE', 'RecruitmentFigure', gone.id, gone, null);
    }
  }
  const goneIds = [...publicationsByUrl.values()].map((p) => p.id);
  if (goneIds.length) {
    for (const gone of await tx.delete(reportPublications).where(inArray(reportPublications.id, goneIds)).returning()) {
      record('DELETE', 'ReportPublication', gone.id, gone, null);
    }
  }

  // Coercion factors, by slug (shared between reports).
  const slugs = bundle.coercionFactors.map((f) => f.slug);
  const existingFactors = slugs.length
    ? await tx.select().from(coercionFactors).where(inArray(coercionFactors.slug, slugs))
    : [];
  const factorsBySlug = new Map(existingFactors.map((f) => [f.slug, f]));
  const factorIds = new Map<string, number>();
  const newFactors = [];
  for (const f of bundle.coercionFactors) {
    const desired = {
      slug: f.slug,
      title: f.title,
      description: f.description,
      category: f.category,
      effectiveFrom: f.effectiveFrom ?? null,
      effectiveFromPrecision: f.effectiveFromPrecision,
      affectedGroups: f.affectedGroups,
      note: f.note ?? null,
    };
    const existing = factorsBySlug.get(f.slug);
    if (!existing) newFactors.push(desired);
    else {
      factorIds.set(f.slug, existing.id);
      const diff = changedFields(existing, desired);
      if (diff) {
        const [updated] = await tx.update(coercionFactors).set({ ...diff, ...bump }).where(eq(coercionFactors.id, existing.id)).returning();
        record('UPDATE', 'CoercionFactor', existing.id, existing, updated!);
      }
    }
  }
  if (newFactors.length) {
    for (const created of await tx.insert(coercionFactors).values(newFactors).returning()) {
      factorIds.set(created.slug, created.id);
      record('CREATE', 'CoercionFactor', created.id, null, created);
    }
  }

  // Links factor <-> report.
  const wantedFactorIds = new Set(factorIds.values());
  const existingReportLinks = await tx.select().from(coercionFactorReports).where(eq(coercionFactorReports.reportId, reportId));
  const linkedFactorIds = new Set(existingReportLinks.map((l) => l.factorId));
  const newReportLinks = [...wantedFactorIds].filter((id) => !linkedFactorIds.has(id)).map((factorId) => ({ factorId, reportId }));
  if (newReportLinks.length) {
    for (const link of await tx.insert(coercionFactorReports).values(newReportLinks).returning()) {
      record('CREATE', 'CoercionFactorReport', `${link.factorId}:${link.reportId}`, null, link);
    }
  }
  const unlinkedFactorIds = [...linkedFactorIds].filter((id) => !wantedFactorIds.has(id));
  if (unlinkedFactorIds.length) {
    const gone = await tx
      .delete(coercionFactorReports)
      .where(and(eq(coercionFactorReports.reportId, reportId), inArray(coercionFactorReports.factorId, unlinkedFactorIds)))
      .returning();
    for (const link of gone) record('DELETE', 'CoercionFactorReport', `${link.factorId}:${link.reportId}`, link, null);
  }

  // Links factor <-> region, for the bundle's factors; an empty list means all occupied territories.
  const wantedRegionLinks = new Set<string>();
  for (const f of bundle.coercionFactors) {
    for (const code of f.regionCodes) wantedRegionLinks.add(`${factorIds.get(f.slug)}:${regionId(code)}`);
  }
  const existingRegionLinks = wantedFactorIds.size
    ? await tx.select().from(coercionFactorRegions).where(inArray(coercionFactorRegions.factorId, [...wantedFactorIds]))
    : [];
  const haveRegionLinks = new Set(existingRegionLinks.map((l) => `${l.factorId}:${l.regionId}`));
  const newRegionLinks = [...wantedRegionLinks]
    .filter((key) => !haveRegionLinks.has(key))
    .map((key) => {
      const [factorId, rid] = key.split(':').map(Number);
      return { factorId: factorId!, regionId: rid! };
    });
  if (newRegionLinks.length) {
    for (const link of await tx.insert(coercionFactorRegions).values(newRegionLinks).returning()) {
      record('CREATE', 'CoercionFactorRegion', `${link.factorId}:${link.regionId}`, null, link);
    }
  }
  for (const link of existingRegionLinks) {
    if (wantedRegionLinks.has(`${link.factorId}:${link.regionId}`)) continue;
    await tx
      .delete(coercionFactorRegions)
      .where(and(eq(coercionFactorRegions.factorId, link.factorId), eq(coercionFactorRegions.regionId, link.regionId)));
    record('DELETE', 'CoercionFactorRegion', `${link.factorId}:${link.regionId}`, link, null);
  }

  // A factor that no report describes any more goes, with its region links.
  if (unlinkedFactorIds.length) {
    const stillLinked = await tx
      .select({ factorId: coercionFactorReports.factorId })
      .from(coercionFactorReports)
      .where(inArray(coercionFactorReports.factorId, unlinkedFactorIds));
    const orphans = unlinkedFactorIds.filter((id) => !stillLinked.some((l) => l.factorId === id));
    if (orphans.length) {
      const goneLinks = await tx.delete(coercionFactorRegions).where(inArray(coercionFactorRegions.factorId, orphans)).returning();
      for (const link of goneLinks) record('DELETE', 'CoercionFactorRegion', `${link.factorId}:${link.regionId}`, link, null);
      for (const gone of await tx.delete(coercionFactors).where(inArray(coercionFactors.id, orphans)).returning()) {
        record('DELETE', 'CoercionFactor', gone.id, gone, null);
      }
    }
  }

  return changes;
}
