// Row history of the data tables, kept by PostgreSQL triggers (they run on PGlite and PostgreSQL alike),
// so that it holds whatever writes the rows: the store, the bundle importer, a restore, psql.
//
// Every transaction that changes data gets one data version (data_versions, in commit order: writers
// hold a shared advisory lock from their first write to their commit, and cutting a release takes it
// exclusively). Each row version is valid over [valid_from, valid_to) in data versions. The live version
// is the live row, whose `valid_from` column a row trigger sets on every insert and update. A superseded
// or deleted version is moved by statement triggers, typed, into the history table of its table,
// `tot_history.<table>`: the live table's columns (valid_from among them) plus `valid_to`, with the live
// table's indexes, kept in step with the live table after every migration.
//
// `tot_release_<table>(as_of)` returns the table as it stood at a data version: the live rows with
// `valid_from <= as_of`, plus the superseded versions valid then. It returns `setof <table>`, so it has
// every column the table has now. The views `tot_release.<table>` call it with the session's
// `tot.as_of`; a read that sets `search_path = tot_release, ...` (src/db/as-of.ts) reads a release
// through the very same SQL as live data. The views are rebuilt after every migration (a view fixes its
// column list when created).
//
// Everything here is idempotent and runs after the migrations (Database.migrate), like a repeatable
// migration: the history tables and functions follow the tables whatever columns later migrations add.
// An older install kept this history in row_history (an open entry per live row, superseded versions as
// jsonb): the install moves it here once and leaves row_history empty.
import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import {
  coercionFactorRegions,
  coercionFactorReports,
  coercionFactors,
  figureVariants,
  recruitmentFigures,
  regionMemberships,
  regions,
  reportPublications,
  reports,
} from '../db/schema.js';

/**
 * The tables whose history releases keep. A new table of data (not of accounts or logs) belongs here;
 * test/release/releases.test.ts fails when a table that refers to one of these is missing.
 */
export const HISTORY_TABLES: PgTable[] = [
  regions,
  reports,
  reportPublications,
  recruitmentFigures,
  coercionFactors,
  coercionFactorReports,
  coercionFactorRegions,
  figureVariants,
  regionMemberships,
];

/** Tables that refer to data tables but are not data themselves. */
export const NOT_HISTORY_TABLES = ['audit_log', 'dataset_releases', 'row_history', 'data_versions', 'api_tokens'];

/** Writers take it shared, cutting a release takes it exclusively (pg_advisory_xact_lock). */
export const RELEASE_LOCK_KEY = 7_301_114;

/** The schema of the views that read a release (search_path = tot_release, public). */
export const RELEASE_SCHEMA = 'tot_release';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface TrackedTable {
  name: string;
  /** schema-qualified: function bodies are inlined under the caller's search_path, which may name the views */
  qualified: string;
  /** the primary key of row alias `a` as text (as row_history, of an older install, keyed rows) */
  key(alias: string): string;
}

export function trackedTable(table: PgTable): TrackedTable {
  const config = getTableConfig(table);
  const schema = config.schema ?? 'public';
  const single = config.columns.filter((c) => c.primary).map((c) => c.name);
  const pk = single.length > 0 ? single : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? []);
  if (pk.length === 0) throw new Error(`table ${config.name} has no primary key; its history cannot be kept`);
  return {
    name: config.name,
    qualified: `${ident(schema)}.${ident(config.name)}`,
    key: (a) => pk.map((c) => `${a}.${ident(c)}::text`).join(` || ':' || `),
  };
}

const H = 'public.row_history';

/** The schema of the typed history tables: `tot_history.<table>` holds `<table>`'s superseded versions. */
export const HISTORY_SCHEMA = 'tot_history';

/** The history table of a tracked table, schema-qualified. */
export const historyTable = (name: string) => `${HISTORY_SCHEMA}.${ident(name)}`;

