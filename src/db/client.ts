// Opens the database the configuration names: postgres.js for a PostgreSQL server, PGlite otherwise.
// Both return the same drizzle type, so the schema, the seed and the tests never care which it is.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { relations, type Relations } from './relations.js';

export type Db = PgAsyncDatabase<PgQueryResultHKT, Relations>;

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface DbOptions {
  /** postgres:// URL; without it PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; 'memory://' (the default) keeps everything in memory. */
  pgliteDir?: string | undefined;
  poolSize?: number;
  statementTimeoutMs?: number;
  /** Called with every SQL statement sent, e.g. to count statements per request. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /** Sends a trivial statement; rejects when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(options: DbOptions = {}): Database {
  const logger: Logger | undefined = options.onQuery
    ? { logQuery: (query, params) => options.onQuery?.(query, params) }
    : undefined;

  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connection: options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {},
    });
    const db = drizzlePostgres({ client, relations, logger }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      async migrate() {
        const failure = await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_DIR });
        if (failure) throw new Error(`Migration failed: ${failure.exitCode}`);
      },
      async ping() {
        await client`select 1`;
      },
      async close() {
        await client.end({ timeout: 5 });
      },
    };
  }

  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzlePglite({ client, relations, logger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      const failure = await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
      if (failure) throw new Error(`Migration failed: ${failure.exitCode}`);
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}
