// npm run bench:cpu [-- --url postgres://.../tot_bench --ops Q1,Q2,Q3 --requests 300 --rounds 2]
//
// CPU time per request of the app itself, in process: createApp on the synthetic database, the bench's
// operations sent one at a time through app.fetch (no HTTP, no load generator), process.cpuUsage()
// around each batch. On a shared machine wall-clock throughput moves ±30% from run to run; CPU per
// request moves a few percent, so this is what judges a change before the full bench confirms it.
// With --prof the same loop runs under the inspector and writes a .cpuprofile for each operation.
// --cache-miss runs that loop with the response cache on and missing every time (as production's first read).
//
// With --breakdown it prices each part of a request instead (docs/performance.md, "Where a request's CPU
// goes"): the app as production runs it (response cache on but missing every time, rate limit on with
// a budget never reached) against the same app without one plugin at a time, all in one process with
// the rounds interleaved, so a plugin's cost is the difference of two medians; the phases (parse,
// validate, context building with auth, execution, serialisation) from a timer plugin that reads
// process.cpuUsage() at each hook; and the SQL driver's share by replaying the statements one request
// sends straight through postgres.js.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { APP_PLUGINS, createApp, type App, type AppPluginName } from '../src/yoga.js';

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
const breakdown = argv.includes('--breakdown');
// the plain loop (and --prof) with the response cache on and missing every time, as --breakdown's `all`
const cacheMiss = argv.includes('--cache-miss');

process.env.DATABASE_URL = url;
process.env.RESPONSE_CACHE_ENABLED = 'false';
process.env.RATE_LIMIT_POINTS = '0';
process.env.LOG_LEVEL ??= 'warn';
process.env.NODE_ENV ??= 'production';
const config = loadConfig();
// statements of one request, captured for the SQL replay
let captured: { text: string; params: unknown[] }[] | undefined;
const database = await openDatabase({
  url,
  poolSize: 10,
  statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
  onQuery: (text, params) => captured?.push({ text, params }),
});
const logger = createLogger(config.LOG_LEVEL);
// Production settings, except that a cached answer would measure the cache: a TTL of 0 makes every
// request a miss that still pays for the lookup, the document rewrite and the result walk.
const production = { ...config, RESPONSE_CACHE_ENABLED: true, RESPONSE_CACHE_TTL_MS: 0, RATE_LIMIT_POINTS: 1_000_000_000, METRICS_ENABLED: true };
const app = createApp({ database, config: cacheMiss ? production : config, logger });

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

const send = async (body: string, to: App = app) => {
  const res = await to.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
};

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
/** CPU ms per request of `requests` sequential requests */
const cpuPerRequest = async (body: string, to: App, n = requests) => {
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await send(body, to);
  return (cpuMicros() - start) / 1000 / n;
};

if (breakdown) {
  await runBreakdown();
  process.exit(0);
}

async function runBreakdown() {
  const phases = { parse: 0, validate: 0, context: 0, execute: 0, serialise: 0, requests: 0 };
  const timer: Plugin = {
    onRequest() {
      phases.requests++;
    },
    onParse() {
      const t = cpuMicros();
      return () => void (phases.parse += cpuMicros() - t);
    },
    onValidate() {
      const t = cpuMicros();
      return () => void (phases.validate += cpuMicros() - t);
    },
    onContextBuilding() {
      const t = cpuMicros();
      return () => void (phases.context += cpuMicros() - t);
    },
    onExecute() {
      const t = cpuMicros();
      return {
        onExecuteDone({ result }) {
          phases.execute += cpuMicros() - t;
          const s = cpuMicros();
          JSON.stringify(result);
          phases.serialise += cpuMicros() - s;
        },
      };
    },
  };
  const present = APP_PLUGINS.filter((name) => name !== 'metrics' || production.METRICS_ENABLED);
  const variants: { name: string; app: App }[] = [
    { name: 'all', app: createApp({ database, config: production, logger }) },
    ...present.map((name) => ({
      name: `without ${name}`,
      app: createApp({ database, config: production, logger, leaveOut: new Set<AppPluginName>([name]) }),
    })),
    { name: 'no plugins', app: createApp({ database, config: production, logger, leaveOut: new Set(present) }) },
  ];
  const timed = createApp({ database, config: production, logger, extraPlugins: [timer] });
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  const report: Record<string, unknown> = {};
  for (const op of ops) {
    const body = bodies[op];
    if (!body) throw new Error(`unknown op ${op}`);
    for (const v of [...variants, { name: 'timed', app: timed }]) for (let i = 0; i < 50; i++) await send(body, v.app);
    const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    for (let r = 0; r < rounds; r++) {
      // rotate the order so that drift on the machine does not favour one variant
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + r) % variants.length]!;
        samples.get(v.name)!.push(await cpuPerRequest(body, v.app));
      }
    }
    const all = median(samples.get('all')!);
    const pluginCost = Object.fromEntries(present.map((name) => [name, all - median(samples.get(`without ${name}`)!)]));
    const withoutPlugins = median(samples.get('no plugins')!);

    Object.assign(phases, { parse: 0, validate: 0, context: 0, execute: 0, serialise: 0, requests: 0 });
    await cpuPerRequest(body, timed);
    const per = (us: number) => us / 1000 / phases.requests;
    const phaseCost = {
      parse: per(phases.parse),
      validate: per(phases.validate),
      'context (auth)': per(phases.context),
      execute: per(phases.execute),
      serialise: per(phases.serialise),
    };

    // the driver's share: the same statements, sent by postgres.js alone
    captured = [];
    await send(body, variants[0]!.app);
    const statements = captured;
    captured = undefined;
    const replay = async () => {
      for (const st of statements) await raw.unsafe(st.text, st.params as never[], { prepare: true });
    };
    for (let i = 0; i < 50; i++) await replay();
    const start = cpuMicros();
    for (let i = 0; i < requests; i++) await replay();
    const sqlDriver = (cpuMicros() - start) / 1000 / requests;

    const ms = (x: number) => `${x.toFixed(3)} ms`;
    console.log(`\n${op}: CPU per request ${ms(all)} with every plugin, ${ms(withoutPlugins)} with none (${statements.length} statements)`);
    for (const [name, cost] of Object.entries(pluginCost)) console.log(`  plugin ${name.padEnd(18)} ${ms(cost).padStart(10)}  ${((cost / all) * 100).toFixed(1).padStart(5)}%`);
    for (const [name, cost] of Object.entries(phaseCost)) console.log(`  phase  ${name.padEnd(18)} ${ms(cost).padStart(10)}  ${((cost / all) * 100).toFixed(1).padStart(5)}%`);
    console.log(`  sql driver (postgres.js alone)  ${ms(sqlDriver).padStart(10)}  ${((sqlDriver / all) * 100).toFixed(1).padStart(5)}%  (inside execute)`);
    console.log(`  rounds: ${[...samples].map(([k, xs]) => `${k} ${xs.map((x) => x.toFixed(2)).join('/')}`).join('; ')}`);
    report[op] = { all, withoutPlugins, pluginCost, phaseCost, sqlDriver, statements: statements.length, samples: Object.fromEntries(samples) };
  }
  const file = `/tmp/bench-cpu-breakdown-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${file}`);
  await Promise.all([...variants.map((v) => v.app.dispose()), timed.dispose(), app.dispose()]);
  await raw.end();
  await database.close();
}

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
