// A real HTTP server for the browser: the app on node:http, on a free port of 127.0.0.1, over a fresh
// test database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set), seeded from a folder of bundles as a
// fresh server seeds itself from data/reports: every encoded source, or (for the tests of the first
// report's display) a folder holding the first bundle alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { seedBundles } from '../../src/bundles/seed.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp } from '../../src/yoga.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

export const BUNDLES_DIR = path.resolve(import.meta.dirname, '../../data/reports');

export interface RunningServer {
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, { bundlesDir = BUNDLES_DIR } = {}): Promise<RunningServer> {
  const database = await createTestDatabase();
  await seedBundles(database.db, bundlesDir);
  // As in the in-process test app: no response cache, so rows a test writes straight into the database
  // (fixtures bypass the mutations that invalidate it) are what the browser sees.
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', RESPONSE_CACHE_ENABLED: 'false', ...env });
  const app = createApp({ database, config, logger: createLogger(config.LOG_LEVEL) });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
