// A CPU profile of the compiled app over HTTP, as the bench runs it:
//   npm run build && DATABASE_URL=postgres://.../tot_bench node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-server.mjs 4999
// then load it (autocannon) and stop it with Ctrl-C or SIGTERM: node writes the profile on exit.
import { createServer } from 'node:http';
import { loadConfig } from '../dist/config.js';
import { openDatabase } from '../dist/db/client.js';
import { createLogger } from '../dist/logger.js';
import { createApp } from '../dist/yoga.js';

process.env.NODE_ENV ??= 'production';
process.env.RESPONSE_CACHE_ENABLED ??= 'false';
process.env.RATE_LIMIT_POINTS ??= '0';
process.env.LOG_LEVEL ??= 'warn';
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('set DATABASE_URL');
const database = await openDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
const app = createApp({ database, config, logger: createLogger(config.LOG_LEVEL) });
const server = createServer(app).listen(Number(process.argv[2] ?? 4999), '127.0.0.1');
server.keepAliveTimeout = 60_000;
const stop = () => {
  server.closeAllConnections();
  server.close(() => database.close().finally(() => process.exit(0)));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
