// npm run db:status — which migrations of migrations/ the configured database has applied and which
// are pending, read from drizzle's own bookkeeping table (drizzle.__drizzle_migrations), the same
// table and the same rule (by migration folder name) that migrate() uses. Exits 0 either way.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { bigint, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { asc } from 'drizzle-orm';
import { MIGRATIONS_DIR, type Db } from '../db/client.js';
import { cliConfig, cliDatabase, isMain } from './open.js';

const drizzleSchema = pgSchema('drizzle');
const migrationsTable = drizzleSchema.table('__drizzle_migrations', {
  hash: text('hash').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }),
  name: text('name'),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }),
});

export interface MigrationStatus {
  applied: { name: string; appliedAt: Date | null; changed: boolean }[];
  /** in migrations/ but not applied, in the order migrate() would apply them */
  pending: string[];
  /** applied to the database but missing from migrations/ (an older or newer checkout?) */
  unknown: string[];
}

/** The SQLSTATE of a database error, however the driver or drizzle wrapped it. */
function sqlState(error: unknown): string | undefined {
  for (let e: any = error; e; e = e.cause) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

export async function migrationStatus(db: Db, folder = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const local = readMigrationFiles({ migrationsFolder: folder });
  let rows: { hash: string; name: string | null; appliedAt: Date | null }[];
  try {
    rows = await db
      .select({ hash: migrationsTable.hash, name: migrationsTable.name, appliedAt: migrationsTable.appliedAt })
      .from(migrationsTable)
      .orderBy(asc(migrationsTable.createdAt));
  } catch (error) {
    // 42P01 undefined_table, 3F000 invalid_schema_name: nothing was ever migrated.
    if (sqlState(error) === '42P01' || sqlState(error) === '3F000') rows = [];
    else throw error;
  }
  const byName = new Map(rows.filter((r) => r.name).map((r) => [r.name!, r]));
  const localNames = new Set(local.map((m) => m.name));
  return {
    applied: local
      .filter((m) => byName.has(m.name))
      .map((m) => ({ name: m.name, appliedAt: byName.get(m.name)!.appliedAt, changed: byName.get(m.name)!.hash !== m.hash })),
    pending: local.filter((m) => !byName.has(m.name)).map((m) => m.name),
    unknown: rows.filter((r) => r.name && !localNames.has(r.name)).map((r) => r.name!),
  };
}

export function describeMigrationStatus(kind: string, status: MigrationStatus): string {
  const lines = [`database: ${kind}`];
  for (const m of status.applied) {
    lines.push(`  applied  ${m.name}${m.appliedAt ? `  (${m.appliedAt.toISOString()})` : ''}${m.changed ? '  CHANGED since applied' : ''}`);
  }
  for (const name of status.pending) lines.push(`  pending  ${name}`);
  for (const name of status.unknown) lines.push(`  unknown  ${name}  (applied, not in migrations/)`);
  lines.push(`${status.applied.length} applied, ${status.pending.length} pending`);
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  const config = cliConfig();
  const database = await cliDatabase(config);
  try {
    console.log(describeMigrationStatus(database.kind, await migrationStatus(database.db)));
  } catch (error) {
    console.error(`status failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