const DATA_VERSION_FUNCTION = `
create or replace function public.tot_data_version() returns bigint language plpgsql as $fn$
declare
  v text := current_setting('tot.data_version', true);
begin
  if v is not null and v <> '' then
    return v::bigint;
  end if;
  -- held until this transaction ends; cutting a release waits for it (src/release/store.ts)
  perform pg_advisory_xact_lock_shared(${RELEASE_LOCK_KEY});
  insert into public.data_versions (changed_at) values (clock_timestamp()) returning version::text into v;
  perform set_config('tot.data_version', v, true);
  return v::bigint;
end
$fn$`;

/** A column as the catalog has it: name and type as SQL. */
export interface CatalogColumn {
  name: string;
  type: string;
}

/** An index as the catalog has it: its name and pg_get_indexdef. */
export interface CatalogIndex {
  name: string;
  def: string;
}

/** What installHistory reads of one tracked table: the live table, and its history table if there is one yet. */
export interface TableCatalog {
  columns: CatalogColumn[];
  indexes: CatalogIndex[];
  history: { columns: CatalogColumn[]; indexes: CatalogIndex[] } | null;
}

/** The live tables' column of the version's start (src/db/schema.ts), and the history tables' own column of its end. */
export const VALID_FROM_COLUMN = 'valid_from';
const VALID_TO_COLUMN = 'valid_to';

/**
 * The history table's own index (beside those mirrored from the live table, valid_from's among them):
 * the versions valid at a release, and those ended between two.
 */
function validityIndexes(name: string): CatalogIndex[] {
  const index = `tot_${name}_valid_to_idx`;
  return [{ name: index, def: `CREATE INDEX ${ident(index)} ON ${historyTable(name)} USING btree (valid_to, valid_from)` }];
}

/** A live index's definition as it is on the history table: the same name (another schema), never unique (a key has many versions). */
export function mirroredIndex(name: string, def: string): string {
  return def
    .replace(/^CREATE UNIQUE INDEX /, 'CREATE INDEX ')
    .replace(new RegExp(` ON (?:ONLY )?(?:public\\.)?(?:"${name}"|${name}) `), ` ON ${historyTable(name)} `);
}

/**
 * The statements that bring `tot_history.<table>` in step with the live table: created with the live
 * columns plus the validity range; afterwards columns added, dropped or retyped as the live table was;
 * indexes as the live table's (so that a release page is a merge of two ordered index scans) plus two on
 * the validity range. Compares with the catalog: nothing when in step.
 */
export function historyTableStatements(name: string, catalog: TableCatalog): string[] {
  const on = historyTable(name);
  const out: string[] = [];
  const history = catalog.history;
  if (!history) {
    const columns = catalog.columns.map((c) => `${ident(c.name)} ${c.type}`);
    out.push(`create table ${on} (${[...columns, `${VALID_TO_COLUMN} bigint not null`].join(', ')})`);
  } else {
    const had = new Map(history.columns.map((c) => [c.name, c.type]));
    const live = new Set(catalog.columns.map((c) => c.name));
    for (const c of history.columns) {
      if (!live.has(c.name) && c.name !== VALID_TO_COLUMN) out.push(`alter table ${on} drop column ${ident(c.name)}`);
    }
    for (const c of catalog.columns) {
      const type = had.get(c.name);
      if (type === undefined) out.push(`alter table ${on} add column ${ident(c.name)} ${c.type}`);
      else if (type !== c.type) out.push(`alter table ${on} alter column ${ident(c.name)} type ${c.type} using ${ident(c.name)}::${c.type}`);
    }
  }
  const wanted = [...catalog.indexes.map((i) => ({ name: i.name, def: mirroredIndex(name, i.def) })), ...validityIndexes(name)];
  const present = new Map((history?.indexes ?? []).map((i) => [i.name, i.def]));
  const wantedNames = new Set(wanted.map((i) => i.name));
  for (const [index, def] of present) {
    if (!wantedNames.has(index) || wanted.find((w) => w.name === index)!.def !== def) out.push(`drop index if exists ${HISTORY_SCHEMA}.${ident(index)}`);
  }
  for (const w of wanted) if (present.get(w.name) !== w.def) out.push(w.def);
  return out;
}

