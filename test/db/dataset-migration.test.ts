// The dataset migration keeps what the database held: a database migrated up to the model before
// issue 12 and holding the first report's figures (as the v1 API wrote them) is migrated on, and its
// figures come out in their metric's default unit, FLOW, with DAY precisions, the report UKRAINIAN_OFFICIAL.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/db/client.js';
import { rowsOf } from '../../src/db/statements.js';

const client = new PGlite();
const db = drizzle({ client });
const earlier = mkdtempSync(path.join(os.tmpdir(), 'migrations-before-dataset-'));
afterAll(async () => {
  await client.close();
  rmSync(earlier, { recursive: true, force: true });
});

it('gives the figures stored before it their units, FLOW and DAY precision, and keeps everything else', async () => {
  const all = readdirSync(MIGRATIONS_DIR).sort();
  const first = all.findIndex((name) => name.endsWith('_dataset_model'));
  expect(first).toBeGreaterThan(0);
  for (const name of all.slice(0, first)) cpSync(path.join(MIGRATIONS_DIR, name), path.join(earlier, name), { recursive: true });
  expect(await migrate(db as never, { migrationsFolder: earlier })).toBeFalsy();

  // rows as the API before issue 12 wrote them
  await db.execute(sql`insert into reports (slug, title, publisher, language) values ('nrc-2024', 'NRC 2024', 'National Resistance Center', 'en')`);
  await db.execute(sql`
    insert into recruitment_figures (report_id, region_id, metric, period_start, period_end, best, low, high, qualifier, as_stated)
    select r.id, g.id, v.metric::recruitment_metric, '2024-01-01', v.period_end::date, v.best, v.low, v.high, v.q::qualifier, v.as_stated
    from reports r, regions g,
      (values ('PLANNED_RECRUITS', '2024-12-31', 10400, 10350, 10450, 'EXACT', '10.4 thousand'),
              ('CONTRACTS_SIGNED', '2024-11-30', 9600, 9550, 9650, 'EXACT', '9.6 thousand'),
              ('PLAN_FULFILMENT_PERCENT', '2024-11-30', 93, 83.7, 102.3, 'APPROXIMATELY', 'approximately 93%'))
        as v(metric, period_end, best, low, high, q, as_stated)
    where g.code = 'UA-TOT'`);

  expect(await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR })).toBeFalsy();

  const figures = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select metric, unit, period_kind, period_start_precision, period_end_precision, best, as_stated
                         from recruitment_figures order by metric`),
  );
  expect(figures).toEqual([
    { metric: 'PLANNED_RECRUITS', unit: 'PERSONS', period_kind: 'FLOW', period_start_precision: 'DAY', period_end_precision: 'DAY', best: 10400, as_stated: '10.4 thousand' },
    { metric: 'CONTRACTS_SIGNED', unit: 'PERSONS', period_kind: 'FLOW', period_start_precision: 'DAY', period_end_precision: 'DAY', best: 9600, as_stated: '9.6 thousand' },
    { metric: 'PLAN_FULFILMENT_PERCENT', unit: 'PERCENT', period_kind: 'FLOW', period_start_precision: 'DAY', period_end_precision: 'DAY', best: 93, as_stated: 'approximately 93%' },
  ]);
  const [report] = rowsOf<Record<string, unknown>>(await db.execute(sql`select source_kind, speaker, published_on_precision from reports`));
  expect(report).toEqual({ source_kind: 'UKRAINIAN_OFFICIAL', speaker: null, published_on_precision: 'DAY' });
  // a figure written without a unit afterwards gets its metric's default from the definitions
  await db.execute(sql`
    insert into recruitment_figures (report_id, region_id, metric, period_start, period_end, best, qualifier, as_stated)
    select r.id, g.id, 'PAYMENT_AMOUNT', '2024-01-01', '2024-12-31', 400000, 'EXACT', '400,000 roubles' from reports r, regions g where g.code = 'UA-TOT'`);
  const [payment] = rowsOf<{ unit: string }>(await db.execute(sql`select unit from recruitment_figures where metric = 'PAYMENT_AMOUNT'`));
  expect(payment!.unit).toBe('RUB');
});
