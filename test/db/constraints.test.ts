// The database itself refuses bad rows, whatever code path writes them: each insert below bypasses
// the bundle format and must fail with the named constraint, leaving the table as it was.
import { count, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  coercionFactorRegions,
  coercionFactors,
  recruitmentFigures,
  regions,
  reportPublications,
  reports,
} from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let database: TestDatabase;
let reportId: number;
let regionId: number;
let factorId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  [{ id: reportId }] = (await db
    .insert(reports)
    .values({ slug: 'constraint-test', title: 'T', publisher: 'P', language: 'en' })
    .returning({ id: reports.id })) as [{ id: number }];
  [{ id: regionId }] = (await db.select({ id: regions.id }).from(regions).where(eq(regions.code, 'UA-23'))) as [{ id: number }];
  [{ id: factorId }] = (await db
    .insert(coercionFactors)
    .values({ slug: 'some-factor', title: 'T', description: 'D', category: 'PROPAGANDA' })
    .returning({ id: coercionFactors.id })) as [{ id: number }];
  await db.insert(recruitmentFigures).values(figure());
});
afterAll(() => database.close());

function figure(overrides: Partial<typeof recruitmentFigures.$inferInsert> = {}): typeof recruitmentFigures.$inferInsert {
  return {
    reportId,
    regionId,
    metric: 'CONTRACTS_SIGNED',
    periodStart: '2024-01-01',
    periodEnd: '2024-11-30',
    best: 330,
    low: 330,
    high: null,
    qualifier: 'MORE_THAN',
    asStated: 'over 330',
    ...overrides,
  };
}

/** The name of the violated constraint, however the driver (postgres.js, PGlite) or drizzle wrapped it. */
function constraintOf(error: unknown): string | undefined {
  for (let e: any = error; e; e = e.cause) {
    const name = e.constraint_name ?? e.constraint;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

function messagesOf(error: unknown): string {
  const out: string[] = [];
  for (let e: any = error; e; e = e.cause) out.push(String(e.message));
  return out.join(' | ');
}

async function rows(table: PgTable): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(table);
  return row!.n;
}

async function expectRefused(table: PgTable, write: () => Promise<unknown>, constraint: string) {
  const before = await rows(table);
  const error = await write().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${constraint} to refuse the row`).not.toBeNull();
  expect(constraintOf(error)).toBe(constraint);
  expect(messagesOf(error)).toContain(constraint);
  expect(await rows(table)).toBe(before);
}

describe('recruitment_figures refuses', () => {
  it('a period that ends before it starts', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ periodStart: '2024-12-01', periodEnd: '2024-11-30' })),
      'recruitment_figures_period_order',
    ));
  it('low > best', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ metric: 'PLANNED_RECRUITS', low: 400 })),
      'recruitment_figures_low_le_best',
    ));
  it('best > high', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ metric: 'PLANNED_RECRUITS', high: 300 })),
      'recruitment_figures_best_le_high',
    ));
  it('a negative count', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ metric: 'PLANNED_RECRUITS', best: -1, low: null })),
      'recruitment_figures_not_negative',
    ));
  it('a negative low', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ metric: 'PLANNED_RECRUITS', best: 5, low: -5 })),
      'recruitment_figures_not_negative',
    ));
  it('a blank wording', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ metric: 'PLANNED_RECRUITS', asStated: '  ' })),
      'recruitment_figures_as_stated_present',
    ));
  it('a second value for the same report, region, metric and period', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ best: 340, low: 340 })),
      'recruitment_figures_identity_key',
    ));
  it('a unit its metric does not allow', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ unit: 'PERCENT', periodEnd: '2024-06-30' })),
      'recruitment_figures_metric_unit_fkey',
    ));
  it('a period end dated to the month that is not the last day of its month', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ periodEnd: '2024-12-05', periodEndPrecision: 'MONTH' })),
      'recruitment_figures_period_end_precision',
    ));
  it('a period start dated to the year that is not the first of January', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ periodStart: '2024-02-01', periodStartPrecision: 'YEAR', periodEnd: '2024-05-31' })),
      'recruitment_figures_period_start_precision',
    ));
  it('an unknown region', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ regionId: 99_999 })),
      'recruitment_figures_region_id_regions_id_fkey',
    ));
  it('an unknown report', () =>
    expectRefused(
      recruitmentFigures,
      () => database.db.insert(recruitmentFigures).values(figure({ reportId: 99_999 })),
      'recruitment_figures_report_id_reports_id_fkey',
    ));
});

describe('reports refuse', () => {
  it('a duplicate slug', () =>
    expectRefused(
      reports,
      () => database.db.insert(reports).values({ slug: 'constraint-test', title: 'Other', publisher: 'P', language: 'en' }),
      'reports_slug_key',
    ));
  it('a slug that is not kebab-case', () =>
    expectRefused(
      reports,
      () => database.db.insert(reports).values({ slug: 'Not A Slug', title: 'T', publisher: 'P', language: 'en' }),
      'reports_slug_format',
    ));
  it('a period that ends before it starts', () =>
    expectRefused(
      reports,
      () =>
        database.db
          .insert(reports)
          .values({ slug: 'backwards', title: 'T', publisher: 'P', language: 'en', periodStart: '2024-12-31', periodEnd: '2024-01-01' }),
      'reports_period_order',
    ));
});

describe('other tables refuse', () => {
  it('a duplicate factor slug', () =>
    expectRefused(
      coercionFactors,
      () => database.db.insert(coercionFactors).values({ slug: 'some-factor', title: 'T', description: 'D', category: 'UNEMPLOYMENT' }),
      'coercion_factors_slug_key',
    ));
  it('a duplicate region code', () =>
    expectRefused(
      regions,
      () => database.db.insert(regions).values({ code: 'UA-23', nameEn: 'Again', nameUk: 'Знову', kind: 'OBLAST' }),
      'regions_code_key',
    ));
  it('a factor linked to an unknown region', () =>
    expectRefused(
      coercionFactorRegions,
      () => database.db.insert(coercionFactorRegions).values({ factorId, regionId: 99_999 }),
      'coercion_factor_regions_region_id_regions_id_fkey',
    ));
  it('a publication of an unknown report', () =>
    expectRefused(
      reportPublications,
      () => database.db.insert(reportPublications).values({ reportId: 99_999, outlet: 'X', url: 'https://example.org/x' }),
      'report_publications_report_id_reports_id_fkey',
    ));
  it('the same publication URL twice for one report', async () => {
    await database.db.insert(reportPublications).values({ reportId, outlet: 'X', url: 'https://example.org/same' });
    await expectRefused(
      reportPublications,
      () => database.db.insert(reportPublications).values({ reportId, outlet: 'Y', url: 'https://example.org/same' }),
      'report_publications_report_url_key',
    );
  });
  it('an audit action outside the known set', () =>
    expectRefused(
      auditLog,
      () => database.db.insert(auditLog).values({ action: 'UPSERT', entityType: 'Report', entityId: '1', actor: 'test' }),
      'audit_log_action',
    ));
  it('deleting a region that figures still use', async () => {
    const error = await database.db
      .delete(regions)
      .where(eq(regions.id, regionId))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(constraintOf(error)).toBe('recruitment_figures_region_id_regions_id_fkey');
    expect(await database.db.select().from(regions).where(eq(regions.id, regionId))).toHaveLength(1);
  });
});