/**
 * `tot_release_<table>(as_of)`. Shaped for the planner: both UNION ALL members are single tables with no
 * WHERE of their own (PostgreSQL flattens only such members into an append relation, whose members can
 * then use their indexes in order, count index-only, and be joined by key). What each member keeps is
 * one condition over the union, which constant folding splits per member: the live rows begun by the
 * release (`valid_from <= as_of`), and the superseded versions valid at it (`valid_to > as_of` too).
 * Both members are plain columns, and the history table has the live table's indexes, so an ordered
 * page is a Merge Append of two ordered index scans. `as_of` is read once per statement (`(select
 * as_of)`, an InitPlan), not once per row. PARALLEL SAFE, or no plan over it could use parallel workers.
 */
function releaseFunction(t: TrackedTable, columns: CatalogColumn[]): string {
  return `create or replace function public.${ident(`tot_release_${t.name}`)}(as_of bigint) returns setof ${t.qualified}
      language sql stable parallel safe as $fn$
      ${releaseSelect(t, columns, 'as_of')}
    $fn$`;
}

/** The rows of `t` valid at the data version `asOf` (an SQL expression, read once per statement). */
function releaseSelect(t: TrackedTable, columns: CatalogColumn[], asOf: string): string {
  const names = columns.map((c) => ident(c.name));
  return `select ${names.map((c) => `u.${c}`).join(', ')} from (
        select ${names.map((c) => `x.${c}`).join(', ')}, true as tot_live, null::bigint as tot_to from ${t.qualified} x
        union all
        select ${names.map((c) => `h.${c}`).join(', ')}, false, h.${VALID_TO_COLUMN} from ${historyTable(t.name)} h
      ) u
      where u.${VALID_FROM_COLUMN} <= (select ${asOf}) and (u.tot_live or u.tot_to > (select ${asOf}))`;
}

/**
 * Moves what an older install kept in row_history (once: installStatements empties it after). Superseded
 * versions (jsonb) go to the history table: a column the table no longer has is left behind, one added
 * since is null. A live row's open entry gives its `valid_from`, needed only when it began after the
 * first release (every release reads a row begun before it alike, so the others keep 0 and no table is
 * rewritten). A table newly tracked while releases exist, with no entries: its rows begin now.
 */
function moveRowHistory(t: TrackedTable, columns: CatalogColumn[], created: boolean): string[] {
  const names = columns.filter((c) => c.name !== VALID_FROM_COLUMN).map((c) => ident(c.name));
  const entries = `${H} h where h.table_name = '${t.name}'`;
  const firstRelease = `(select min(data_version) from public.dataset_releases)`;
  return [
    `insert into ${historyTable(t.name)} (${[...names, VALID_FROM_COLUMN, VALID_TO_COLUMN].join(', ')})
      select ${names.map((c) => `(s.r).${c}`).join(', ')}, s.valid_from, s.valid_to
      from (select jsonb_populate_record(null::${t.qualified}, h.row) as r, h.valid_from, h.valid_to from ${entries} and h.valid_to is not null) s`,
    `update ${t.qualified} x set ${VALID_FROM_COLUMN} = h.valid_from from ${entries}
      and h.valid_to is null and h.row_key = ${t.key('x')} and h.valid_from > ${firstRelease}`,
    ...(created
      ? [`update ${t.qualified} set ${VALID_FROM_COLUMN} = public.tot_data_version()
          where exists (select 1 from public.dataset_releases) and not exists (select 1 from ${entries})`]
      : []),
  ];
}

/** Sets the row's valid_from to this transaction's data version, whatever was written (one function for every table). */
const STAMP_FUNCTION = `create or replace function public.tot_history_stamp() returns trigger language plpgsql as $fn$
begin
  new.${VALID_FROM_COLUMN} := public.tot_data_version();
  return new;
end
$fn$`;

