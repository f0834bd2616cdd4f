// The one place that reads the environment. Every problem is listed at once, naming the variable.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** PostgreSQL server; when unset the embedded PGlite database is used. */
  DATABASE_URL: postgresUrl.optional(),
  /** Comma-separated read replicas of DATABASE_URL. */
  DATABASE_READ_URLS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .pipe(z.array(postgresUrl)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** Folder for local data: the PGlite database lives in DATA_DIR/pglite. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Folder of report bundles that `db:seed` loads. */
  BUNDLES_DIR: z.string().min(1).default('./data/reports'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATE_ON_START: bool.default(true),
  /** Load bundles on start when the database holds no report yet (embedded default). */
  SEED_ON_START: bool.default(true),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' }).optional(),
  /** Per-statement time limit in PostgreSQL, milliseconds. */
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
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
