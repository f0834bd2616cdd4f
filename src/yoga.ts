// Builds the yoga instance: GraphQL at /graphql plus the plain HTTP routes, as yoga plugins so that
// tests reach every route through yoga.fetch. It never listens; src/server.ts does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { resolveViewer } from './auth/viewer.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Database } from './db/client.js';
import { useCompression } from './http/compression.js';
import { useCors } from './http/cors.js';
import { EXPORT_PATH, exportPlugin } from './http/export.js';
import { useExplorer } from './http/explorer.js';
import { renderGraphiQLPage, useGraphiQLAssets } from './http/graphiql.js';
import { useHealthRoutes, type Readiness } from './http/health.js';
import type { Logger } from './logger.js';
import { useBodyLimit } from './plugins/body-limit.js';
import { useHttpCache } from './plugins/http-cache.js';
import { useJit } from './plugins/jit.js';
import { createMetrics, useMetrics, type Metrics } from './plugins/metrics.js';
import { expectedFailure, loggedWithRequest, useErrorAnswers } from './plugins/error-answers.js';
import { useInputChecks } from './plugins/input-checks.js';
import { createApqStore, DOCUMENT_ID_PARAM, loadOperationManifest, usePersistedOperationsFor } from './plugins/persisted-operations.js';
import { useQueryLimits } from './plugins/query-limits.js';
import { useRateLimit } from './plugins/rate-limit.js';
import { useReadYourWrites } from './plugins/read-your-writes.js';
import { connectRedis } from './plugins/redis.js';
import { currentLogger, requestScope, useRequestLog } from './plugins/request-log.js';
import { createResponseCache, useAppResponseCache, type ResponseCache } from './plugins/response-cache.js';
import { useTimeouts, withinRequestBudget } from './plugins/timeouts.js';
import { schema } from './schema/index.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './domain/paging.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_QUERY = readFileSync(path.join(ROOT, 'docs/queries/figures-2024-by-region.graphql'), 'utf8');

/** yoga's debug/info lines are plain text; capped like every log string. */
function logText(args: unknown[]): string {
  return args.map(String).join(' ').slice(0, 2000);
}

/** yoga's warnings and errors: an Error goes to the logger's error serializer, never through String(). */
function logWith(target: Logger, level: 'warn' | 'error', args: unknown[]): void {
  const error = args.find((a) => a instanceof Error);
  // an unexpected error of an operation, already logged with its request's id (src/plugins/error-answers.ts)
  if (error && loggedWithRequest(error)) return;
  const text = args.filter((a) => !(a instanceof Error)).map(String).join(' ').slice(0, 2000);
  if (error) target[level]({ err: error }, text || 'unexpected error');
  else target[level](text);
}

export interface AppOptions {
  database: Database;
  config: Config;
  logger: Logger;
  /** shared by the server's shutdown and /ready; a fresh one when not given */
  readiness?: Readiness;
  /** Redis for shared rate limits and cache; when not given, one is opened if REDIS_URL is set */
  redis?: Redis;
  /**
   * Plugins to leave out, by name: `npm run bench:cpu -- --breakdown` prices each one by building the
   * app without it. Never set in production.
   */
  leaveOut?: ReadonlySet<AppPluginName>;
  /** Plugins added after the app's own (the bench's phase timer). */
  extraPlugins?: Plugin<any>[];
}

/** The app's own yoga plugins, in the order they run. */
export const APP_PLUGINS = [
  'request-log',
  'metrics',
  'persisted-operations',
  'body-limit',
  'cors',
  'health',
  'explorer',
  'graphiql-assets',
  'query-limits',
  'input-checks',
  'rate-limit',
  'export',
  'jit',
  'timeouts',
  'error-answers',
  'read-your-writes',
  'response-cache',
  'http-cache',
  'compression',
] as const;
export type AppPluginName = (typeof APP_PLUGINS)[number];

export type ServerContext = Record<string, unknown>;
export type App = YogaServerInstance<ServerContext, Context> & {
  /** the response cache, for code that must drop entries after a write */
  responseCache: ResponseCache;
  metrics: Metrics;
  readiness: Readiness;
};

