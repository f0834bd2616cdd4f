// Records applied changes in audit_log, in the caller's transaction, so that a change and its record
// are committed or rolled back together.
import { auditLog } from '../db/schema.js';
import type { Change, DbOrTx } from './apply.js';

export interface AuditActor {
  /** the API token that made the change, if any */
  tokenId?: number | null;
  /** who made it when no token was involved, e.g. 'seed' or 'cli' */
  actor?: string | null;
}

/** Writes one audit_log row per change (one statement), and nothing when there are no changes. */
export async function recordChanges(tx: DbOrTx, changes: readonly Change[], by: AuditActor): Promise<void> {
  if (changes.length === 0) return;
  await tx.insert(auditLog).values(
    changes.map((c) => ({
      tokenId: by.tokenId ?? null,
      actor: by.actor ?? null,
      action: c.action,
      entityType: c.entityType,
      entityId: c.entityId,
      before: c.before,
      after: c.after,
    })),
  );
}
