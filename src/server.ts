// Starts the HTTP server: opens the database, migrates and seeds the embedded default, listens,
// and shuts down cleanly on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { loadConfigOrExit } from './config.js';
import { seedIfEmpty } from './bundles/seed.js';
import { openDatabase } from './db/client.js';
import { DataFolderLockedError } from './db/lock.js';
import { errorCode, isDatabaseUnavailable } from './db/unavailable.js';
import type { Readiness } from './http/health.js';
import { trackRequests } from './http/shutdown.js';
import { createLogger } from './logger.js';
import { createApp } from './yoga.js';

/** for the one-line report of a failed start */
let databaseUrl: string | undefined;

async function main() {
  const config = loadConfigOrExit();
  databaseUrl = config.DATABASE_URL;
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    readUrls: config.DATABASE_READ_URLS,
    pgliteDir: config.PGLITE_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
  });
  if (config.MIGRATE_ON_START) {
    await database.migrate();
    logger.info({ database: database.kind }, 'migrations applied');
  }
  if (config.SEED_ON_START) {
    const seeded = await seedIfEmpty(database.db, config.BUNDLES_DIR, logger);
    if (seeded) logger.info({ bundles: seeded.length, dir: config.BUNDLES_DIR }, 'empty database seeded');
  }

  const readiness: Readiness = { shuttingDown: false };
  const yoga = createApp({ database, config, logger, readiness });
  const server = createServer(yoga);
  // Slow clients cannot hold a connection forever; requests themselves have REQUEST_TIMEOUT_MS.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  const requests = trackRequests(server);
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info({ port, database: database.kind }, `GraphQL API on http://localhost:${port}/graphql, explorer on http://localhost:${port}/`);
  });

  // SIGTERM (orchestrators) and SIGINT (Ctrl-C): /ready turns 503 so load balancers stop sending
  // traffic, the listener closes, requests in flight finish (up to SHUTDOWN_TIMEOUT_MS), then Redis
  // and the database pool close and the process exits 0. A second signal exits at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    readiness.shuttingDown = true;
    logger.info({ signal, inFlight: requests.inFlight(), timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down');
    try {
      const { cut } = await requests.drain(config.SHUTDOWN_TIMEOUT_MS, logger);
      await yoga.dispose();
      await database.close();
      logger.info({ cut }, 'shutdown complete');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * One line an operator can act on for the failures a start meets in practice (the folder is locked,
 * the database cannot be reached); anything else is a bug and keeps its stack.
 */
function startupFailure(error: unknown, databaseUrl: string | undefined): string | undefined {
  if (error instanceof DataFolderLockedError) return `Cannot start: ${error.message}`;
  if (isDatabaseUnavailable(error)) {
    let where = 'the database';
    if (databaseUrl) {
      try {
        const url = new URL(databaseUrl);
        where = `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`; // never the password
      } catch {
        // the URL was validated by the configuration; keep the generic wording
      }
    }
    return `Cannot start: ${where} cannot be reached (${errorCode(error)}). Check that it is running and that DATABASE_URL is right.`;
  }
  return undefined;
}

main().catch((error) => {
  const line = startupFailure(error, databaseUrl);
  console.error(line ?? error);
  process.exit(1);
});
