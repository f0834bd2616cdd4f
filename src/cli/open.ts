// What every admin CLI starts with: the configuration (a bad value exits with the variable named) and
// the database it names, opened the same way the server opens it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfigOrExit, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';

export function cliConfig(): Config {
  return loadConfigOrExit();
}

/** The configured database; `noStatementTimeout` for migrations, which may rewrite large tables. */
export function cliDatabase(config: Config, options: { noStatementTimeout?: boolean } = {}): Database {
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