/** Triggers of an older install, dropped if present. */
const OLD_TRIGGERS = ['tot_history_insert'];

/** The SQL statements that keep `table`'s history and read it as of a data version; the catalog as it is now. */
export function historyStatements(table: PgTable, catalog: TableCatalog): string[] {
  const t = trackedTable(table);
  const { columns } = catalog;
  if (!columns.some((c) => c.name === VALID_FROM_COLUMN)) throw new Error(`table ${t.name} has no ${VALID_FROM_COLUMN} column: run the migrations first`);
  const fn = (kind: string) => `public.${ident(`tot_history_${kind}_${t.name}`)}`;
  const names = columns.map((c) => ident(c.name));
  // The superseded versions, typed, to the history table with their range. A version superseded in the
  // transaction that made it was never visible to anyone: dropped, not kept.
  const keep = (rows: string) => `insert into ${historyTable(t.name)} (${[...names, VALID_TO_COLUMN].join(', ')})
      select ${names.map((c) => `o.${c}`).join(', ')}, v from ${rows} o where o.${VALID_FROM_COLUMN} < v;`;
  const body = (statements: string) => `returns trigger language plpgsql as $fn$
declare
  v bigint := public.tot_data_version();
begin
  ${statements}
  return null;
end
$fn$`;
  const triggers: [string, string, string, string][] = [
    ['stamp', 'before insert or update', 'for each row', 'public.tot_history_stamp()'],
    ['update', 'after update', 'referencing old table as tot_old for each statement', `${fn('update')}()`],
    ['delete', 'after delete', 'referencing old table as tot_old for each statement', `${fn('delete')}()`],
    // TRUNCATE has no transition table: the rows are read before they go
    ['truncate', 'before truncate', 'for each statement', `${fn('truncate')}()`],
  ];
  const statements = [
    // first, so that moving the old history into place fires none of them
    ...[...OLD_TRIGGERS, ...triggers.map(([kind]) => `tot_history_${kind}`)].map((name) => `drop trigger if exists ${ident(name)} on ${t.qualified}`),
    `drop function if exists ${fn('insert')}()`,
    ...historyTableStatements(t.name, catalog),
    ...moveRowHistory(t, columns, !catalog.history),
    `create or replace function ${fn('update')}() ${body(keep('tot_old'))}`,
    `create or replace function ${fn('delete')}() ${body(keep('tot_old'))}`,
    `create or replace function ${fn('truncate')}() ${body(keep(t.qualified))}`,
    releaseFunction(t, columns),
    // a new history table's statistics: else the planner takes an empty, never analyzed table for 10 pages
    ...(catalog.history ? [] : [`analyze ${historyTable(t.name)}`]),
  ];
  for (const [kind, when, how, call] of triggers) {
    statements.push(`create trigger ${ident(`tot_history_${kind}`)} ${when} on ${t.qualified} ${how} execute function ${call}`);
  }
  statements.push(`drop view if exists ${RELEASE_SCHEMA}.${ident(t.name)}`);
  statements.push(
    `create view ${RELEASE_SCHEMA}.${ident(t.name)} as ${releaseSelect(t, columns, `current_setting('tot.as_of')::bigint`)}`,
  );
  return statements;
}

// A release is immutable and its version never reused: its row is never changed or deleted.
const IMMUTABLE_RELEASES = [
  `create or replace function public.tot_release_immutable() returns trigger language plpgsql as $fn$
begin
  raise exception 'a release is immutable: % of dataset_releases is refused', lower(TG_OP) using errcode = '42501';
end
$fn$`,
  'drop trigger if exists tot_release_immutable on public.dataset_releases',
  'create trigger tot_release_immutable before update or delete on public.dataset_releases for each row execute function public.tot_release_immutable()',
];

