// Seeding the report bundles: the first bundle read back through the database, idempotence, edits,
// removals, dry runs, the audit log and seeding on start.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyBundle, type Change } from '../../src/bundles/apply.js';
import { validateBundle } from '../../src/bundles/load.js';
import { seedBundles, seedIfEmpty } from '../../src/bundles/seed.js';
import { auditLog, coercionFactors, recruitmentFigures, regions, reports } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import {
  BUNDLES_DIR,
  FIRST_BUNDLE_DIR,
  clearBundleData,
  FIRST_BUNDLE_FILE,
  firstBundleJson,
  snapshot,
  tempBundleDir,
  type BundleDir,
} from '../helpers/bundles.js';

let database: TestDatabase;
let tmp: BundleDir;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await clearBundleData(database.db);
  tmp?.remove();
  tmp = tempBundleDir();
});

/** Every figure of the source as the first bundle must hold it. */
const EXPECTED_FIGURES = [
  ['UA-TOT', 'PLANNED_RECRUITS', '2024-01-01', '2024-12-31', 10400, 'EXACT', 10350, 10450, '10.4 thousand'],
  ['UA-TOT', 'CONTRACTS_SIGNED', '2024-01-01', '2024-11-30', 9600, 'EXACT', 9550, 9650, '9.6 thousand'],
  ['UA-TOT', 'CONTRACTS_SIGNED', '2024-01-01', '2024-12-31', 10000, 'ALMOST', 9500, 10000, 'almost 10 thousand'],
  ['UA-TOT', 'PLAN_FULFILMENT_PERCENT', '2024-01-01', '2024-11-30', 93, 'APPROXIMATELY', 83.7, 102.3, 'approximately 93%'],
  ['UA-23', 'CONTRACTS_SIGNED', '2024-01-01', '2024-11-30', 330, 'MORE_THAN', 330, null, 'over 330 people'],
  ['UA-23', 'PLAN_FULFILMENT_PERCENT', '2024-01-01', '2024-11-30', 135, 'APPROXIMATELY', 121.5, 148.5, 'about 135% of the plan'],
  ['UA-65', 'CONTRACTS_SIGNED', '2024-01-01', '2024-11-30', 260, 'MORE_THAN', 260, null, 'over 260 people'],
  ['UA-65', 'PLAN_FULFILMENT_PERCENT', '2024-01-01', '2024-11-30', 105, 'APPROXIMATELY', 100, 115.5, 'about 105% of the plan'],
  ['UA-14', 'CONTRACTS_SIGNED', '2024-01-01', '2024-11-30', 3150, 'MORE_THAN', 3150, null, 'over 3150 people'],
  ['UA-14', 'PLAN_FULFILMENT_PERCENT', '2024-01-01', '2024-11-30', 105, 'APPROXIMATELY', 100, 115.5, 'about 105%'],
  ['UA-43', 'PLAN_FULFILMENT_PERCENT', '2024-01-01', '2024-11-30', 80, 'JUST_OVER', 80, 84, 'just over 80%'],
].map(([regionCode, metric, periodStart, periodEnd, best, qualifier, low, high, asStated]) => ({
  regionCode,
  metric,
  periodStart,
  periodEnd,
  best,
  qualifier,
  low,
  high,
  asStated,
}));

async function figuresAsStored() {
  return database.db
    .select({
      regionCode: regions.code,
      metric: recruitmentFigures.metric,
      periodStart: recruitmentFigures.periodStart,
      periodEnd: recruitmentFigures.periodEnd,
      best: recruitmentFigures.best,
      qualifier: recruitmentFigures.qualifier,
      low: recruitmentFigures.low,
      high: recruitmentFigures.high,
      asStated: recruitmentFigures.asStated,
    })
    .from(recruitmentFigures)
    .innerJoin(regions, eq(regions.id, recruitmentFigures.regionId));
}

const byIdentity = (a: { regionCode: string | unknown; metric: unknown; periodEnd: unknown }, b: typeof a) =>
  `${a.regionCode}|${a.metric}|${a.periodEnd}`.localeCompare(`${b.regionCode}|${b.metric}|${b.periodEnd}`);

