// Writes audit entries. Callers pass the transaction that makes the change, so the entry and the change
// are committed together or not at all: there is no write without its entry, and no entry for a write
// that was rolled back.
import { getTableColumns, type Table } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditLog } from '../db/schema.js';

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
 * A row as plain JSON: keyed by the drizzle property names, timestamps as ISO strings, generated
 * columns (the search vectors) left out since they follow from the rest and cannot be written back.
 */
export function snapshot(table: Table, row: Record<string, unknown>): JsonRow {
  const out: JsonRow = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if ((column as { generated?: unknown }).generated) continue;
    const value = row[key];
    if (value === undefined) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

export type AuditEntryRow = typeof auditLog.$inferSelect;

/** Inserts one entry per change, in order, and returns them. */
export async function recordAudit(tx: Tx, actor: Actor, changes: AuditChange[]): Promise<AuditEntryRow[]> {
  if (changes.length === 0) return [];
  return tx.insert(auditLog).values(
    changes.map((c) => ({
      tokenId: actor.tokenId,
      actor: actor.actor,
      action: c.action,
      entityType: c.entityType,
      entityId: c.entityId,
      before: c.before,
      after: c.after,
    })),
  ).returning();
}
