// What every mutation shares: who is writing, the write layer's transaction (src/store/writer.ts: the
// audit entries, versions and constraint names live there), the response cache told afterwards, and
// the shape of a write's result.
import { GraphQLError } from 'graphql';
import type { Context } from '../../context.js';
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from '../../domain/errors.js';
import type { Actor } from '../../store/audit.js';
import { write, type WriteOptions, type WriteResult, type Writer } from '../../store/writer.js';

/** The audit actor of a request. Mutations are authorized before they run, so a viewer is present. */
export function actorOf(ctx: Context): Actor {
  if (!ctx.viewer) {
    throw new GraphQLError('Authentication required.', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return { tokenId: ctx.viewer.tokenId, actor: ctx.viewer.name };
}

/**
 * Runs `work` as one write of the viewer's (see `write`): one transaction with its audit entries, a
 * known constraint violation rolled back as a ConflictError. After the commit the response cache is
 * told; a dry run commits nothing and tells nothing.
 */
export async function writeTransaction<T>(
  ctx: Context,
  work: (w: Writer) => Promise<T>,
  options: WriteOptions = {},
): Promise<WriteResult<T>> {
  const result = await write(ctx.db, actorOf(ctx), work, options);
  if (!options.dryRun) await afterWrite(ctx);
  return result;
}

/** The expected failures of every write, as the members of its result union. */
export const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, StaleWriteError];

/** The result of a write that returns the record: `noun` as it reads in descriptions, `field` its data field. */
export const writeResult = (noun: string, field: string) => (verb: string) => ({
  types: WRITE_ERRORS,
  union: { description: `The ${verb} ${noun}, or why nothing was written.` },
  result: { description: `The ${noun} was ${verb}.` },
  dataField: { name: field, description: `the ${noun} as ${verb}` },
});

/** The result of a delete, which returns the global ID the record had. */
export const deleteResult = (noun: string, shortNoun: string, deleted: string) => ({
  types: WRITE_ERRORS,
  union: { description: `The ID of the deleted ${noun}, or why nothing was deleted.` },
  result: { description: deleted },
  dataField: { name: 'deletedId', description: `the global ID the ${shortNoun} had` },
});

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
