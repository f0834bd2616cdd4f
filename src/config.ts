// The one place that reads the environment. Every problem is listed at once, naming the variable.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * A whole number written in plain decimal digits, within [min, max]. z.coerce.number() would take
 * `1e3`, `0x1000` or ` 12 ` and silently mean something else; a setting is written as digits or refused.
 */
const whole = (min: number, max: number, what = 'a whole number') =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, { message: `must be ${what} written in decimal digits` })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }));

/** The longest delay Node's timers honour (2^31-1 ms, ~24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;
/** A duration in milliseconds that a timer or PostgreSQL's statement_timeout can hold. */
const millis = () => whole(0, MAX_TIMER_MS);
/** A count with no natural bound but the safe integers. */
const count = (min: number) => whole(min, Number.MAX_SAFE_INTEGER);

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: whole(0, 65535, 'a port number').default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** PostgreSQL server; when unset the embedded PGlite database is used. */
  DATABASE_URL: postgresUrl.optional(),
  /** Comma-separated read replicas of DATABASE_URL. */
  DATABASE_READ_URLS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .pipe(z.array(postgresUrl)),
  DATABASE_POOL_SIZE: whole(1, 500).default(10),
  /** Folder for local data: the PGlite database lives in DATA_DIR/pglite. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Folder of report bundles that `db:seed` loads. */
  BUNDLES_DIR: z.string().min(1).default('./data/reports'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATE_ON_START: bool.default(true),
  /** Load bundles on start when the database holds no report yet (embedded default). */
  SEED_ON_START: bool.default(true),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' }).optional(),
  /** Where the API is published: the links in citations and data packages start with it. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'must be an http(s) URL without query or fragment' })
    .transform((v) => v.replace(/\/+$/, ''))
    .default('http://localhost:4000'),
  /** Per-statement time limit in PostgreSQL, milliseconds. */
  STATEMENT_TIMEOUT_MS: millis().default(5000),
  /** The limit for one CSV/JSON export's cursor, which lives as long as the download (0 = none). */
  EXPORT_STATEMENT_TIMEOUT_MS: millis().default(600_000),
  /** Who writes the CSV export on PostgreSQL: `copy` (PostgreSQL's COPY, the fast path) or `rows` (csv-stringify); same bytes. */
  EXPORT_CSV_WRITER: z.enum(['copy', 'rows']).default('copy'),

  // --- Production hardening (docs/operations.md lists each with its default and why) ---
  /** Deepest selection nesting accepted; Relay connections spend two levels per hop (edges, node). */
  MAX_DEPTH: count(1).default(10),
  /** Most aliases in one operation. */
  MAX_ALIASES: count(0).default(15),
  /** Most directives in one operation. */
  MAX_DIRECTIVES: count(0).default(50),
  /** Most lexical tokens in one document (GraphiQL's introspection query has 184). */
  MAX_TOKENS: count(1).default(1000),
  /** Highest estimated cost of one operation; see docs/operations.md for the cost model. */
  MAX_COST: count(1).default(500000),
  /** Most operations in one batched request (a JSON array). 0 turns batching off. */
  MAX_BATCH_OPERATIONS: count(0).default(10),
  /** Most global IDs one request may look up with nodes(ids:), summed over the operation (GitHub: 100). */
  MAX_NODE_IDS: count(1).default(100),
  /** Largest request body accepted, bytes. */
  MAX_BODY_BYTES: count(1024).default(2 * 1024 * 1024),
  /** Requests (points) a client may make per window; 0 turns rate limiting off. */
  RATE_LIMIT_POINTS: count(0).default(600),
  /** Length of the rate-limit window, seconds. */
  RATE_LIMIT_WINDOW_S: whole(1, Math.floor(MAX_TIMER_MS / 1000)).default(60),
  /** Trusted proxies in front of the app: the client IP is read from X-Forwarded-For that many hops from the right. */
  TRUST_PROXY_HOPS: count(0).default(0),
  /** Time budget of one GraphQL operation, milliseconds; 0 turns it off. */
  REQUEST_TIMEOUT_MS: millis().default(15000),
  /** How long SIGTERM/SIGINT waits for in-flight requests before closing them, milliseconds. */
  SHUTDOWN_TIMEOUT_MS: millis().default(10000),
  /** Response cache for public reads. */
  RESPONSE_CACHE_ENABLED: bool.default(true),
  /** How long a cached response lives when nothing invalidates it, milliseconds. */
  RESPONSE_CACHE_TTL_MS: millis().default(60000),
  /** Most responses kept by the in-memory cache (LRU); Redis keeps what its own memory policy allows. */
  RESPONSE_CACHE_MAX_ENTRIES: count(1).default(1000),
  /** Prefix of every Redis key this app writes (rate limits, cache), so instances of one deployment share them. */
  REDIS_KEY_PREFIX: z.string().min(1).default('tot:'),
  /** Serve Prometheus metrics at /metrics. */
  METRICS_ENABLED: bool.default(true),

  // --- Client apps (docs/clients.md) ---
  /** Refuse every operation that is not in the manifest of registered operations (trusted documents). */
  PERSISTED_OPERATIONS_ONLY: bool.default(false),
  /** The manifest `npm run operations:build` writes: { "<sha256 hex>": "<document>" }. */
  PERSISTED_OPERATIONS_FILE: z.string().min(1).default('./schema/persisted-operations.json'),
  /** How long an automatic persisted query (APQ) stays registered, seconds. */
  APQ_TTL_S: z.coerce.number().int().min(1).default(7 * 24 * 3600),
  /** Most APQ documents kept in memory when there is no Redis. */
  APQ_MAX_ENTRIES: z.coerce.number().int().min(1).default(1000),
  /**
   * Cache-Control max-age of anonymous GET reads, seconds. Unset: the response cache's TTL (0 when the
   * cache is off), so that a CDN holds an answer no longer than the server does. 0 sends `no-cache`.
   */
  HTTP_CACHE_MAX_AGE_S: z.coerce.number().int().min(0).optional(),
  /** Origins whose pages may read the API without credentials: `*` (default) or a comma-separated list. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/, message: 'must be * or http(s) origins' })]))),
  /** Origins whose pages may send credentials (Authorization): a comma-separated list, none by default. */
  CORS_CREDENTIALED_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .pipe(z.array(z.url({ protocol: /^https?$/, message: 'must be http(s) origins, e.g. https://editor.example.org' }))),
});

export type Config = z.infer<typeof configSchema> & { PGLITE_DIR: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as .env files often leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const got = cleaned[String(issue.path[0])];
        // URLs can carry passwords, so their values are never echoed.
        const shown = got === undefined || /URL/.test(name) ? '' : ` (got ${JSON.stringify(got)})`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  return { ...parsed.data, PGLITE_DIR: path.resolve(parsed.data.DATA_DIR, 'pglite') };
}

/**
 * For entry points (the server, the admin CLIs): reads ./.env when there is one (variables already set
 * in the environment win), then the configuration; a bad one prints every problem and exits 1.
 */
export function loadConfigOrExit(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