describe('the first bundle', () => {
  it('is valid and names the JSON Schema for editors', () => {
    const json = firstBundleJson();
    expect(json.$schema).toBe('../../schema/report-bundle.schema.json');
    expect(() => validateBundle(FIRST_BUNDLE_FILE, json)).not.toThrow();
  });

  it('seeds every figure of the source with its qualifier, bounds and wording', async () => {
    const [result] = await seedBundles(database.db, FIRST_BUNDLE_DIR);
    expect(result).toMatchObject({ slug: 'nrc-2024-occupied-recruitment', updated: 0, removed: 0 });
    // 1 report + 2 publications + 11 figures + 2 relay variants (Suspilne's) + 6 factors + 6 factor-report links
    expect(result!.created).toBe(28);

    const stored = (await figuresAsStored()).sort(byIdentity);
    expect(stored).toEqual([...EXPECTED_FIGURES].sort(byIdentity));
  });

  it('stores the report, its relays and its six coercion factors', async () => {
    await seedBundles(database.db, FIRST_BUNDLE_DIR);
    const report = await database.db.query.reports.findFirst({
      where: { slug: 'nrc-2024-occupied-recruitment' },
      with: { publications: { orderBy: { outlet: 'asc' } }, coercionFactors: { orderBy: { slug: 'asc' } } },
    });
    expect(report).toMatchObject({
      publisher: 'National Resistance Center',
      sourceUrl:
        'https://tv.112.ua/en/skilki-ukrainciv-iz-okupovanih-teritorij-vstupili-v-armiu-rf-u-2024-roci-zvit-centru-nacsprotivu-51116',
      language: 'en',
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      publishedOn: null,
      version: 1,
    });
    expect(report!.publications.map((p) => [p.outlet, p.language])).toEqual([
      ['112.ua', 'en'],
      ['Suspilne Zaporizhzhia', 'uk'],
    ]);
    expect(report!.coercionFactors.map((f) => [f.slug, f.category, f.effectiveFrom, f.affectedGroups])).toEqual([
      ['burial-requires-russian-passport', 'FORCED_PASSPORTIZATION', null, []],
      ['economic-hardship', 'ECONOMIC_HARDSHIP', null, []],
      [
        'free-medicines-require-russian-passport',
        'FORCED_PASSPORTIZATION',
        '2024-01-01',
        ['people with cardiovascular diseases', 'people with asthma', 'people with diabetes'],
      ],
      ['kremlin-propaganda-campaign', 'PROPAGANDA', null, []],
      ['payments-and-social-protection-for-recruits', 'FINANCIAL_INCENTIVE', null, []],
      ['unemployment', 'UNEMPLOYMENT', null, []],
    ]);
    // No factor is limited to particular regions: they apply to all occupied territories.
    expect((await snapshot(database.db)).factorRegions).toEqual([]);
  });

  it('explains every figure and keeps the source wording of every period', async () => {
    await seedBundles(database.db, FIRST_BUNDLE_DIR);
    const figures = await database.db.select().from(recruitmentFigures);
    for (const f of figures) {
      expect(f.note?.length, `note of ${f.asStated}`).toBeGreaterThan(40);
      expect(f.periodAsStated?.length, `periodAsStated of ${f.asStated}`).toBeGreaterThan(5);
    }
  });
});

