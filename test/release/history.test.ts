// The typed history tables (tot_history.<table>): they follow their live table through migrations, and
// a database whose history an older install kept as jsonb in row_history is moved into them.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitmentFigures } from '../../src/db/schema.js';
import { dropReleaseViews, HISTORY_SCHEMA, HISTORY_TABLES, installHistory, trackedTable } from '../../src/release/history.js';
import { createRelease } from '../../src/store/release.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

const RELEASE = `query($version: String!) {
  release(version: $version) {
    reports(first: 10, orderBy: { field: TITLE, direction: ASC }) { totalCount edges { node { slug title } } }
    recruitmentFigures(first: 20, orderBy: { field: VALUE, direction: ASC }) {
      totalCount
      edges { node { value { best asStated } note report { slug } region { code } } }
    }
    changes(first: 50) { totalCount edges { node { kind entityType summary } } }
  }
}`;

let app: TestApp;
let frozen: unknown;

function rows(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) ?? [];
}

async function query(text: string) {
  return rows(await app.database.db.execute(sql.raw(text)));
}

async function historyColumns(table: string) {
  return (
    await query(`select column_name as name, data_type as type from information_schema.columns
      where table_schema = '${HISTORY_SCHEMA}' and table_name = '${table}' order by ordinal_position`)
  ).map((r) => `${r.name} ${r.type}`);
}

async function readRelease() {
  const res = await app.post(RELEASE, { version: '1.0.0' });
  expect(res.errors).toBeUndefined();
  return res.data.release;
}

beforeAll(async () => {
  app = await createTestApp();
  const db = app.database.db;
  const regions = await regionIds(db);
  const a = await insertReport(db, { slug: 'hist-a', title: 'Report A' });
  const b = await insertReport(db, { slug: 'hist-b', title: 'Report B' });
  await insertFigures(db, [
    { reportId: a.id, regionId: regions['UA-23']!, best: 330, qualifier: 'MORE_THAN', low: 330, asStated: 'over 330' },
    { reportId: a.id, regionId: regions['UA-14']!, best: 1200, asStated: '1200' },
    { reportId: b.id, regionId: regions['UA-23']!, best: 5000, asStated: '5000' },
  ]);
  await createRelease(db, { tokenId: null, actor: 'test' }, { version: '1.0.0' });
  frozen = await readRelease();
  // edited twice, deleted, added, renamed: superseded versions in the history tables
  await db.update(recruitmentFigures).set({ asStated: 'about 330', qualifier: 'APPROXIMATELY', low: null }).where(sql`best = 330`);
  await db.update(recruitmentFigures).set({ note: 'edited again' }).where(sql`best = 330`);
  await db.delete(recruitmentFigures).where(sql`best = 1200`);
  await insertFigures(db, [{ reportId: b.id, regionId: regions['UA-14']!, best: 7, asStated: '7' }]);
  await db.execute(sql`update reports set title = 'Report B, renamed' where slug = 'hist-b'`);
});

afterAll(async () => {
  await app?.close();
});

