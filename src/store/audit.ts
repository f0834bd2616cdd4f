// The audit log's half of the write layer: the one way a row becomes JSON (for the log, the import's
// change list and restore), and the insert of the entries. The writer (./writer.ts) calls recordAudit
// in the transaction that made the changes, so there is no write without its entry, and no entry for a
// write that was rolled back.
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditLog, VALID_FROM } from '../db/schema.js';
import { chunked } from './chunks.js';

/** A database handle or an open transaction. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE' | 'RESTORE';

/**
 * GraphQL type names, so that an entity's global ID follows from entityType and entityId. Link rows
 * have no ID of their own: their entityId is `factorId:reportId`, `factorId:regionId` or `groupId:memberId`.
 */
export type EntityType =
  | 'Report'
  | 'ReportPublication'
  | 'RecruitmentFigure'
  | 'FigureVariant'
  | 'RegionMembership'
  | 'CoercionFactor'
  | 'CoercionFactorReport'
  | 'CoercionFactorRegion';

export type JsonRow = Record<string, unknown>;

/** Who made a change: a token, or a named process such as `cli` when no token was involved. */
export interface Actor {
  tokenId: number | null;
  /** the token's name at the time (kept if the token is later deleted), or the process */
  actor: string;
}

export interface AuditChange {
  action: AuditAction;
  entityType: EntityType;
  entityId: string;
  before: JsonRow | null;
  after: JsonRow | null;
}

/**
 * A row as plain JSON: keyed by the drizzle property names in the table's column order, timestamps as
 * ISO strings, generated columns (the search vectors) left out since they follow from the rest and
 * cannot be written back. Entries written before this serializer was shared (by the bundle importer's
 * own) have the same shape: every column of a whole row, less `search`.
 */
export function toJson(table: Table, row: object): JsonRow {
  const out: JsonRow = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if ((column as { generated?: unknown }).generated || key === VALID_FROM) continue;
    const value = (row as Record<string, unknown>)[key];
    if (value === undefined) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

export type AuditEntryRow = typeof auditLog.$inferSelect;

/** Inserts one entry per change, in order (in batches under the parameter limit), and returns them. */
export async function recordAudit(tx: Tx, actor: Actor, changes: AuditChange[]): Promise<AuditEntryRow[]> {
  const rows = changes.map((c) => ({
    tokenId: actor.tokenId,
    actor: actor.actor,
    action: c.action,
    entityType: c.entityType,
    entityId: c.entityId,
    before: c.before,
    after: c.after,
  }));
  return chunked(auditLog, rows, (batch) => tx.insert(auditLog).values(batch).returning());
}

/** The inverse of toJson: row values for drizzle from an entry's JSON, ISO strings back to Dates for timestamps. */
/**
 * Columns added after a row could have been recorded, and the value that stands for them in an older
 * entry: a figure recorded before units existed is in its metric's default unit (null lets the trigger
 * recruitment_figures_default_unit fill it in, also where the restored metric differs from the current
 * one). Columns with a plain default (period kind FLOW, DAY precisions, source kind) take it on insert;
 * on update they keep their value, which for rows of that age is the default.
 */
const ADDED_COLUMNS: Partial<Record<string, JsonRow>> = {
  recruitment_figures: { unit: null },
};

export function fromJson(table: Table, json: JsonRow): Record<string, unknown> {
  json = { ...ADDED_COLUMNS[getTableName(table)], ...json };
  const values: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if ((column as { generated?: unknown }).generated || key === VALID_FROM || !(key in json)) continue;
    const value = json[key];
    values[key] = column.columnType === 'PgTimestamp' && typeof value === 'string' ? new Date(value) : value;
  }
  return values;
}
