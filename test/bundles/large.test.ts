// A bundle far above one statement's parameter limit (PostgreSQL: 65,535; an INSERT of figures binds 12
// a row, so 5,462 figures were already too many) loads, is idempotent, and a failure of such a write is
// described in a line, not in megabytes of SQL.
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBundle } from '../../src/bundles/load.js';
import { seedBundles } from '../../src/bundles/seed.js';
import { failureMessage, MAX_FAILURE_CHARS } from '../../src/cli/open.js';
import { auditLog, recruitmentFigures, reports } from '../../src/db/schema.js';
import { MAX_PARAMETERS, rowsPerStatement } from '../../src/store/chunks.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { firstBundleJson, tempBundleDir, type BundleDir } from '../helpers/bundles.js';

// Above both batch sizes (3,855 figures, 6,553 audit entries a statement) and the old limit of 5,461
// figures, small enough for the suite. 20,000 figures load the same way (14.7 s on PGlite, measured).
const FIGURES = 7_000;
const REGIONS = ['UA-14', 'UA-09', 'UA-23', 'UA-65', 'UA-43', 'UA-40', 'UA-TOT'];
const METRICS = ['PLANNED_RECRUITS', 'CONTRACTS_SIGNED', 'PLAN_FULFILMENT_PERCENT'];

/** The first bundle under another slug, with `n` distinct one-day figures. */
function largeBundle(n: number): any {
  const json = firstBundleJson();
  json.report.slug = 'synthetic-large-bundle';
  json.coercionFactors = [];
  const day0 = Date.UTC(2000, 0, 1);
  json.figures = Array.from({ length: n }, (_, i) => {
    const combo = i % (REGIONS.length * METRICS.length);
    const day = new Date(day0 + Math.floor(i / (REGIONS.length * METRICS.length)) * 86_400_000).toISOString().slice(0, 10);
    const metric = METRICS[Math.floor(combo / REGIONS.length)];
    // a percentage stays within the fulfilment range bundles accept (at most 1000 %)
    const best = metric === 'PLAN_FULFILMENT_PERCENT' ? i % 1000 : i;
    return {
      regionCode: REGIONS[combo % REGIONS.length],
      metric,
      periodStart: day,
      periodEnd: day,
      value: { best, qualifier: 'EXACT', asStated: String(best) },
    };
  });
  return json;
}

let database: TestDatabase;
let tmp: BundleDir;
beforeAll(async () => {
  database = await createTestDatabase();
  tmp = tempBundleDir();
});
afterAll(async () => {
  tmp.remove();
  await database.close();
});

describe('a bundle above the parameter limit of one statement', () => {
  it(`loads ${FIGURES} figures with an audit entry each, in batches, and a second seed writes nothing`, async () => {
    const bundle = largeBundle(FIGURES);
    expect(() => validateBundle('large.json', bundle)).not.toThrow();
    tmp.write('large.json', bundle);

    database.statements.length = 0;
    const [result] = await seedBundles(database.db, tmp.dir);
    // the report, its publications and every figure
    expect(result!.created).toBe(1 + bundle.report.publications.length + FIGURES);
    const [report] = await database.db.select().from(reports).where(eq(reports.slug, 'synthetic-large-bundle'));
    const [figures] = await database.db.select({ n: count() }).from(recruitmentFigures).where(eq(recruitmentFigures.reportId, report!.id));
    expect(figures!.n).toBe(FIGURES);
    const [entries] = await database.db.select({ n: count() }).from(auditLog);
    expect(entries!.n).toBe(result!.created);

    // As few statements as the limit allows: ceil(rows / rows a statement), each under the limit.
    const figureInserts = database.statements.filter((s) => s.startsWith('insert into "recruitment_figures"'));
    expect(figureInserts).toHaveLength(Math.ceil(FIGURES / rowsPerStatement(recruitmentFigures)));
    const parameters = (statement: string) => Math.max(0, ...[...statement.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    for (const insert of figureInserts) expect(parameters(insert)).toBeLessThanOrEqual(MAX_PARAMETERS);
    const auditInserts = database.statements.filter((s) => s.startsWith('insert into "audit_log"'));
    expect(auditInserts).toHaveLength(Math.ceil(result!.created / rowsPerStatement(auditLog)));

    database.statements.length = 0;
    const [again] = await seedBundles(database.db, tmp.dir);
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0 });
    // a named statement (src/db/statements.ts) starts with its /* name */
    expect(database.statements.filter((s) => !/^(\/\*[^*]*\*\/\s*)?select/i.test(s.trim()))).toEqual([]);
  }, 120_000);

  it('removes them all again when the bundle drops them', async () => {
    const bundle = largeBundle(FIGURES);
    bundle.figures = bundle.figures.slice(0, 1);
    tmp.write('large.json', bundle);
    const [result] = await seedBundles(database.db, tmp.dir);
    expect(result!.removed).toBe(FIGURES - 1);
    const [figures] = await database.db.select({ n: count() }).from(recruitmentFigures);
    expect(figures!.n).toBe(1);
  }, 120_000);
});

describe('a failed statement, as a CLI prints it', () => {
  it("is the database's message and the start of the statement, never megabytes of SQL or its parameters", async () => {
    // A real failure of a long statement: 5,000 values, the last one not an integer.
    const values = Array.from({ length: 5000 }, (_, i) => sql`(${String(i)})`);
    values.push(sql`(${'not a number'})`);
    const error = await database.db
      .execute(sql`select x::int from (values ${sql.join(values, sql`, `)}) as v(x)`)
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.length).toBeGreaterThan(20_000);
    const line = failureMessage(error);
    expect(line.length).toBeLessThanOrEqual(MAX_FAILURE_CHARS + 40);
    expect(line).toMatch(/invalid input syntax for type integer/);
    expect(line).toContain('(in: select x::int from (values');
    expect(line).not.toContain('params');
    expect(line).not.toContain('4999');
  });

  it('caps any other message', () => {
    const line = failureMessage(new Error('x'.repeat(1_000_000)));
    expect(line).toBe(`${'x'.repeat(MAX_FAILURE_CHARS)}... (${1_000_000 - MAX_FAILURE_CHARS} more characters)`);
  });
});
