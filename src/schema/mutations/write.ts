// What every write shares: who is writing, one transaction with the audit entries, constraint
// violations mapped to ConflictError, and the response cache told afterwards.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { recordAudit, snapshot, type Actor, type EntityType, type Tx } from '../../audit/record.js';
import type { Context } from '../../context.js';
import { mapConstraintErrors } from '../../db/constraint-errors.js';
import { coercionFactors, recruitmentFigures, reports } from '../../db/schema.js';
import { NotFoundError, StaleWriteError } from '../../domain/errors.js';

/** The audit actor of a request. Mutations are authorized before they run, so a viewer is present. */
export function actorOf(ctx: Context): Actor {
  if (!ctx.viewer) {
    throw new GraphQLError('Authentication required.', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return { tokenId: ctx.viewer.tokenId, actor: ctx.viewer.name };
}

/**
 * Runs `work` in one transaction; a known constraint violation rolls it back as a ConflictError.
 * After the commit the response cache is told, unless `invalidate` is false (a dry run).
 */
export async function writeTransaction<T>(
  ctx: Context,
  work: (tx: Tx, actor: Actor) => Promise<T>,
  options: { invalidate?: boolean } = {},
): Promise<T> {
  const actor = actorOf(ctx);
  const result = await mapConstraintErrors(() => ctx.db.transaction((tx) => work(tx, actor)));
  if (options.invalidate !== false) await afterWrite(ctx);
  return result;
}

/**
 * The entity types whose cached reads a write can make stale. The analytics types are derived from
 * figures without holding them (a summary asked only for its consistency names no figure), so they
 * are dropped by name too.
 */
const CACHED_TYPES = [
  'Report',
  'ReportPublication',
  'RecruitmentFigure',
  'CoercionFactor',
  'Region',
  'RecruitmentSummary',
  'DataQualityIssue',
  'SearchResultConnection',
];

interface InvalidatingCache {
  invalidate(entities: Iterable<{ typename: string; id?: string | number }>): Promise<void>;
}

/**
 * Drops cached public reads after a committed write. Writes are rare (a few a month) and one figure
 * appears in lists, counts and summaries under many types, so whole types are dropped, not single ids.
 * The response cache, when the app has one, is found on the context as `responseCache`.
 */
export async function afterWrite(ctx: Context): Promise<void> {
  const cache = (ctx as Context & { responseCache?: InvalidatingCache }).responseCache;
  if (!cache) return;
  try {
    await cache.invalidate(CACHED_TYPES.map((typename) => ({ typename })));
  } catch (error) {
    // The write is committed; a failed invalidation must be seen by operators, not turn into an error.
    ctx.logger.error({ err: error }, 'response cache invalidation failed after a write');
  }
}

type VersionedTable = typeof reports | typeof recruitmentFigures | typeof coercionFactors;

/**
 * Reads the row to change and locks it until the transaction ends, so that the version check and the
 * write cannot be interleaved with another editor's. A row that does not exist is NotFoundError; one
 * whose version is not `expectedVersion` is StaleWriteError, and nothing is written.
 */
export async function lockForWrite<T extends VersionedTable>(
  tx: Tx,
  table: T,
  entityType: EntityType,
  id: number,
  expectedVersion: number,
): Promise<T['$inferSelect']> {
  const [row] = (await tx.select().from(table as VersionedTable).where(eq(table.id, id)).for('update')) as T['$inferSelect'][];
  if (!row) throw new NotFoundError(entityType, encodeGlobalID(entityType, id));
  if (row.version !== expectedVersion) {
    throw new StaleWriteError(entityType, encodeGlobalID(entityType, id), expectedVersion, row.version);
  }
  return row;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  return (a ?? null) === (b ?? null);
}

/** The fields of `desired` (undefined = not given) whose value differs from `current`. */
export function changedFields(current: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired)) {
    if (value !== undefined && !same(current[key], value)) diff[key] = value;
  }
  return diff;
}

/**
 * Applies `diff` to a locked row, bumping its version and updated_at, and records the change. An empty
 * diff writes nothing and records nothing: the row is returned as it is.
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: Tx,
  actor: Actor,
  table: T,
  entityType: EntityType,
  current: T['$inferSelect'],
  diff: Record<string, unknown>,
): Promise<T['$inferSelect']> {
  if (Object.keys(diff).length === 0) return current;
  const [updated] = (await tx
    .update(table as VersionedTable)
    .set({ ...diff, version: sql`${table.version} + 1`, updatedAt: sql`now()` })
    .where(eq(table.id, current.id))
    .returning()) as T['$inferSelect'][];
  await recordAudit(tx, actor, [
    {
      action: 'UPDATE',
      entityType,
      entityId: String(current.id),
      before: snapshot(table, current),
      after: snapshot(table, updated!),
    },
  ]);
  return updated!;
}
