// Each test database starts as a freshly migrated one and belongs to its caller until close(); how it
// gets there is cheap (docs/testing.md):
// - PGlite (default): a worker keeps migrated in-memory instances. close() resets one to the migrated
//   state (TRUNCATE ... RESTART IDENTITY, the migration's reference rows and sequence values restored,
//   DISCARD ALL) and keeps it for the next file; one whose schema changed is closed instead. A second
//   database needed while the first is in use loads a dump of the migrated one (~1.5 s, not ~5 s).
// - PostgreSQL (TEST_DATABASE_URL): a fresh database per call, copied from one migrated template
//   database (test/helpers/global-setup.ts makes it) and dropped again on close().
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { databaseUrl } from './database-url.js';

export interface TestDatabase extends Database {
  /** every SQL statement sent since the last reset */
  statements: string[];
  /** the database's URL, when on a PostgreSQL server */
  url?: string;
}

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Provided by test/helpers/global-setup.ts when TEST_DATABASE_URL is set. */
declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | undefined;
  }
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const statements: string[] = [];
  const onQuery = (sql: string) => statements.push(sql);
  const migrated = options.migrate !== false;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return serverDatabase(serverUrl, migrated, statements, onQuery);

  const client = migrated ? await takeMigrated() : await openInstance(await pristineDump());
  // The caller gets a handle of its own: once closed, it refuses every query as a closed PGlite does,
  // even while the instance behind it serves the next test file.
  const handle = revocable(client);
  const database = await openDatabase({ pglite: handle.client, onQuery });
  return {
    ...database,
    statements,
    async close() {
      if (!handle.revoke()) return;
      if (migrated) await giveBack(client);
      else await client.close();
    },
  };
}

/**
 * Fills the empty folder `dir` with a PGlite database (migrated unless `migrate: false`) for a server
 * or CLI a test spawns with DATA_DIR=dir: the child then skips initdb, seconds of its start. PGlite runs
 * only; a test about starting in a fresh data folder must not use it.
 */
export async function prepareDataDir(dir: string, options: { migrate?: boolean } = {}): Promise<void> {
  const base = await loadBaseline();
  const client = new PGlite(dir, { loadDataDir: options.migrate === false ? base.pristine : base.migrated });
  await client.waitReady;
  await client.close();
}

/**
 * A PGlite instance of the caller's own (unmigrated unless `migrate: true`), for a test that opens the
 * database itself with openDatabase({ pglite }); closing that database closes it. Loaded from the
 * worker's dump: about a third of the time a new PGlite takes to initialise.
 */
export async function openTestPGlite(options: { migrate?: boolean } = {}): Promise<PGlite> {
  const base = await loadBaseline();
  return openInstance(options.migrate ? base.migrated : base.pristine);
}

// ---- PostgreSQL: one database per call, copied from the migrated template -------------------------

