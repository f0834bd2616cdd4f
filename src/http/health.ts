// /health: the process is alive and answering (200 while it runs; it never touches the database,
// so a database outage does not get the process restarted). /ready: this instance should receive
// traffic: the database answers, no migration is pending, and it is not shutting down; 503 with a
// JSON reason otherwise, so a load balancer drains it until it recovers.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { sql } from 'drizzle-orm';
import type { Plugin } from 'graphql-yoga';
import { MIGRATIONS_DIR, type Database } from '../db/client.js';
import { named, rowsOf } from '../db/statements.js';
import type { Logger } from '../logger.js';

export interface Readiness {
  /** set by the server when it starts shutting down, so load balancers stop sending traffic */
  shuttingDown: boolean;
}

export type ReadyResult = { ready: true } | { ready: false; reason: string; detail?: Record<string, unknown> };

const PROBE_TIMEOUT_MS = 3000;

export async function checkReady(database: Database, readiness: Readiness, migrationsDir = MIGRATIONS_DIR): Promise<ReadyResult> {
  if (readiness.shuttingDown) return { ready: false, reason: 'shutting down' };
  try {
    await withTimeout(database.ping(), PROBE_TIMEOUT_MS);
  } catch {
    return { ready: false, reason: 'database unreachable' };
  }
  const pending = await withTimeout(pendingMigrations(database, migrationsDir), PROBE_TIMEOUT_MS).catch(() => null);
  if (pending === null) return { ready: false, reason: 'database unreachable' };
  if (pending.length > 0) return { ready: false, reason: 'migrations pending', detail: { pendingMigrations: pending } };
  return { ready: true };
}

/** Names of the migrations in the repository that the database has not applied. */
export async function pendingMigrations(database: Database, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const local = readMigrationFiles({ migrationsFolder: migrationsDir });
  const exists = rowsOf(await database.db.execute(named('migrationTableExists', sql`select to_regclass('drizzle.__drizzle_migrations') is not null as "exists"`)));
  let applied: { name: string | null; hash: string }[] = [];
  if (exists[0]?.exists === true) {
    applied = rowsOf<(typeof applied)[number]>(await database.db.execute(named('migrationsApplied', sql`select name, hash from drizzle.__drizzle_migrations`)));
  }
  const names = new Set(applied.map((m) => m.name));
  const hashes = new Set(applied.map((m) => m.hash));
  return local.filter((m) => !names.has(m.name ?? null) && !hashes.has(m.hash)).map((m) => m.name ?? m.hash);
}


function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function useHealthRoutes(database: Database, readiness: Readiness, logger: Logger): Plugin {
  const json = (fetchAPI: { Response: typeof Response }, status: number, body: unknown) =>
    new fetchAPI.Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (url.pathname === '/health') {
        endResponse(json(fetchAPI, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
      } else if (url.pathname === '/ready') {
        const result = await checkReady(database, readiness);
        if (result.ready) {
          endResponse(json(fetchAPI, 200, { status: 'ready', database: database.kind }));
        } else {
          logger.warn({ reason: result.reason, ...result.detail }, 'not ready');
          endResponse(json(fetchAPI, 503, { status: 'unavailable', reason: result.reason, ...result.detail }));
        }
      }
    },
  };
}