const GRAPHQL_ENDPOINT = '/graphql';
/** Health probes and metric scrapes: never rate-limited. */
const PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/healthz', '/metrics']);

export function createApp({ database, config, logger, readiness = { shuttingDown: false }, redis, leaveOut, extraPlugins = [] }: AppOptions): App {
  const ownRedis = !redis && config.REDIS_URL ? connectRedis(config.REDIS_URL, logger) : undefined;
  const sharedRedis = redis ?? ownRedis;
  const metrics = createMetrics();
  const cache = createResponseCache({
    redis: sharedRedis,
    keyPrefix: config.REDIS_KEY_PREFIX,
    maxEntries: config.RESPONSE_CACHE_MAX_ENTRIES,
    logger,
  });
  const responseCache: ResponseCache = { invalidate: async (entities) => cache.invalidate(entities) };
  const manifest = loadOperationManifest(config.PERSISTED_OPERATIONS_FILE, { required: config.PERSISTED_OPERATIONS_ONLY });
  // Order matters: persisted operations turn an id into its document before the other plugins read the
  // parameters (the response cache keys on the document); the request log sees every request; CORS
  // answers preflights; the health routes and metrics answer before GraphQL; an oversized batch is
  // refused before the rate limiter charges for it; the rate limiter answers before any GraphQL work
  // is done; compression and Cache-Control see the final responses.
  // Plugins are typed for different contexts; yoga composes them.
  const named: (readonly [AppPluginName | 'redis', Plugin<any>])[] = [
    // First: every request gets its id and summary line, whatever answers it.
    ['request-log', useRequestLog(logger)],
    // Before the rest, so that requests refused while their parameters are read (an unknown persisted query)
    // are counted under their operation name too.
    ...(config.METRICS_ENABLED ? [['metrics', useMetrics(metrics, { endpoint: '/metrics', graphqlEndpoint: GRAPHQL_ENDPOINT })] as const] : []),
    ...usePersistedOperationsFor({
      only: config.PERSISTED_OPERATIONS_ONLY,
      manifest,
      apqStore: createApqStore({
        redis: sharedRedis,
        keyPrefix: config.REDIS_KEY_PREFIX,
        ttlSeconds: config.APQ_TTL_S,
        maxEntries: config.APQ_MAX_ENTRIES,
        manifest,
        logger,
      }),
    }).map((plugin) => ['persisted-operations', plugin] as const),
    ['body-limit', useBodyLimit(config.MAX_BODY_BYTES)],
    ['cors', useCors({ origins: config.CORS_ORIGINS, credentialedOrigins: config.CORS_CREDENTIALED_ORIGINS })],
    ['health', useHealthRoutes(database, readiness, logger)],
    ['explorer', useExplorer()],
    ['graphiql-assets', useGraphiQLAssets()],
    ['query-limits', useQueryLimits({
      maxDepth: config.MAX_DEPTH,
      maxAliases: config.MAX_ALIASES,
      maxDirectives: config.MAX_DIRECTIVES,
      maxTokens: config.MAX_TOKENS,
      maxCost: config.MAX_COST,
      maxBatchOperations: config.MAX_BATCH_OPERATIONS,
      maxNodeIds: config.MAX_NODE_IDS,
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_PAGE_SIZE,
      blockFieldSuggestions: config.NODE_ENV === 'production',
    })],
    ['input-checks', useInputChecks()],
    ['rate-limit', useRateLimit({
      points: config.RATE_LIMIT_POINTS,
      windowSeconds: config.RATE_LIMIT_WINDOW_S,
      trustProxyHops: config.TRUST_PROXY_HOPS,
      exemptPaths: PROBE_PATHS,
      redis: sharedRedis,
      keyPrefix: config.REDIS_KEY_PREFIX,
    })],
    ['export', exportPlugin(database, logger, { exportTimeoutMs: config.EXPORT_STATEMENT_TIMEOUT_MS, publicUrl: config.PUBLIC_URL, csvWriter: config.EXPORT_CSV_WRITER })],
    // before the timeouts, which wrap whatever executes the operation
    ['jit', useJit()],
    ['timeouts', useTimeouts({ requestTimeoutMs: config.REQUEST_TIMEOUT_MS, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS })],
    ['error-answers', useErrorAnswers()],
    ['read-your-writes', useReadYourWrites(database)],
    ...(config.RESPONSE_CACHE_ENABLED
      ? [
          [
            'response-cache',
            useAppResponseCache({
              cache,
              ttlMs: config.RESPONSE_CACHE_TTL_MS,
              includeExtensionMetadata: config.NODE_ENV !== 'production',
            }),
          ] as const,
        ]
      : []),
    ['http-cache', useHttpCache({
      graphqlEndpoint: GRAPHQL_ENDPOINT,
      // In step with the server's own cache: a CDN keeps an answer no longer than the server would.
      maxAgeSeconds: config.HTTP_CACHE_MAX_AGE_S ?? (config.RESPONSE_CACHE_ENABLED ? Math.floor(config.RESPONSE_CACHE_TTL_MS / 1000) : 0),
    })],
    // The exports and GraphiQL's page; GraphQL's JSON answers are left to the proxy in front (deploy/).
    ['compression', useCompression({
      applies: (pathname, type) => EXPORT_PATH.test(pathname) || (pathname === GRAPHQL_ENDPOINT && type.startsWith('text/html')),
    })],
    ...(ownRedis ? [['redis', { onDispose: async () => void (await ownRedis.quit().catch(() => ownRedis.disconnect())) }] as const] : []),
  ];
  const plugins = [...named.filter(([name]) => name === 'redis' || !leaveOut?.has(name)).map(([, plugin]) => plugin), ...extraPlugins];
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    // yoga's built-in probe stays at /healthz; /health and /ready are ours (src/http/health.ts).
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: { title: 'Occupied-territories recruitment API', defaultQuery: DEFAULT_QUERY },
    // A small page that loads the bundle from versioned, cacheable URLs (src/http/graphiql.ts).
    renderGraphiQL: renderGraphiQLPage,
    // CORS comes from configuration (src/http/cors.ts); yoga's echoes any origin with credentials.
    cors: false,
    // Trusted documents: GraphQL over HTTP's `documentId` (src/plugins/persisted-operations.ts).
    extraParamNames: [DOCUMENT_ID_PARAM],
    batching: config.MAX_BATCH_OPERATIONS > 0 ? { limit: config.MAX_BATCH_OPERATIONS } : false,
    // src/plugins/body-limit.ts: the same limit without streaming a body whose length is stated
    maxRequestBodySize: false,
    // yoga hands errors over whole: they go through the logger's error serializer (src/logger.ts),
    // which keeps no GraphQL text, no SQL parameters, and caps every field.
    logging: {
      // with the request's id when the logger writes debug lines (src/plugins/request-log.ts)
      debug: (...args) => currentLogger(logger).debug(logText(args)),
      info: (...args) => currentLogger(logger).info(logText(args)),
      warn: (...args) => logWith(currentLogger(logger), 'warn', args),
      error: (...args) => logWith(currentLogger(logger), 'error', args),
    },
    plugins,
    context: async ({ request }): Promise<Context> => {
      const requestLogger = requestScope(request)?.logger ?? logger;
      let viewer: Context['viewer'];
      try {
        // tokens are looked up on the primary: a token created a moment ago may not have reached a
        // replica; the lookup spends the request's time budget like the operation itself
        viewer = await withinRequestBudget(request, config.REQUEST_TIMEOUT_MS, () =>
          resolveViewer(database.primary, request, requestLogger),
        );
      } catch (error) {
        throw expectedFailure(error) ?? error;
      }
      return { db: database.db,
        asOf: (dataVersion) => database.asOf(dataVersion), config, logger: requestLogger, viewer, request, responseCache, batches: new Map() };
    },
  });
  return Object.assign(yoga, { responseCache, metrics, readiness });
}