async function serverDatabase(
  serverUrl: string,
  migrated: boolean,
  statements: string[],
  onQuery: (sql: string) => void,
): Promise<TestDatabase> {
  const name = `tot_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = migrated ? providedTemplate() : undefined;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  const url = databaseUrl(serverUrl, name);
  const database = await openDatabase({ url, onQuery, poolSize: 4 });
  if (migrated && !template) await database.migrate();
  statements.length = 0;
  return {
    ...database,
    statements,
    url,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

function providedTemplate(): string | undefined {
  try {
    return inject('templateDatabase');
  } catch {
    return undefined; // outside vitest's runner (no global setup): migrate each database instead
  }
}

// ---- PGlite: migrated instances shared within a worker --------------------------------------------

/** What a freshly migrated database holds, to check and restore a used one against. */
interface Baseline {
  pristine: Blob;
  migrated: Blob;
  fingerprint: string;
  /** `truncate` of every table, and the statements that put back the migrations' rows and sequences */
  reset: string;
}

/** Instances kept per worker; more are closed (each holds ~100 MB). */
const MAX_IDLE = 2;
const idle: PGlite[] = [];
let baseline: Promise<Baseline> | undefined;

async function openInstance(dump?: Blob): Promise<PGlite> {
  const client = new PGlite(dump ? { loadDataDir: dump } : {});
  await client.waitReady;
  return client;
}

/** A view of `client` whose methods reject, and whose `closed` is true, once revoke() is called. */
function revocable(client: PGlite): { client: PGlite; revoke(): boolean } {
  let revoked = false;
  const view = new Proxy(client, {
    get(target, property) {
      if (property === 'closed') return revoked || target.closed;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        revoked ? Promise.reject(new Error('PGlite is closed')) : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return {
    client: view,
    revoke() {
      const first = !revoked;
      revoked = true;
      return first;
    },
  };
}

/** The first instance of the worker: a fresh PGlite, dumped before and after migrating. */
function loadBaseline() {
  baseline ??= (async () => {
    const first = await openInstance();
    await first.exec('checkpoint');
    const pristine = await first.dumpDataDir('none');
    await (await openDatabase({ pglite: first })).migrate();
    await first.exec('checkpoint');
    const [fingerprint, reset, migrated] = await Promise.all([
      schemaFingerprint(first),
      resetStatements(first),
      first.dumpDataDir('none'),
    ]);
    idle.push(first);
    return { pristine, migrated, fingerprint, reset };
  })();
  return baseline;
}

async function pristineDump(): Promise<Blob> {
  return (await loadBaseline()).pristine;
}

async function takeMigrated(): Promise<PGlite> {
  const { migrated } = await loadBaseline();
  return idle.pop() ?? openInstance(migrated);
}

/** How long a closed handle's last statements may take to finish before its instance is dropped. */
const SETTLE_MS = 5_000;

/**
 * Resets a migrated instance its owner has closed and keeps it for the next caller; closes it instead
 * when it stays busy, is left inside a transaction, or its schema is no longer the migrated one.
 */
async function giveBack(client: PGlite): Promise<void> {
  const base = await loadBaseline();
  if (client.closed) return;
  const drop = () => client.close().catch(() => {});
  try {
    // statements already sent (a transaction in flight, say) finish before this one runs
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      client.query('select 1').then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SETTLE_MS))),
    ]).finally(() => clearTimeout(timer));
    if (!settled) {
      void drop(); // still busy: not awaited, its queue may never drain
      return;
    }
    if (idle.length >= MAX_IDLE || client.isInTransaction() || (await schemaFingerprint(client)) !== base.fingerprint) {
      await drop();
      return;
    }
    await client.exec(base.reset);
    await client.exec('discard all');
    idle.push(client);
  } catch {
    await drop();
  }
}

async function rows<T>(client: PGlite, query: string): Promise<T[]> {
  return (await client.query<T>(query)).rows;
}

/**
 * Everything a test could change besides table rows: schemas, tables, columns, constraints, indexes,
 * functions, triggers, types, roles, extensions and the applied migrations. An instance whose
 * fingerprint differs from the migrated one's is not reused.
 */
async function schemaFingerprint(client: PGlite): Promise<string> {
  const [row] = await rows<{ fingerprint: string }>(
    client,
    /* testSchemaFingerprint */ `
    select md5(string_agg(item, E'\\n' order by item)) as fingerprint from (
      select 'namespace ' || nspname as item from pg_namespace
      union all select 'relation ' || c.oid::regclass || ' ' || c.relkind::text || ' ' || c.relpersistence::text
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      union all select 'column ' || a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
          || ' ' || a.attnotnull::text || ' ' || a.attgenerated::text || ' ' || a.attidentity::text || ' '
          || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and a.attnum > 0 and not a.attisdropped
      union all select 'constraint ' || conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid)
        from pg_constraint where connamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
      union all select 'index ' || indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid) from pg_index i
        join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      union all select 'function ' || p.oid::regprocedure || ' ' || md5(p.prosrc) from pg_proc p
        where pronamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
      union all select 'trigger ' || tgrelid::regclass || '.' || tgname || ' ' || tgenabled::text from pg_trigger where not tgisinternal
      union all select 'type ' || t.oid::regtype from pg_type t
        where typnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace)
      union all select 'enum ' || enumtypid::regtype || ' ' || enumlabel || ' ' || enumsortorder from pg_enum
      union all select 'role ' || rolname from pg_roles
      union all select 'extension ' || extname || ' ' || extversion from pg_extension
      union all select 'setting ' || coalesce(setdatabase::text, '') || ' ' || array_to_string(setconfig, ',') from pg_db_role_setting
      union all select 'migration ' || hash from drizzle.__drizzle_migrations
    ) items`,
  );
  return row!.fingerprint;
}

/**
 * One script that brings a migrated database back to how migrating left it: every table emptied and
 * its identity restarted, the rows the migrations inserted (the reference regions) put back, and every
 * sequence set to where the migrations left it. The migrations' own table is left alone.
 */
async function resetStatements(client: PGlite): Promise<string> {
  const tables = await rows<{ name: string; columns: string }>(
    client,
    `select c.oid::regclass::text as name,
            string_agg(quote_ident(a.attname), ', ' order by a.attnum) as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'drizzle')
      group by c.oid order by 1`,
  );
  const restore: string[] = [];
  for (const { name, columns } of tables) {
    const [{ data } = { data: null }] = await rows<{ data: string | null }>(
      client,
      `select json_agg(t)::text as data from (select ${columns} from ${name}) t`,
    );
    if (data == null) continue;
    restore.push(
      `insert into ${name} (${columns}) overriding system value select ${columns} from json_populate_recordset(null::${name}, ${quote(data)});`,
    );
  }
  const sequences = await rows<{ name: string; value: string; called: boolean }>(
    client,
    `select format('%I.%I', schemaname, sequencename) as name, coalesce(last_value, start_value)::text as value,
            last_value is not null as called
       from pg_sequences where schemaname not in ('drizzle')`,
  );
  return [
    'begin;',
    tables.length ? `truncate ${tables.map((t) => t.name).join(', ')} restart identity cascade;` : '',
    // foreign keys among the restored rows are checked as the migrations checked them; not again here
    'set local session_replication_role = replica;',
    ...restore,
    ...sequences.map((s) => `select setval(${quote(s.name)}, ${s.value}, ${s.called});`),
    'commit;',
  ].join('\n');
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