describe('the typed history', () => {
  it('keeps each superseded version as a typed row with its validity range', async () => {
    const figures = await query(`select as_stated, note, valid_from < valid_to as ranged from ${HISTORY_SCHEMA}.recruitment_figures order by valid_to, id`);
    expect(figures).toEqual([
      { as_stated: 'over 330', note: null, ranged: true },
      { as_stated: 'about 330', note: null, ranged: true },
      { as_stated: '1200', note: null, ranged: true },
    ]);
    // and each live row the data version it began at
    expect(await query(`select as_stated, valid_from > 0 as stamped from recruitment_figures order by id`)).toEqual([
      { as_stated: 'about 330', stamped: true },
      { as_stated: '5000', stamped: true },
      { as_stated: '7', stamped: true },
    ]);
    expect(await query(`select count(*)::int as n from row_history`)).toEqual([{ n: 0 }]);
    expect(await readRelease()).toEqual(frozen);
  });

  it('reads each release exactly when its statements are prepared and run on generic plans (two releases, interleaved)', async () => {
    // On PostgreSQL a release statement is prepared from its second sending, a page with its LIMIT in the
    // text and a generic plan (src/db/as-of.ts): one plan must serve every release, whatever the data version.
    const pages = `reports(first: 10, orderBy: { field: TITLE, direction: ASC }) { totalCount edges { node { slug title } } }
      recruitmentFigures(first: 2, orderBy: { field: VALUE, direction: ASC }, filter: { regionCodes: ["UA-23", "UA-14"] }) {
        totalCount edges { node { value { best asStated } note report { slug } region { code } } }
      }`;
    await createRelease(app.database.db, { tokenId: null, actor: 'test' }, { version: '1.0.1' });
    const live = await app.post(`{ ${pages} }`);
    expect(live.errors).toBeUndefined();
    const byVersion = (version: string) => app.post(`query($v: String!) { release(version: $v) { ${pages} } }`, { v: version });
    const first = await byVersion('1.0.0');
    expect(first.data.release.recruitmentFigures.edges.map((e: { node: { value: { asStated: string } } }) => e.node.value.asStated)).toEqual(['over 330', '1200']);
    expect(first.data.release.reports.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Report A', 'Report B']);
    // more than the five custom plans PostgreSQL makes before it may choose a generic one
    for (let i = 0; i < 8; i++) {
      expect(await byVersion('1.0.0')).toEqual(first);
      expect((await byVersion('1.0.1')).data.release).toEqual(live.data);
    }
  });

  it('has a history table for every tracked table, with the live columns and indexes', async () => {
    for (const table of HISTORY_TABLES) {
      const name = trackedTable(table).name;
      const live = (
        await query(`select column_name as name, data_type as type from information_schema.columns
          where table_schema = 'public' and table_name = '${name}' order by ordinal_position`)
      ).map((r) => `${r.name} ${r.type}`);
      expect(live).toContain('valid_from bigint');
      expect(await historyColumns(name)).toEqual([...live, 'valid_to bigint']);
      const liveIndexes = (await query(`select indexname from pg_indexes where schemaname = 'public' and tablename = '${name}'`)).map((r) => r.indexname);
      const historyIndexes = (await query(`select indexname from pg_indexes where schemaname = '${HISTORY_SCHEMA}' and tablename = '${name}'`)).map((r) => r.indexname);
      expect(historyIndexes.sort()).toEqual([...liveIndexes, `tot_${name}_valid_to_idx`].sort());
    }
  });

  it('follows a migration that adds, retypes and drops a column and adds an index; the release still reads', async () => {
    const db = app.database.db;
    await dropReleaseViews(db as never); // as Database.migrate does before migrations
    await db.execute(sql`alter table recruitment_figures add column extra_for_test integer`);
    await db.execute(sql`create index figures_extra_for_test_idx on recruitment_figures (extra_for_test)`);
    await installHistory(db as never);
    expect(await historyColumns('recruitment_figures')).toContain('extra_for_test integer');
    expect(await query(`select indexdef from pg_indexes where schemaname = '${HISTORY_SCHEMA}' and indexname = 'figures_extra_for_test_idx'`)).toEqual([
      { indexdef: `CREATE INDEX figures_extra_for_test_idx ON ${HISTORY_SCHEMA}.recruitment_figures USING btree (extra_for_test)` },
    ]);
    // an edit after the migration: its superseded version has the new column
    await db.execute(sql`update recruitment_figures set extra_for_test = 1 where best = 5000`);
    await db.execute(sql`update recruitment_figures set extra_for_test = 2 where best = 5000`);
    expect(await query(`select extra_for_test from ${HISTORY_SCHEMA}.recruitment_figures where extra_for_test is not null`)).toEqual([{ extra_for_test: 1 }]);
    expect(await readRelease()).toEqual(frozen);

    await dropReleaseViews(db as never);
    await db.execute(sql`alter table recruitment_figures alter column extra_for_test type text`);
    await installHistory(db as never);
    expect(await historyColumns('recruitment_figures')).toContain('extra_for_test text');
    expect(await query(`select extra_for_test from ${HISTORY_SCHEMA}.recruitment_figures where extra_for_test is not null`)).toEqual([{ extra_for_test: '1' }]);
    expect(await readRelease()).toEqual(frozen);

    await dropReleaseViews(db as never);
    await db.execute(sql`drop index figures_extra_for_test_idx`);
    await db.execute(sql`alter table recruitment_figures drop column extra_for_test`);
    await installHistory(db as never);
    expect(await historyColumns('recruitment_figures')).not.toContain('extra_for_test text');
    expect(await query(`select indexname from pg_indexes where indexname = 'figures_extra_for_test_idx'`)).toEqual([]);
    expect(await readRelease()).toEqual(frozen);
    // installing again changes nothing
    const before = await query(`select indexdef from pg_indexes where schemaname = '${HISTORY_SCHEMA}' order by indexname`);
    await app.database.migrate();
    expect(await query(`select indexdef from pg_indexes where schemaname = '${HISTORY_SCHEMA}' order by indexname`)).toEqual(before);
    expect(await readRelease()).toEqual(frozen);
  });

  it('moves the history an older install kept in row_history: open entries, superseded versions as jsonb', async () => {
    const db = app.database.db;
    const withChanges = await readRelease();
    expect(withChanges.changes.totalCount).toBeGreaterThan(0);
    const kept = await query(`select count(*)::int as n from ${HISTORY_SCHEMA}.recruitment_figures`);
    const stamps = await query(`select id, valid_from from recruitment_figures order by id`);
    // the older install's state, as the migration adding valid_from leaves it: an open entry per live
    // row, every superseded version as jsonb, no history tables, valid_from 0 everywhere
    await dropReleaseViews(db as never);
    for (const table of HISTORY_TABLES) {
      const t = trackedTable(table);
      await db.execute(
        sql.raw(`insert into row_history (table_name, row_key, valid_from, valid_to, row)
          select '${t.name}', ${t.key('h')}, h.valid_from, h.valid_to, to_jsonb(h) - 'valid_from' - 'valid_to' from ${HISTORY_SCHEMA}.${t.name} h
          union all
          select '${t.name}', ${t.key('x')}, x.valid_from, null, null from ${t.qualified} x`),
      );
      for (const trigger of ['stamp', 'update', 'delete', 'truncate']) await db.execute(sql.raw(`drop trigger tot_history_${trigger} on ${t.qualified}`));
      await db.execute(sql.raw(`update ${t.qualified} set valid_from = 0`));
    }
    await db.execute(sql.raw(`drop schema ${HISTORY_SCHEMA} cascade`));

    await app.database.migrate();
    expect(await query(`select count(*)::int as n from row_history`)).toEqual([{ n: 0 }]);
    expect(await query(`select count(*)::int as n from ${HISTORY_SCHEMA}.recruitment_figures`)).toEqual(kept);
    // rows begun after the first release have their version back; those before it need none
    const [first] = await query(`select data_version from dataset_releases order by id limit 1`);
    expect(await query(`select id, valid_from from recruitment_figures order by id`)).toEqual(
      stamps.map((r) => ({ id: r.id, valid_from: Number(r.valid_from) > Number(first!.data_version) ? r.valid_from : 0 })),
    );
    expect(await readRelease()).toEqual(withChanges);
  });

  it('keeps the versions a TRUNCATE removes', async () => {
    const db = app.database.db;
    await db.execute(sql`truncate recruitment_figures cascade`);
    const release = await readRelease();
    expect(release.recruitmentFigures).toEqual((frozen as { recruitmentFigures: unknown }).recruitmentFigures);
  });
});
