// What every write shares: who is writing, one transaction with the audit entries, constraint
// violations mapped to ConflictError, and the response cache told afterwards.
import { GraphQLError } from 'graphql';
import type { Actor, Tx } from '../../audit/record.js';
import type { Context } from '../../context.js';
import { mapConstraintErrors } from '../../db/constraint-errors.js';

/** The audit actor of a request. Mutations are authorized before they run, so a viewer is present. */
export function actorOf(ctx: Context): Actor {
  if (!ctx.viewer) {
    throw new GraphQLError('Authentication required.', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return { tokenId: ctx.viewer.tokenId, actor: ctx.viewer.name };
}

/** Runs `work` in one transaction; a known constraint violation rolls it back as a ConflictError. */
export async function writeTransaction<T>(ctx: Context, work: (tx: Tx, actor: Actor) => Promise<T>): Promise<T> {
  const actor = actorOf(ctx);
  const result = await mapConstraintErrors(() => ctx.db.transaction((tx) => work(tx, actor)));
  await afterWrite(ctx);
  return result;
}

/** The entity types whose cached reads a write can make stale. */
const CACHED_TYPES = ['Report', 'ReportPublication', 'RecruitmentFigure', 'CoercionFactor', 'Region'];

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
