// The app as the bench runs it: the compiled build (dist/, `npm run build`) of src/yoga.ts createApp on
// node:http, exactly what `npm start` runs, configured from the environment the bench passes
// (DATABASE_URL = the synthetic database), counting every SQL statement it sends.
import { loadConfig } from '../dist/config.js';
import { openDatabase } from '../dist/db/client.js';
import { createLogger } from '../dist/logger.js';
import { createApp } from '../dist/yoga.js';
import { serveForBench } from './child.mjs';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('bench/app-server needs DATABASE_URL');
const counters = { statements: 0 };
const database = await openDatabase({
  url: config.DATABASE_URL,
  poolSize: config.DATABASE_POOL_SIZE,
  statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
  onQuery: () => {
    counters.statements++;
  },
});
const app = createApp({ database, config, logger: createLogger(config.LOG_LEVEL) });
serveForBench(app, counters, () => database.close());