describe('seeding', () => {
  it('twice gives the same rows and reports no changes the second time', async () => {
    await seedBundles(database.db, FIRST_BUNDLE_DIR);
    const first = await snapshot(database.db);
    const second = await seedBundles(database.db, FIRST_BUNDLE_DIR);
    expect(second).toEqual([expect.objectContaining({ created: 0, updated: 0, removed: 0, changes: [] })]);
    expect(await snapshot(database.db)).toEqual(first);
  });

  it('batches its writes (one insert per table, not per row) and only reads when nothing changed', async () => {
    database.statements.length = 0;
    await seedBundles(database.db, FIRST_BUNDLE_DIR);
    const writes = database.statements.filter((s) => /^(insert|update|delete)/i.test(s.trim()));
    expect(writes.map((s) => /"(\w+)"/.exec(s)![1]).sort()).toEqual([
      'audit_log',
      'coercion_factor_reports',
      'coercion_factors',
      'figure_variants',
      'recruitment_figures',
      'report_publications',
      'reports',
    ]);
    database.statements.length = 0;
    await seedBundles(database.db, FIRST_BUNDLE_DIR);
    // a named statement (src/db/statements.ts) starts with its /* name */
    expect(database.statements.filter((s) => !/^(\/\*[^*]*\*\/\s*)?select/i.test(s.trim()))).toEqual([]);
    // the references (regions and metric units) once for the check and once for the write, then one read
    // per table a bundle writes: report, publications, figures, variants, factors and the two link tables
    expect(database.statements.length).toBeLessThanOrEqual(9);
  });

  it('writes one audit_log row per change, by the seed, in the same transaction', async () => {
    const [result] = await seedBundles(database.db, FIRST_BUNDLE_DIR);
    const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(rows).toHaveLength(result!.changes.length);
    expect(rows.every((r) => r.actor === 'seed' && r.tokenId === null)).toBe(true);
    expect(rows.map((r) => [r.action, r.entityType, r.entityId, r.before, r.after])).toEqual(
      result!.changes.map((c) => [c.action, c.entityType, c.entityId, c.before, c.after]),
    );
    const reportRow = rows.find((r) => r.entityType === 'Report')!;
    expect(reportRow.after).toMatchObject({ slug: 'nrc-2024-occupied-recruitment', version: 1 });
    expect(reportRow.after).not.toHaveProperty('search');
  });

  it('an edited bundle updates its rows, removes what it dropped, and bumps only what changed', async () => {
    const original = firstBundleJson();
    tmp.write('nrc.json', original);
    await seedBundles(database.db, tmp.dir);
    const before = await snapshot(database.db);

    const edited = firstBundleJson();
    // change one figure's wording and value
    const crimea = edited.figures.find((f: any) => f.regionCode === 'UA-43');
    crimea.value = { best: 81, qualifier: 'APPROXIMATELY', asStated: 'about 81%' };
    // drop one figure, one factor and one relay
    edited.figures = edited.figures.filter((f: any) => !(f.regionCode === 'UA-65' && f.metric === 'CONTRACTS_SIGNED'));
    edited.coercionFactors = edited.coercionFactors.filter((f: any) => f.slug !== 'unemployment');
    edited.report.publications = edited.report.publications.slice(0, 1);
    // the dropped relay's wordings go with it (a variant must name one of the report's publications)
    for (const f of edited.figures) f.variants = (f.variants ?? []).filter((v: any) => v.publicationUrl === edited.report.publications[0].url);
    // add a figure and limit a factor to two regions
    edited.figures.push({
      regionCode: 'UA-09',
      metric: 'CONTRACTS_SIGNED',
      periodStart: '2024-01-01',
      periodEnd: '2024-11-30',
      value: { best: 100, qualifier: 'AT_LEAST', asStated: 'at least 100' },
    });
    edited.coercionFactors.find((f: any) => f.slug === 'burial-requires-russian-passport').regionCodes = ['UA-23', 'UA-65'];
    edited.report.summary = 'An edited summary.';
    tmp.write('nrc.json', edited);

    const [result] = await seedBundles(database.db, tmp.dir);
    const kinds = (action: string) =>
      result!.changes
        .filter((c) => c.action === action)
        .map((c) => c.entityType)
        .sort();
    expect(kinds('CREATE')).toEqual(['CoercionFactorRegion', 'CoercionFactorRegion', 'RecruitmentFigure']);
    expect(kinds('UPDATE')).toEqual(['RecruitmentFigure', 'Report']);
    expect(kinds('DELETE')).toEqual(['CoercionFactor', 'CoercionFactorReport', 'FigureVariant', 'FigureVariant', 'RecruitmentFigure', 'ReportPublication']);
    expect(result).toMatchObject({ created: 3, updated: 2, removed: 6 });

    const after = await snapshot(database.db);
    const updatedFigure = result!.changes.find((c) => c.action === 'UPDATE' && c.entityType === 'RecruitmentFigure') as Change;
    expect(updatedFigure.before).toMatchObject({ best: 80, qualifier: 'JUST_OVER', low: 80, high: 84, version: 1 });
    expect(updatedFigure.after).toMatchObject({ best: 81, qualifier: 'APPROXIMATELY', low: 72.9, high: 89.1, version: 2 });
    expect(after.reports[0]).toMatchObject({ summary: 'An edited summary.', version: 2 });
    expect(after.reports[0]!.updatedAt).not.toBe(before.reports[0]!.updatedAt);

    // rows the edit did not touch keep their version and updated_at
    const untouched = after.figures.filter((f) => f.id !== Number(updatedFigure.entityId) && before.figures.some((b) => b.id === f.id));
    expect(untouched).toHaveLength(9);
    for (const f of untouched) expect(f).toEqual(before.figures.find((b) => b.id === f.id));
    expect(after.factors.map((f) => f.slug)).not.toContain('unemployment');
    expect(after.factors.every((f) => f.version === 1)).toBe(true);
    expect(after.publications).toHaveLength(1);
    expect(after.figures).toHaveLength(11);

    // and the edited file, seeded again, changes nothing
    const [again] = await seedBundles(database.db, tmp.dir);
    expect(again!.changes).toEqual([]);
  });

  it('keeps a factor that another report still describes when one bundle drops it', async () => {
    const a = firstBundleJson();
    const b = firstBundleJson();
    b.report.slug = 'second-report';
    b.report.publications = [];
    b.figures = [];
    b.coercionFactors = a.coercionFactors.filter((f: any) => f.slug === 'unemployment');
    tmp.write('a.json', a);
    tmp.write('b.json', b);
    await seedBundles(database.db, tmp.dir);

    a.coercionFactors = a.coercionFactors.filter((f: any) => f.slug !== 'unemployment');
    tmp.write('a.json', a);
    const results = await seedBundles(database.db, tmp.dir);
    expect(results.map((r) => r.changes.map((c) => `${c.action} ${c.entityType}`))).toEqual([['DELETE CoercionFactorReport'], []]);
    const factor = await database.db.query.coercionFactors.findFirst({ where: { slug: 'unemployment' }, with: { reports: true } });
    expect(factor!.reports.map((r) => r.slug)).toEqual(['second-report']);
  });

  it('a dry run reports exactly the changes of a real run and writes nothing', async () => {
    const empty = await snapshot(database.db);
    const [dry] = await seedBundles(database.db, FIRST_BUNDLE_DIR, { dryRun: true });
    expect(await snapshot(database.db)).toEqual(empty);
    const [real] = await seedBundles(database.db, FIRST_BUNDLE_DIR);
    const shape = (cs: Change[]) => cs.map((c) => [c.action, c.entityType, (c.after as any)?.slug ?? (c.after as any)?.asStated ?? null]);
    expect(shape(dry!.changes)).toEqual(shape(real!.changes));
    expect(dry!.changes).toHaveLength(28);
  });

  it('applyBundle inside a caller transaction rolls back with it', async () => {
    const bundle = validateBundle('nrc.json', firstBundleJson());
    await expect(
      database.db.transaction(async (tx) => {
        const changes = await applyBundle(tx, bundle);
        expect(changes).toHaveLength(28);
        throw new Error('caller gives up');
      }),
    ).rejects.toThrow('caller gives up');
    expect(await database.db.select().from(reports)).toEqual([]);
  });

  it('bumps version and updated_at on a factor whose description changed', async () => {
    tmp.write('nrc.json', firstBundleJson());
    await seedBundles(database.db, tmp.dir);
    const edited = firstBundleJson();
    edited.coercionFactors[0].description = 'A new description.';
    tmp.write('nrc.json', edited);
    const [result] = await seedBundles(database.db, tmp.dir);
    expect(result!.changes.map((c) => [c.action, c.entityType])).toEqual([['UPDATE', 'CoercionFactor']]);
    const [factor] = await database.db.select().from(coercionFactors).where(eq(coercionFactors.slug, edited.coercionFactors[0].slug));
    expect(factor).toMatchObject({ description: 'A new description.', version: 2 });
  });
});

