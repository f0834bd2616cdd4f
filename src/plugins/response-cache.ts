// Response cache for public reads (yoga's response-cache plugin). Requests that carry an
// Authorization header are never cached or served from the cache: an editor must see the data as it
// is. Entries live in memory (LRU) on one instance, or in Redis when the app has a Redis client, so
// that all instances share entries and invalidations. Mutations invalidate the entities their results
// return (the plugin's own mechanism); code that writes outside a mutation result calls
// `responseCache.invalidate([{ typename: 'RecruitmentFigure' }])` or `{ typename, id }` with the
// Relay global id the API returns. ETag / If-None-Match answer 304 while the entry is still cached.
// Entity tags cannot catch a read that names no entity (`reports { totalCount }`, summaries, empty
// lists), so an invalidation that names a whole type (what every committed write sends, see
// afterWrite in src/schema/mutations/write.ts) also bumps a data generation that is part of every
// cache key: after a write, every earlier entry is out of reach (shared through Redis when there is
// one). Invalidating one object by its id drops only the entries that hold it.
import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** `{ typename }` drops every response holding that type; `{ typename, id }` those holding that object. */
export type CacheEntityRecord = { typename: string; id?: string | number };

/** What the rest of the code sees of the cache: it can drop entries after a write. */
export interface ResponseCache {
  invalidate(entities: Iterable<CacheEntityRecord>): Promise<void>;
}

export interface ResponseCacheOptions {
  redis?: Redis | undefined;
  keyPrefix: string;
  maxEntries: number;
  logger: Logger;
}

const namesWholeType = (entities: CacheEntityRecord[]) => entities.some((e) => e.id === undefined || e.id === null);

/** A cache whose invalidations of a whole type move it to a new data generation, which keys every entry. */
export type GenerationalCache = Cache & { generation(): Promise<string> };

export function createResponseCache(options: ResponseCacheOptions): GenerationalCache {
  if (!options.redis) {
    const cache = createInMemoryCache({ max: options.maxEntries });
    let generation = 0;
    return {
      ...cache,
      invalidate(entities) {
        const list = [...entities];
        if (namesWholeType(list)) generation++;
        return cache.invalidate(list);
      },
      generation: async () => String(generation),
    };
  }
  const redis = options.redis;
  const cache = createRedisCache(redis, `${options.keyPrefix}rc:`, options.logger);
  const key = `${options.keyPrefix}rc:generation`;
  return {
    ...cache,
    async invalidate(entities) {
      const list = [...entities];
      // bumped first: a reader racing the invalidation then misses rather than reads the old entry
      if (namesWholeType(list)) await redis.incr(key);
      await cache.invalidate(list);
    },
    async generation() {
      // Redis unreachable: a generation of our own that matches no shared entry (no cache, not stale)
      return (await redis.get(key).catch(() => null)) ?? 'unshared';
    },
  };
}

/**
 * One Redis string per cached response (expiring with its TTL) and one Redis set per entity
 * (`Type` and `Type:id`) listing the responses that contain it. Redis being unreachable degrades to
 * "no cache", never to a failed request.
 */
export function createRedisCache(redis: Redis, prefix: string, logger: Logger): Cache {
  const responseKey = (id: string) => `${prefix}op:${id}`;
  const entityKey = (typename: string, id?: string | number) =>
    id === undefined || id === null ? `${prefix}ent:${typename}` : `${prefix}ent:${typename}:${id}`;

  return {
    async set(id, data, entities, ttl) {
      try {
        const tx = redis.multi();
        const ttlMs = Number.isFinite(ttl) && ttl > 0 ? Math.ceil(ttl) : undefined;
        if (ttlMs) tx.set(responseKey(id), JSON.stringify(data), 'PX', ttlMs);
        else tx.set(responseKey(id), JSON.stringify(data));
        for (const key of new Set([...entities].flatMap((e) => [entityKey(e.typename), ...(e.id === undefined ? [] : [entityKey(e.typename, e.id)])]))) {
          tx.sadd(key, id);
          // An index set lives as long as the longest response it lists, then goes with it.
          if (ttlMs) tx.pexpire(key, ttlMs, 'GT');
          if (ttlMs) tx.pexpire(key, ttlMs, 'NX');
        }
        await tx.exec();
      } catch (error) {
        logger.warn({ err: error }, 'response cache: could not store in Redis');
      }
    },
    async get(id) {
      try {
        const raw = await redis.get(responseKey(id));
        return raw ? (JSON.parse(raw) as ExecutionResult<Record<string, unknown>>) : null;
      } catch (error) {
        logger.warn({ err: error }, 'response cache: could not read from Redis');
        return null;
      }
    },
    async invalidate(entities) {
      const keys = [...entities].map((e) => entityKey(e.typename, e.id ?? undefined));
      if (keys.length === 0) return;
      // Invalidation must not fail silently: a stale answer after a write is a bug users see.
      const members = await Promise.all(keys.map((key) => redis.smembers(key)));
      const doomed = [...new Set(members.flat())].map(responseKey);
      await redis.del(...keys, ...doomed);
    },
  };
}

export interface ResponseCachePluginOptions {
  cache: GenerationalCache;
  ttlMs: number;
  includeExtensionMetadata: boolean;
}

/** The one session every cached (public) read shares. */
export const PUBLIC_SESSION = 'public';

export function useAppResponseCache(options: ResponseCachePluginOptions): Plugin {
  return useResponseCache({
    cache: options.cache,
    ttl: options.ttlMs,
    // Public reads are the same for everyone: one shared entry per query and variables. The session
    // is a constant rather than null: with no session the plugin checks every object of a result
    // against PRIVATE scopes (a string per field), and this schema declares none (no @cacheControl).
    session: () => PUBLIC_SESSION,
    enabled: (request) => !request.headers.has('authorization'),
    includeExtensionMetadata: options.includeExtensionMetadata,
    buildResponseCacheKey: async ({ documentString, variableValues, operationName, sessionId }) =>
      responseCacheKey(await options.cache.generation(), documentString, operationName, variableValues, sessionId),
  });
}

/**
 * The entry's key (and ETag): SHA-256 in hex of the generation, the document's text, the operation
 * name, the variables and the session. node:crypto hashes in one synchronous call what the plugin's
 * hashSHA256 does through WebCrypto (a TextEncoder copy, a promise, a hex loop): the same digest.
 */
export function responseCacheKey(
  generation: string,
  documentString: string,
  operationName: string | null | undefined,
  variableValues: Record<string, unknown> | null | undefined,
  sessionId: string | null | undefined,
): string {
  const text = [generation, documentString, operationName ?? '', JSON.stringify(variableValues ?? {}), sessionId ?? ''].join('|');
  return createHash('sha256').update(text).digest('hex');
}
