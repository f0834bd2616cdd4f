// Opens the database the configuration names: postgres.js for a PostgreSQL server, PGlite otherwise.
// Both return the same drizzle type, so the schema, the seed and the tests never care which it is.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { withReplicas, type PgAsyncDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { dropReleaseViews, installHistory } from '../release/history.js';
import { pgliteAsOf, postgresAsOf } from './as-of.js';
import { lockDataFolder } from './lock.js';
import { relations, type Relations } from './relations.js';

export type Db = PgAsyncDatabase<PgQueryResultHKT, Relations>;

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Distinct SQL texts that may become named prepared statements (each one, on each pooled connection). */
export const MAX_PREPARED_STATEMENTS = 500;

/**
 * drizzle 1.0.0-rc.4 sends every query with `prepare: false` (`execute()` passes no name), so
 * PostgreSQL parses and plans every statement afresh, and postgres.js sends Parse and Describe each
 * time. This gives drizzle a client whose queries are named prepared statements once their text has
 * been sent twice: postgres.js then reuses the statement on each connection (Bind/Execute only). It
 * keeps a statement for the connection's life and never deallocates, so only the first
 * MAX_PREPARED_STATEMENTS distinct texts are prepared; later ones run unnamed as before.
 */
export function preparingClient(client: postgres.Sql, max = MAX_PREPARED_STATEMENTS): postgres.Sql {
  const shouldPrepare = preparer(max);
  const unsafe = (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
    client.unsafe(query, params as never, { ...options, prepare: shouldPrepare(query) });
  return new Proxy(client, {
    get: (target, property, receiver) => (property === 'unsafe' ? unsafe : Reflect.get(target, property, receiver)),
  });
}

/** Decides per statement text whether it is prepared: from its second sending, for the first `max` texts. */
export function preparer(max = MAX_PREPARED_STATEMENTS): (query: string) => boolean {
  const seen = new Map<string, boolean>(); // text -> prepared
  let prepared = 0;
  return (query) => {
    let prepare = seen.get(query);
    if (prepare === undefined) {
      if (seen.size < max * 4) seen.set(query, false);
      prepare = false;
    } else if (!prepare && prepared < max) {
      seen.set(query, true);
      prepared++;
      prepare = true;
    }
    return prepare;
  };
}

export interface DbOptions {
  /** postgres:// URL; without it PGlite is used. */
  url?: string | undefined;
  /** read replicas of `url`: plain reads go to one of them, writes and transactions to `url` */
  readUrls?: string[] | undefined;
  /** PGlite data folder; 'memory://' (the default) keeps everything in memory. */
  pgliteDir?: string | undefined;
  /** an open PGlite instance to use instead of opening one from `pgliteDir` (the tests share instances) */
  pglite?: PGlite | undefined;
  poolSize?: number;
  statementTimeoutMs?: number;
  /** Called with every SQL statement sent, e.g. to count statements per request. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

export interface Database {
  /** reads go to a read replica when there are any; writes and transactions to the primary */
  db: Db;
  /** the primary alone: for reads that must see a write just made (read-your-writes) */
  primary: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /**
   * A read-only handle on the data as it stood at a data version (a release): every query, drizzle's
   * or hand-written, reads the release views of src/release/history.ts (see src/db/as-of.ts).
   */
  asOf(dataVersion: number): Db;
  /** Sends a trivial statement; rejects when the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * PostgreSQL only: a small pool of its own for long streaming reads (CSV/JSON exports), whose
   * statement_timeout is `statementTimeoutMs` (0 = none) instead of the API's. A cursor's statement
   * lives as long as its client takes to download, so it cannot share the API's short limit; a pool of
   * STREAMING_POOL_SIZE also bounds how many exports run at once. Opened on first use.
   */
  streamingClient?(statementTimeoutMs: number): postgres.Sql;
  close(): Promise<void>;
}

/** Connections for long streaming reads: more concurrent exports wait for one to finish. */
export const STREAMING_POOL_SIZE = 2;

/** One handle per data version, made on first use (a process reads a handful of releases). */
function cachedAsOf(make: (dataVersion: number) => Db): (dataVersion: number) => Db {
  const handles = new Map<number, Db>();
  return (dataVersion) => {
    let handle = handles.get(dataVersion);
    if (!handle) {
      handle = make(dataVersion);
      handles.set(dataVersion, handle);
    }
    return handle;
  };
}

/**
 * Opens the database. Async because PGlite (and drizzle's PGlite driver, which imports it) is loaded
 * only when it is used: a server on PostgreSQL never pays its ~40 MB of RSS.
 */
export async function openDatabase(options: DbOptions = {}): Promise<Database> {
  const logger: Logger | undefined = options.onQuery
    ? { logQuery: (query, params) => options.onQuery?.(query, params) }
    : undefined;

  if (options.url) {
    const connect = (url: string) =>
      postgres(url, {
        max: options.poolSize ?? 10,
        onnotice: () => {},
        // JIT compiles a statement's expressions when its estimated cost passes jit_above_cost; for this
        // API's index-driven statements that costs more than it saves (dataQualityIssues at 1M figures:
        // 0.45-9.3 s of JIT for 1.3-3.8 s of execution, docs/performance.md), so it is off for our sessions.
        connection: { jit: 'off', ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}) },
      });
    const client = connect(options.url);
    const primary = drizzlePostgres({ client: preparingClient(client), relations, logger }) as unknown as Db;
    const replicaClients = (options.readUrls ?? []).map(connect);
    const replicas = replicaClients.map((c) => drizzlePostgres({ client: preparingClient(c), relations, logger }) as unknown as Db);
    // withReplicas keeps the primary's type plus $primary/$replicas, so the rest of the code still sees Db.
    const db: Db = replicas.length > 0 ? (withReplicas(primary, replicas as [Db, ...Db[]]) as unknown as Db) : primary;
    // one pool per time limit asked for (the app asks for one)
    const streaming = new Map<number, postgres.Sql>();
    const releasePrepare = preparer();
    const asOf = cachedAsOf((version) =>
      drizzlePostgres({ client: postgresAsOf(client, version, releasePrepare), relations, logger }) as unknown as Db,
    );
    return {
      db,
      primary,
      kind: 'postgres',
      asOf,
      async migrate() {
        await dropReleaseViews(primary as never);
        const failure = await migratePostgres(primary as never, { migrationsFolder: MIGRATIONS_DIR });
        if (failure) throw new Error(`Migration failed: ${failure.exitCode}`);
        await installHistory(primary as never);
      },
      async ping() {
        await Promise.all([client, ...replicaClients].map((c) => c`select 1`));
      },
      streamingClient(statementTimeoutMs) {
        let pool = streaming.get(statementTimeoutMs);
        if (!pool) {
          // reads, so a replica when there is one
          pool = postgres(options.readUrls?.[0] ?? options.url!, {
            max: STREAMING_POOL_SIZE,
            onnotice: () => {},
            connection: { jit: 'off', statement_timeout: statementTimeoutMs },
          });
          streaming.set(statementTimeoutMs, pool);
        }
        return pool;
      },
      async close() {
        await Promise.all([client, ...replicaClients, ...streaming.values()].map((c) => c.end({ timeout: 5 })));
      },
    };
  }

  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const dir = options.pgliteDir ?? 'memory://';
  let unlock = () => {};
  if (!options.pglite && !dir.startsWith('memory://')) {
    mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    unlock = lockDataFolder(path.resolve(dir));
    mkdirSync(dir, { recursive: true });
  }
  const client = options.pglite ?? new PGlite(dir);
  // PGlite accepts statement_timeout but, single-threaded, cannot enforce it (see docs/operations.md);
  // it is set anyway so the setting reads the same on both drivers.
  if (options.statementTimeoutMs) void client.exec(`set statement_timeout = ${Math.floor(options.statementTimeoutMs)}`).catch(() => {});
  const db = drizzlePglite({ client, relations, logger }) as unknown as Db;
  return {
    db,
    primary: db,
    kind: 'pglite',
    asOf: cachedAsOf((version) => drizzlePglite({ client: pgliteAsOf(client, version), relations, logger }) as unknown as Db),
    async migrate() {
      await dropReleaseViews(db as never);
      const failure = await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
      if (failure) throw new Error(`Migration failed: ${failure.exitCode}`);
      await installHistory(db as never);
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        unlock();
      }
    },
  };
}
