// Persisted operations, two ways (docs/clients.md):
// - Automatic persisted queries (Apollo's APQ protocol, yoga's plugin-apq): a client sends only the
//   SHA-256 of its document; an unknown hash gets PERSISTED_QUERY_NOT_FOUND, and the client's retry
//   with hash + document registers it. A document that does not hash to the hash sent is refused.
//   Registered documents live in memory on one instance, or in Redis (shared by every instance) when
//   the app has a Redis client. The operations of the manifest are known from the start.
// - Trusted documents (yoga's plugin-persisted-operations): with PERSISTED_OPERATIONS_ONLY=true the
//   server runs only the operations of the manifest `npm run operations:build` writes, asked for by
//   `documentId: "sha256:<hex>"` (GraphQL over HTTP) or by the APQ hash; document text is refused.
//   Without it, a documentId is still accepted, so a client built for trusted documents runs anywhere.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createInMemoryAPQStore, useAPQ, type APQStore } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { requestUrl } from '../http/request-url.js';
import type { Logger } from '../logger.js';

/** The registered operations: SHA-256 (hex) of each document -> the document, byte for byte. */
export type OperationManifest = ReadonlyMap<string, string>;

export const DOCUMENT_ID_PARAM = 'documentId';

export function sha256Hex(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/** Reads the manifest; a missing file is an empty manifest unless `required`. Every entry is re-hashed. */
export function loadOperationManifest(file: string, { required = false } = {}): OperationManifest {
  if (!existsSync(file)) {
    if (required) throw new Error(`PERSISTED_OPERATIONS_ONLY is set but the manifest ${file} does not exist; run \`npm run operations:build\`.`);
    return new Map();
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(raw)) {
    if (typeof document !== 'string' || sha256Hex(document) !== hash) {
      throw new Error(`${file}: the entry ${hash.slice(0, 16)}… is not the SHA-256 of its document; rebuild it with \`npm run operations:build\`.`);
    }
    manifest.set(hash, document);
  }
  return manifest;
}

/**
 * The longest document APQ registers, bytes. Registration happens before a document is validated, so
 * without a bound anyone could park megabytes per hash in Redis for APQ_TTL_S; a longer document still
 * runs when sent in full, it is just not kept. GraphiQL's introspection query is about 3 KB.
 */
export const APQ_MAX_DOCUMENT_BYTES = 32 * 1024;

/**
 * The APQ store: Redis strings `<prefix>apq:<hash>` with a TTL when there is Redis, an LRU otherwise.
 * The manifest's operations are found without being registered. Redis being away means "not found"
 * (the client then sends the document), never a failed request.
 */
export function createApqStore(options: {
  redis?: Redis | undefined;
  keyPrefix: string;
  ttlSeconds: number;
  maxEntries: number;
  manifest: OperationManifest;
  logger: Logger;
}): APQStore {
  const { redis, manifest, logger, ttlSeconds } = options;
  const memory = createInMemoryAPQStore({ max: options.maxEntries, ttl: ttlSeconds * 1000 });
  const key = (hash: string) => `${options.keyPrefix}apq:${hash}`;
  return {
    async get(hash) {
      const known = manifest.get(hash);
      if (known !== undefined) return known;
      if (!redis) return memory.get(hash);
      try {
        return await redis.get(key(hash));
      } catch (error) {
        logger.warn({ err: error }, 'persisted queries: could not read from Redis');
        return null;
      }
    },
    async set(hash, document) {
      if (manifest.has(hash) || Buffer.byteLength(document, 'utf8') > APQ_MAX_DOCUMENT_BYTES) return;
      if (!redis) return void memory.set(hash, document);
      try {
        await redis.set(key(hash), document, 'EX', ttlSeconds);
      } catch (error) {
        logger.warn({ err: error }, 'persisted queries: could not store in Redis');
      }
    },
  };
}

/** `sha256:<hex>` (GraphQL over HTTP's trusted documents) or a bare hex hash -> the hex hash. */
function documentHash(documentId: unknown): string | null {
  if (typeof documentId !== 'string') return null;
  const match = /^(?:sha256:)?([0-9a-f]{64})$/i.exec(documentId.trim());
  if (!match) {
    throw createGraphQLError(`documentId must be "sha256:" followed by the 64 hex digits of the document's SHA-256; got ${JSON.stringify(documentId.slice(0, 80))}.`, {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  }
  return match[1]!.toLowerCase();
}

/** The id a request asks for: `documentId` in a POST body or a GET query string, or the APQ hash. */
function requestedDocumentId(params: GraphQLParams & { documentId?: unknown }, request: Request): string | null {
  const fromGet = request.method === 'GET' ? requestUrl(request).searchParams.get(DOCUMENT_ID_PARAM) : null;
  const fromParams = documentHash(params.documentId ?? fromGet ?? undefined);
  if (fromParams) return fromParams;
  const apq = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return apq?.version === 1 && typeof apq.sha256Hash === 'string' ? apq.sha256Hash.toLowerCase() : null;
}

function hasDocumentId(params: GraphQLParams & { documentId?: unknown }, request: Request): boolean {
  return params.documentId != null || (request.method === 'GET' && requestUrl(request).searchParams.has(DOCUMENT_ID_PARAM));
}

export interface PersistedOperationsOptions {
  /** only the manifest's operations run */
  only: boolean;
  manifest: OperationManifest;
  apqStore: APQStore;
}

const notRegistered = (id: string) =>
  createGraphQLError(
    `No registered operation has the id sha256:${id}. This server runs only the operations of its manifest (docs/clients.md); an app built from an older or newer manifest must be rebuilt.`,
    { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } } },
  );

export function usePersistedOperationsFor(options: PersistedOperationsOptions): Plugin[] {
  const lookup = (id: string) => options.manifest.get(id) ?? null;
  if (options.only) {
    return [
      usePersistedOperations({
        allowArbitraryOperations: false,
        extractPersistedOperationId: (params, request) => requestedDocumentId(params, request),
        getPersistedOperation: (id) => lookup(id),
        customErrors: {
          persistedQueryOnly: {
            message:
              'This server runs only registered operations (PERSISTED_OPERATIONS_ONLY=true): send the documentId ("sha256:<hex>") of an operation in its manifest instead of the document text. docs/clients.md says how.',
            extensions: { code: 'PERSISTED_OPERATIONS_ONLY', http: { status: 400 } },
          },
          keyNotFound: {
            message: 'Send the documentId ("sha256:<hex>") of a registered operation; this server runs no other (PERSISTED_OPERATIONS_ONLY=true).',
            extensions: { code: 'PERSISTED_OPERATIONS_ONLY', http: { status: 400 } },
          },
          notFound: (payload) => notRegistered(requestedDocumentId(payload.params, payload.request) ?? ''),
        },
      }),
    ];
  }
  // Open mode: APQ for every client, and the manifest's documentIds for clients built for trusted documents.
  const byDocumentId = usePersistedOperations({
    allowArbitraryOperations: true,
    extractPersistedOperationId: (params, request) => requestedDocumentId(params, request),
    getPersistedOperation: (id) => lookup(id),
    customErrors: { notFound: (payload) => notRegistered(requestedDocumentId(payload.params, payload.request) ?? '') },
  });
  return [
    useAPQ({ store: options.apqStore }),
    {
      // Only requests that carry a documentId reach the trusted-documents plugin; anything else is the
      // APQ plugin's or yoga's own business ("Must provide query string.").
      onParams(payload) {
        if (payload.params.query != null || !hasDocumentId(payload.params, payload.request)) return;
        return byDocumentId.onParams?.(payload as never);
      },
    },
  ];
}
