// The app as the bench runs it: src/yoga.ts createApp on node:http, configured from the environment the
// bench passes (DATABASE_URL = the synthetic database), counting every SQL statement it sends.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/yoga.js';
import { serveForBench, type Counters } from './child.js';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('bench/app-server needs DATABASE_URL');
const counters: Counters = { statements: 0 };
const database = openDatabase({
  url: config.DATABASE_URL,
  poolSize: config.DATABASE_POOL_SIZE,
  statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
  onQuery: () => {
    counters.statements++;
  },
});
const app = createApp({ database, config, logger: createLogger(config.LOG_LEVEL) });
serveForBench(app, counters, () => database.close());
