// Builds the rows a test needs, directly through drizzle (never through the code under test).
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import {
  coercionFactorRegions,
  coercionFactorReports,
  coercionFactors,
  recruitmentFigures,
  regions,
  reports,
} from '../../src/db/schema.js';

export const REGION_CODES = ['UA-09', 'UA-14', 'UA-23', 'UA-40', 'UA-43', 'UA-65', 'UA-TOT'] as const;

export async function regionIds(db: Db): Promise<Record<string, number>> {
  const rows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

export async function insertReport(db: Db, values: Partial<typeof reports.$inferInsert> & { slug: string }) {
  const [row] = await db
    .insert(reports)
    .values({ title: `Report ${values.slug}`, publisher: 'Test Publisher', language: 'en', ...values })
    .returning();
  return row!;
}

export type FigureValues = Partial<typeof recruitmentFigures.$inferInsert> & { reportId: number; regionId: number };

export async function insertFigures(db: Db, values: FigureValues[]) {
  if (values.length === 0) return [];
  return db
    .insert(recruitmentFigures)
    .values(
      values.map((v) => ({
        metric: 'CONTRACTS_SIGNED' as const,
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        best: 100,
        qualifier: 'EXACT' as const,
        asStated: String(v.best ?? 100),
        ...v,
      })),
    )
    .returning();
}

export async function insertFactor(
  db: Db,
  values: Partial<typeof coercionFactors.$inferInsert> & { slug: string },
  links: { reportIds?: number[]; regionIds?: number[] } = {},
) {
  const [row] = await db
    .insert(coercionFactors)
    .values({ title: `Factor ${values.slug}`, description: 'A test factor.', category: 'PROPAGANDA', ...values })
    .returning();
  for (const reportId of links.reportIds ?? []) await db.insert(coercionFactorReports).values({ factorId: row!.id, reportId });
  for (const regionId of links.regionIds ?? []) await db.insert(coercionFactorRegions).values({ factorId: row!.id, regionId });
  return row!;
}

/**
 * A dataset of `reportCount` reports, each stating one figure per metric and region for each of
 * `years`, and two coercion factors each.
 */
export async function insertManyFigures(db: Db, options: { reportCount: number; years: number[] }) {
  const ids = await regionIds(db);
  const metrics = ['PLANNED_RECRUITS', 'CONTRACTS_SIGNED', 'PLAN_FULFILMENT_PERCENT'] as const;
  const made = [];
  for (let r = 0; r < options.reportCount; r++) {
    const report = await insertReport(db, { slug: `bulk-${r}`, publishedOn: `2025-01-${String((r % 28) + 1).padStart(2, '0')}` });
    const figures: FigureValues[] = [];
    for (const year of options.years)
      for (const code of REGION_CODES)
        for (const metric of metrics)
          figures.push({
            reportId: report.id,
            regionId: ids[code]!,
            metric,
            periodStart: `${year}-01-01`,
            periodEnd: `${year}-${String((r % 12) + 1).padStart(2, '0')}-28`,
            best: 10 * (r + 1),
            asStated: `${10 * (r + 1)}`,
          });
    await insertFigures(db, figures);
    await insertFactor(db, { slug: `bulk-${r}-a` }, { reportIds: [report.id], regionIds: [ids['UA-23']!] });
    await insertFactor(db, { slug: `bulk-${r}-b`, category: 'UNEMPLOYMENT' }, { reportIds: [report.id] });
    made.push(report);
  }
  return made;
}

export async function deleteAllReports(db: Db) {
  await db.delete(coercionFactors);
  await db.delete(reports).where(eq(reports.id, reports.id));
}
