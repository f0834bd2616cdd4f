// The one way a row is written. A Writer wraps an open transaction: every insert, update and delete of
// an entity goes through it, so that versions, updated_at, change detection and the audit entry are the
// same whoever writes (a mutation, the bundle importer, restore). `write` opens the transaction, records
// the writer's changes in the audit log inside it, and turns a violated constraint into a ConflictError.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { NotFoundError, StaleWriteError } from '../domain/errors.js';
import { recordAudit, toJson, type Actor, type AuditAction, type AuditChange, type AuditEntryRow, type Tx } from './audit.js';
import { batches, chunked, MAX_PARAMETERS } from './chunks.js';
import { conflictFromDatabaseError } from './constraint-errors.js';
import { givenColumns, type Entity, type NewRow, type Row } from './entities.js';

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  return (a ?? null) === (b ?? null);
}

/** The fields of `desired` (undefined = not given) whose value differs from `current`. */
export function changedFields(current: object, desired: Record<string, unknown>): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired)) {
    if (value !== undefined && !same((current as Record<string, unknown>)[key], value)) diff[key] = value;
  }
  return diff;
}

export interface UpdateOptions {
  /** RESTORE puts an audit entry's row back */
  action?: 'UPDATE' | 'RESTORE';
  /** write every given column and bump the version even when nothing differs (restore) */
  always?: boolean;
}

export class Writer {
  /** every change made so far, in order: what the audit log and the import's result show */
  readonly changes: AuditChange[] = [];

  constructor(readonly tx: Tx) {}

  private record(action: AuditAction, entity: Entity, before: object | null, after: object | null) {
    const row = (after ?? before)!;
    this.changes.push({
      action,
      entityType: entity.type,
      entityId: entity.idOf(row),
      before: before ? toJson(entity.table, before) : null,
      after: after ? toJson(entity.table, after) : null,
    });
  }

  /** Inserts whole rows (in as few statements as the parameter limit allows) and records each. */
  async insert<T extends PgTable>(entity: Entity<T>, rows: NewRow<T>[], action: 'CREATE' | 'RESTORE' = 'CREATE'): Promise<Row<T>[]> {
    const table = entity.table as PgTable;
    // drizzle types its builders per table; the writer serves every entity and types results from it.
    const created = (await chunked(table, rows, (batch) => this.tx.insert(table).values(batch as never[]).returning())) as Row<T>[];
    for (const row of created) this.record(action, entity, null, row);
    return created;
  }

  /**
   * Reads the row to change and locks it until the transaction ends, so that the version check and the
   * write cannot be interleaved with another editor's. A row that does not exist is NotFoundError; one
   * whose version is not `expectedVersion` is StaleWriteError, and nothing is written.
   */
  async lock<T extends PgTable>(entity: Entity<T>, id: number, expectedVersion: number): Promise<Row<T>> {
    const [row] = (await this.tx
      .select()
      .from(entity.table as PgTable)
      .where(entity.key(String(id)))
      .for('update')) as (Row<T> & { version: number })[];
    if (!row) throw new NotFoundError(entity.type, encodeGlobalID(entity.type, id));
    if (row.version !== expectedVersion) {
      throw new StaleWriteError(entity.type, encodeGlobalID(entity.type, id), expectedVersion, row.version);
    }
    return row;
  }

  /**
   * Applies the given columns of `desired` that differ from `current`, bumping the version (where the
   * table has one) and updated_at, and records the change. Nothing differing writes and records
   * nothing: `current` is returned as it is.
   */
  async update<T extends PgTable>(entity: Entity<T>, current: Row<T>, desired: object, options: UpdateOptions = {}): Promise<Row<T>> {
    const given = givenColumns(entity, desired);
    const set = options.always ? given : changedFields(current, given);
    if (!options.always && Object.keys(set).length === 0) return current;
    const table = entity.table as PgTable;
    const columns = getTableColumns(table);
    if ('version' in columns) set.version = sql`${columns.version} + 1`;
    if ('updatedAt' in columns) set.updatedAt = sql`now()`;
    const [updated] = (await this.tx
      .update(table)
      .set(set as never)
      .where(entity.key(entity.idOf(current)))
      .returning()) as Row<T>[];
    this.record(options.action ?? 'UPDATE', entity, current, updated!);
    return updated!;
  }