describe('seedIfEmpty (seeding on start)', () => {
  it('seeds an empty database, and does nothing once it holds a report', async () => {
    const first = await seedIfEmpty(database.db, FIRST_BUNDLE_DIR);
    expect(first?.map((r) => r.slug)).toEqual(['nrc-2024-occupied-recruitment']);
    const after = await snapshot(database.db);
    expect(await seedIfEmpty(database.db, FIRST_BUNDLE_DIR)).toBeNull();
    expect(await snapshot(database.db)).toEqual(after);
  });

  it('leaves a database alone that holds a report from elsewhere', async () => {
    await database.db.insert(reports).values({ slug: 'added-by-an-editor', title: 'T', publisher: 'P', language: 'en' });
    expect(await seedIfEmpty(database.db, FIRST_BUNDLE_DIR)).toBeNull();
    expect(await database.db.select().from(recruitmentFigures)).toEqual([]);
  });
});

describe('the figure identity', () => {
  it('keeps the two UA-TOT contract counts apart by period', async () => {
    await seedBundles(database.db, FIRST_BUNDLE_DIR);
    const rows = await database.db
      .select({ periodEnd: recruitmentFigures.periodEnd, asStated: recruitmentFigures.asStated })
      .from(recruitmentFigures)
      .innerJoin(regions, eq(regions.id, recruitmentFigures.regionId))
      .where(and(eq(regions.code, 'UA-TOT'), eq(recruitmentFigures.metric, 'CONTRACTS_SIGNED')))
      .orderBy(asc(recruitmentFigures.periodEnd));
    expect(rows).toEqual([
      { periodEnd: '2024-11-30', asStated: '9.6 thousand' },
      { periodEnd: '2024-12-31', asStated: 'almost 10 thousand' },
    ]);
  });
});

describe('the committed JSON Schema', () => {
  it('matches the zod format (run npm run bundle:jsonschema after changing src/bundles/format.ts)', async () => {
    const { bundleJsonSchemaText } = await import('../../src/bundles/format.js');
    const committed = readFileSync(path.join(BUNDLES_DIR, '../../schema/report-bundle.schema.json'), 'utf8');
    expect(committed).toBe(bundleJsonSchemaText());
  });
});
