// npm run bench:cpu [-- --url postgres://.../tot_bench --ops Q1,Q2,Q3 --requests 300 --rounds 2]
//
// CPU time per request of the app itself, in process: createApp on the synthetic database, the bench's
// operations sent one at a time through app.fetch (no HTTP, no load generator), process.cpuUsage()
// around each batch. On a shared machine wall-clock throughput moves ±30% from run to run; CPU per
// request moves a few percent, so this is what judges a change before the full bench confirms it.
// With --prof the same loop runs under the inspector and writes a .cpuprofile for each operation.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/yoga.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const url = arg('url', 'postgres://postgres@127.0.0.1:5432/tot_bench');
const ops = arg('ops', 'Q1,Q2,Q3').split(',');
const requests = Number(arg('requests', '300'));
const rounds = Number(arg('rounds', '2'));
const prof = argv.includes('--prof');

process.env.DATABASE_URL = url;
process.env.RESPONSE_CACHE_ENABLED = 'false';
process.env.RATE_LIMIT_POINTS = '0';
process.env.LOG_LEVEL ??= 'warn';
process.env.NODE_ENV ??= 'production';
const config = loadConfig();
const database = openDatabase({ url, poolSize: 10, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
const app = createApp({ database, config, logger: createLogger(config.LOG_LEVEL) });

const query = (file: string) => readFileSync(path.join(HERE, 'queries', file), 'utf8');
const deepCursor = async () => {
  const [row] = await database.primary.execute<{ period_end: string; id: number }>(
    `select period_end::text as period_end, id from recruitment_figures where region_id = (select id from regions where code = 'UA-23')
     order by period_end desc, id desc offset 49999 limit 1` as never,
  ) as unknown as { period_end: string; id: number }[];
  return Buffer.from(JSON.stringify(['figures:PERIOD_END:DESC', row!.period_end, row!.id]), 'utf8').toString('base64url');
};
const bodies: Record<string, string> = {
  Q1: JSON.stringify({ query: query('q1-region.graphql'), variables: { code: 'UA-23' }, operationName: 'Q1' }),
  Q2: JSON.stringify({ query: query('q2-regions-figures.graphql'), operationName: 'Q2' }),
  // Q2 on the general (plugin-drizzle) path: a directive on the node keeps the fast path out
  Q2G: JSON.stringify({ query: query('q2-regions-figures.graphql').replace('node {', 'node @include(if: true) {'), operationName: 'Q2' }),
  Q3: JSON.stringify({ query: query('q3-deep-page.graphql'), variables: { code: 'UA-23', after: await deepCursor() }, operationName: 'Q3' }),
};

const send = async (body: string) => {
  const res = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
};

const session = prof ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
for (const op of ops) {
  const body = bodies[op];
  if (!body) throw new Error(`unknown op ${op}`);
  // warm up the JIT and every pooled connection's prepared statements
  for (let i = 0; i < Math.max(100, requests); i++) await send(body);
  const perRound: number[] = [];
  if (session) await session.post('Profiler.start');
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < requests; i++) await send(body);
    const used = process.cpuUsage(start);
    perRound.push((used.user + used.system) / 1000 / requests);
  }
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    const file = `/tmp/bench-cpu-${op}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    console.log(`profile: ${file}`);
  }
  const sorted = [...perRound].sort((a, b) => a - b);
  console.log(`${op}: CPU ms/request median ${sorted[sorted.length >> 1]!.toFixed(3)} (rounds ${perRound.map((x) => x.toFixed(3)).join(' ')})`);
}
await app.dispose();
await database.close();
