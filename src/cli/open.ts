// What every admin CLI starts with: the configuration (a bad value exits with the variable named) and
// the database it names, opened the same way the server opens it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { loadConfigOrExit, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';

export function cliConfig(): Config {
  return loadConfigOrExit();
}

/** The configured database; `noStatementTimeout` for migrations, which may rewrite large tables. */
export function cliDatabase(config: Config, options: { noStatementTimeout?: boolean } = {}): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    poolSize: 1,
    statementTimeoutMs: options.noStatementTimeout ? 0 : config.STATEMENT_TIMEOUT_MS,
  });
}

/** True when the module whose import.meta.url is given is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(path.resolve(script)).href === moduleUrl;
}

/** Longest failure message a CLI prints; a failed query's SQL can run to megabytes. */
export const MAX_FAILURE_CHARS = 500;

/**
 * One short line for a failure: for a failed query, the database's own message and the start of the
 * statement (never its parameters, which are the data); for anything else its message. Capped at `max`.
 */
export function failureMessage(error: unknown, max = MAX_FAILURE_CHARS): string {
  let message: string;
  if (error instanceof DrizzleQueryError) {
    const cause = error.cause instanceof Error ? error.cause.message : 'query failed';
    const statement = error.query.replace(/\s+/g, ' ').trim();
    message = `${cause} (in: ${statement.length > 120 ? `${statement.slice(0, 120)}...` : statement})`;
  } else {
    message = error instanceof Error ? error.message : String(error);
  }
  return message.length > max ? `${message.slice(0, max)}... (${message.length - max} more characters)` : message;
}
