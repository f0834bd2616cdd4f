// Rows for the analytics tests: the first report, loaded from its bundle as the seed loads it, and a
// helper to add further reports with figures whose bounds a test states.
import { inArray } from 'drizzle-orm';
import { applyBundle } from '../../src/bundles/apply.js';
import { readBundleFile } from '../../src/bundles/load.js';
import type { Db } from '../../src/db/client.js';
import { recruitmentFigures, regions, reports } from '../../src/db/schema.js';
import { FIRST_BUNDLE_FILE } from './bundles.js';

export type Metric = 'PLANNED_RECRUITS' | 'CONTRACTS_SIGNED' | 'PLAN_FULFILMENT_PERCENT';
export type Qualifier = (typeof recruitmentFigures.$inferInsert)['qualifier'];

export interface FigureSpec {
  region: string;
  metric: Metric;
  periodStart: string;
  periodEnd: string;
  periodAsStated?: string;
  best: number;
  low: number | null;
  high: number | null;
  qualifier: Qualifier;
  asStated: string;
  note?: string;
}

export const NRC_SLUG = 'nrc-2024-occupied-recruitment';

/** The first report's bundle (data/reports/nrc-2024-occupied-recruitment.json), validated. */
export const FIRST_BUNDLE = (await readBundleFile(FIRST_BUNDLE_FILE)).bundle;

export interface ReportSpec {
  slug: string;
  title: string;
  publisher: string;
  publishedOn?: string | null;
  summary?: string;
  language?: string;
  figures: FigureSpec[];
}

/** Inserts a report with its figures; returns the report's id. */
export async function insertReport(db: Db, spec: ReportSpec): Promise<number> {
  const [report] = await db
    .insert(reports)
    .values({
      slug: spec.slug,
      title: spec.title,
      publisher: spec.publisher,
      publishedOn: spec.publishedOn ?? null,
      language: spec.language ?? 'en',
      summary: spec.summary ?? null,
    })
    .returning({ id: reports.id });
  const reportId = report!.id;
  if (spec.figures.length > 0) {
    const codes = [...new Set(spec.figures.map((f) => f.region))];
    const rows = await db.select({ id: regions.id, code: regions.code }).from(regions).where(inArray(regions.code, codes));
    const idOf = new Map(rows.map((r) => [r.code, r.id]));
    await db.insert(recruitmentFigures).values(
      spec.figures.map((f) => ({
        reportId,
        regionId: idOf.get(f.region)!,
        metric: f.metric,
        periodStart: f.periodStart,
        periodEnd: f.periodEnd,
        periodAsStated: f.periodAsStated ?? null,
        best: f.best,
        low: f.low,
        high: f.high,
        qualifier: f.qualifier,
        asStated: f.asStated,
        note: f.note ?? null,
      })),
    );
  }
  return reportId;
}

/** The first report, its figures and coercion factors, applied from its bundle in one transaction. */
export async function loadFirstReport(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await applyBundle(tx, FIRST_BUNDLE, { source: FIRST_BUNDLE_FILE });
  });
}
