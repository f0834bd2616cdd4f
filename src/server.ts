// Starts the HTTP server: opens the database, migrates and seeds the embedded default, listens,
// and shuts down cleanly on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { seedIfEmpty } from './bundles/seed.js';
import { openDatabase } from './db/client.js';
import { createLogger } from './logger.js';
import { createApp } from './yoga.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const database = openDatabase({
    url: config.DATABASE_URL,
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

  const yoga = createApp({ database, config, logger });
  const server = createServer(yoga);
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info({ port, database: database.kind }, `GraphQL API on http://localhost:${port}/graphql`);
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(async () => {
      await database.close();
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