  /** Deletes the rows `where` finds and records each. A missing condition is a bug, never "every row". */
  async remove<T extends PgTable>(entity: Entity<T>, where: SQL | undefined): Promise<Row<T>[]> {
    if (!where) throw new Error(`remove(${entity.type}) without a condition`);
    const table = entity.table as PgTable;
    const gone = (await this.tx.delete(table).where(where).returning()) as Row<T>[];
    for (const row of gone) this.record('DELETE', entity, row, null);
    return gone;
  }

  /** Deletes rows by id (in batches under the parameter limit) and records each. */
  async removeIds<T extends PgTable & { id: PgColumn }>(entity: Entity<T>, ids: number[]): Promise<Row<T>[]> {
    const gone: Row<T>[] = [];
    for (const batch of batches(ids, MAX_PARAMETERS)) gone.push(...(await this.remove(entity, inArray(entity.table.id, batch))));
    return gone;
  }

  /**
   * Deletes `row` with what belongs to it. The dependents go first, in the order given (the foreign keys
   * would otherwise take them unrecorded), but the audit log lists the row first, then its dependents:
   * restore finds them as the DELETE entries of the same transaction.
   */
  async removeWith<T extends PgTable>(
    entity: Entity<T>,
    row: Row<T>,
    dependents: [Entity, SQL | undefined][],
  ): Promise<void> {
    const mark = this.changes.length;
    for (const [dependent, where] of dependents) await this.remove(dependent, where);
    const id = entity.idOf(row);
    await this.tx.delete(entity.table as PgTable).where(entity.key(id));
    this.record('DELETE', entity, row, null);
    this.changes.splice(mark, 0, this.changes.pop()!);
  }
}

export interface WriteOptions {
  /** run everything, return the changes, and roll it all back */
  dryRun?: boolean;
}

export interface WriteResult<T> {
  value: T;
  /** every change, in the order written */
  changes: AuditChange[];
  /** the audit entries written (none for a dry run) */
  entries: AuditEntryRow[];
}

class DryRunRollback<T> extends Error {
  constructor(readonly result: WriteResult<T>) {
    super('dry run');
  }
}

/**
 * One write: a transaction, a Writer for `work`, and the audit entries of everything it changed,
 * recorded by `actor` in the same transaction, or nothing at all. A known constraint violation comes
 * back as a ConflictError. With dryRun the changes are computed by really making them, then rolled back.
 */
export async function write<T>(db: Db, actor: Actor, work: (w: Writer) => Promise<T>, options: WriteOptions = {}): Promise<WriteResult<T>> {
  try {
    return await db.transaction(async (tx) => {
      const w = new Writer(tx);
      const value = await work(w);
      if (options.dryRun) throw new DryRunRollback({ value, changes: w.changes, entries: [] });
      const entries = await recordAudit(tx, actor, w.changes);
      return { value, changes: w.changes, entries };
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as WriteResult<T>;
    throw conflictFromDatabaseError(error) ?? error;
  }
}

/**
 * `work` with a Writer on a transaction the caller holds and commits, the audit entries left to the
 * caller (tests and fixtures that load rows). With dryRun it runs inside a savepoint rolled back.
 */
export async function writeWithin<T>(tx: Tx, work: (w: Writer) => Promise<T>, options: WriteOptions = {}): Promise<AuditChange[]> {
  if (!options.dryRun) {
    const w = new Writer(tx);
    await work(w);
    return w.changes;
  }
  let changes: AuditChange[] = [];
  try {
    await tx.transaction(async (savepoint) => {
      const w = new Writer(savepoint);
      await work(w);
      changes = w.changes;
      throw new DryRunRollback({ value: undefined, changes, entries: [] });
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return changes;
}
