// Migrating an empty database from migrations/ yields exactly src/db/schema.ts: drizzle-kit finds
// nothing left to generate, and the migrated database has every table, column, constraint and index
// the schema declares, and no others. db:status agrees.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationStatus } from '../../src/cli/status.js';
import { MIGRATIONS_DIR } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { ROOT } from '../helpers/bundles.js';

const run = promisify(execFile);
const DRIZZLE_KIT = path.join(ROOT, 'node_modules/.bin/drizzle-kit');

/** Runs drizzle-kit generate for `schemaFile` against a copy of migrations/; returns its output and any new folder. */
async function generateAgainstCopy(schemaFile: string): Promise<{ output: string; added: string[] }> {
  const work = path.join(ROOT, 'scratch', `migrations-test-${process.pid}-${Date.now()}`);
  const out = path.join(work, 'migrations');
  mkdirSync(work, { recursive: true });
  try {
    cpSync(MIGRATIONS_DIR, out, { recursive: true });
    const before = new Set(readdirSync(out));
    const { stdout, stderr } = await run(
      DRIZZLE_KIT,
      ['generate', '--dialect', 'postgresql', '--schema', schemaFile, '--out', out],
      { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    return { output: stdout + stderr, added: readdirSync(out).filter((name) => !before.has(name)) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe('drizzle-kit generate against the committed migrations', () => {
  it('finds nothing to do for src/db/schema.ts', async () => {
    const { output, added } = await generateAgainstCopy('./src/db/schema.ts');
    expect(added).toEqual([]);
    expect(output).toMatch(/No schema changes/);
  }, 60_000);

  it('does find a change when the schema drifts (the check above can fail)', async () => {
    const drifted = path.join(ROOT, 'scratch', `drifted-schema-${process.pid}.ts`);
    mkdirSync(path.dirname(drifted), { recursive: true });
    const source = readFileSync(path.join(ROOT, 'src/db/schema.ts'), 'utf8').replace(
      "note: text('note'),\n    version,\n    search",
      "note: text('note'),\n    drifted: text('drifted'),\n    version,\n    search",
    );
    expect(source).toContain("drifted: text('drifted')");
    writeFileSync(drifted, source);
    try {
      const { added } = await generateAgainstCopy(path.relative(ROOT, drifted));
      expect(added).toHaveLength(1);
    } finally {
      rmSync(drifted, { force: true });
    }
  }, 60_000);
});

/** PostgreSQL's internal name for a declared type, as information_schema.columns.udt_name gives it. */
function udtName(declared: string): string {
  if (declared.endsWith('[]')) return `_${udtName(declared.slice(0, -2))}`;
  const internal: Record<string, string> = {
    integer: 'int4',
    bigint: 'int8',
    'double precision': 'float8',
    boolean: 'bool',
    'timestamp with time zone': 'timestamptz',
  };
  return internal[declared] ?? declared;
}

describe('a database migrated from empty', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.close());

  async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
    const result: any = await database.db.execute(query);
    return (Array.isArray(result) ? result : result.rows) as T[];
  }

  it('has every migration pending before, none after (db:status)', async () => {
    const local = readdirSync(MIGRATIONS_DIR).sort();
    expect(await migrationStatus(database.db)).toEqual({ applied: [], pending: local, unknown: [] });
    await database.migrate();
    const after = await migrationStatus(database.db);
    expect(after.pending).toEqual([]);
    expect(after.unknown).toEqual([]);
    expect(after.applied.map((m) => [m.name, m.changed])).toEqual(local.map((name) => [name, false]));
    // migrating again is a no-op
    await database.migrate();
    expect((await migrationStatus(database.db)).applied).toHaveLength(local.length);
  });

  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));

  it('has exactly the tables and columns of src/db/schema.ts', async () => {
    const actual = await rows<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; is_generated: string }>(
      sql`select table_name, column_name, udt_name, is_nullable, is_generated
          from information_schema.columns where table_schema = 'public' order by table_name, column_name`,
    );
    const expected = tables
      .flatMap((table) => {
        const config = getTableConfig(table);
        return config.columns.map((c) => ({
          table_name: config.name,
          column_name: c.name,
          udt_name: udtName(c.getSQLType() + '[]'.repeat((c as { dimensions?: number }).dimensions ?? 0)),
          is_nullable: c.notNull ? 'NO' : 'YES',
          is_generated: (c as any).generated ? 'ALWAYS' : 'NEVER',
        }));
      })
      .sort((a, b) => `${a.table_name}.${a.column_name}`.localeCompare(`${b.table_name}.${b.column_name}`));
    expect(actual).toEqual(expected);
  });

  it('has exactly the constraints and indexes of src/db/schema.ts', async () => {
    const constraints = await rows<{ table: string; name: string }>(
      sql`select rel.relname as "table", con.conname as name
          from pg_constraint con join pg_class rel on rel.oid = con.conrelid
          join pg_namespace ns on ns.oid = rel.relnamespace
          where ns.nspname = 'public' and con.contype in ('c', 'f', 'p') order by 1, 2`,
    );
    const indexes = await rows<{ table: string; name: string }>(
      sql`select tablename as "table", indexname as name from pg_indexes
          where schemaname = 'public' and indexname not like '%_pkey' order by 1, 2`,
    );
    const expectedConstraints: { table: string; name: string }[] = [];
    const expectedIndexes: { table: string; name: string }[] = [];
    for (const table of tables) {
      const config = getTableConfig(table);
      const t = config.name;
      for (const check of config.checks) expectedConstraints.push({ table: t, name: check.name });
      // unnamed foreign keys get drizzle-kit's name: table_columns_foreigntable_foreigncolumns_fkey
      for (const fk of config.foreignKeys) {
        const ref = fk.reference();
        const name = [t, ...ref.columns.map((c) => c.name), getTableName(ref.foreignTable), ...ref.foreignColumns.map((c) => c.name), 'fkey'];
        expectedConstraints.push({ table: t, name: ref.name ?? name.join('_') });
      }
      // a primary key is either one column's or a composite one
      if (config.primaryKeys.length || config.columns.some((c) => c.primary)) expectedConstraints.push({ table: t, name: `${t}_pkey` });
      for (const index of config.indexes) expectedIndexes.push({ table: t, name: index.config.name! });
    }
    const order = (a: { table: string; name: string }, b: typeof a) => `${a.table}.${a.name}`.localeCompare(`${b.table}.${b.name}`);
    expect([...constraints].sort(order)).toEqual(expectedConstraints.sort(order));
    expect([...indexes].sort(order)).toEqual(expectedIndexes.sort(order));
  });

  it('holds the reference regions', async () => {
    const regions = await database.db.query.regions.findMany({ with: { parent: true }, orderBy: { code: 'asc' } });
    expect(regions.map((r) => [r.code, r.parent?.code ?? null])).toEqual([
      ['RU', null],
      ['RU-SMD', null],
      ['UA-09', 'UA-TOT'],
      ['UA-14', 'UA-TOT'],
      ['UA-23', 'UA-TOT'],
      ['UA-40', 'UA-TOT'],
      ['UA-43', 'UA-TOT'],
      ['UA-65', 'UA-TOT'],
      ['UA-CRIMEA', null],
      ['UA-DONBAS', null],
      ['UA-SOUTH', null],
      ['UA-TOT', null],
    ]);
    const memberships = await rows<{ group: string; members: string }>(
      sql`select g.code as "group", string_agg(m.code, ',' order by m.code) as members
          from region_memberships rm join regions g on g.id = rm.group_id join regions m on m.id = rm.member_id
          group by g.code order by g.code`,
    );
    expect(memberships).toEqual([
      { group: 'UA-CRIMEA', members: 'UA-40,UA-43' },
      { group: 'UA-DONBAS', members: 'UA-09,UA-14' },
      { group: 'UA-SOUTH', members: 'UA-23,UA-65' },
      { group: 'UA-TOT', members: 'UA-09,UA-14,UA-23,UA-40,UA-43,UA-65' },
    ]);
  });

  it('names every table of the schema', () => {
    expect(tables.map((t) => getTableName(t)).sort()).toEqual([
      'api_tokens',
      'audit_log',
      'coercion_factor_regions',
      'coercion_factor_reports',
      'coercion_factors',
      'data_versions',
      'dataset_releases',
      'figure_variants',
      'metric_definitions',
      'metric_units',
      'recruitment_figures',
      'region_memberships',
      'regions',
      'report_publications',
      'reports',
      'row_history',
    ]);
  });
});