/** Every statement that installs (or refreshes) the history and the release views, in order. */
export function installStatements(catalog: Map<string, TableCatalog>, tables: PgTable[] = HISTORY_TABLES): string[] {
  return [
    `create schema if not exists ${RELEASE_SCHEMA}`,
    `create schema if not exists ${HISTORY_SCHEMA}`,
    DATA_VERSION_FUNCTION,
    STAMP_FUNCTION,
    ...IMMUTABLE_RELEASES,
    ...tables.flatMap((table) => {
      const name = trackedTable(table).name;
      const entry = catalog.get(name);
      if (!entry?.columns.length) throw new Error(`table ${name} is missing: run the migrations first`);
      return historyStatements(table, entry);
    }),
    // everything moved: give an older install's row_history back to the disk (DELETE leaves its pages)
    `do $do$ begin if exists (select 1 from ${H}) then truncate ${H}; end if; end $do$`,
  ];
}

function rowsOfResult<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** Each tracked table's columns (in order) and indexes, live and in its history table, as the database has them now. */
export async function readCatalog(db: Executor, tables: PgTable[] = HISTORY_TABLES): Promise<Map<string, TableCatalog>> {
  const names = tables.map((t) => trackedTable(t).name);
  const schemas = ['public', HISTORY_SCHEMA];
  const columns = rowsOfResult<CatalogColumn & { schema: string; table: string }>(
    await db.execute(
      sql`select n.nspname as schema, c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any(${sql.param(schemas)}::text[]) and c.relkind in ('r', 'p') and c.relname = any(${sql.param(names)}::text[])
        and a.attnum > 0 and not a.attisdropped
      order by n.nspname, c.relname, a.attnum`,
    ),
  );
  const indexes = rowsOfResult<CatalogIndex & { schema: string; table: string }>(
    await db.execute(
      sql`select n.nspname as schema, c.relname as table, i.relname as name, pg_get_indexdef(i.oid) as def
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any(${sql.param(schemas)}::text[]) and c.relname = any(${sql.param(names)}::text[])
      order by i.relname`,
    ),
  );
  const map = new Map<string, TableCatalog>();
  for (const name of names) {
    const of = <T extends { schema: string; table: string }>(rows: T[], schema: string) => rows.filter((r) => r.schema === schema && r.table === name);
    const strip = <T extends { schema: string; table: string }>({ schema: _s, table: _t, ...rest }: T) => rest;
    const historyColumns = of(columns, HISTORY_SCHEMA).map(strip);
    map.set(name, {
      columns: of(columns, 'public').map(strip),
      indexes: of(indexes, 'public').map(strip),
      history: historyColumns.length > 0 ? { columns: historyColumns, indexes: of(indexes, HISTORY_SCHEMA).map(strip) } : null,
    });
  }
  return map;
}

interface Executor {
  execute(query: ReturnType<typeof sql.raw> | ReturnType<typeof sql>): Promise<unknown>;
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
}

/**
 * Drops the release views before migrations run: a view depends on every column of its table, so
 * PostgreSQL would refuse a migration that drops or retypes one. installHistory rebuilds them after.
 * Release reads fail for the moment in between (only while a deployment migrates).
 */
export async function dropReleaseViews(db: Executor): Promise<void> {
  await db.execute(sql.raw(`drop schema if exists ${RELEASE_SCHEMA} cascade`));
}

/**
 * Installs or refreshes the history in one transaction. Runs after the migrations on every start: the
 * history tables are brought in step with the live tables, an older install's row_history is moved
 * (only the first time: it is empty after that), the trigger functions and views are recreated.
 */
export async function installHistory(db: Executor): Promise<void> {
  await db.transaction(async (tx) => {
    // two processes starting at once must not rebuild the views into each other
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${RELEASE_LOCK_KEY + 1})`));
    const catalog = await readCatalog(tx);
    for (const statement of installStatements(catalog)) await tx.execute(sql.raw(statement));
  });
}
