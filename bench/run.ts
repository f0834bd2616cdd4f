// npm run bench [-- --url postgres://.../tot_bench --duration 8 --connections 32 --runs 3 --ops Q1,Q2,Q3 --label x
//                   --node-flags "--max-semi-space-size=64" --no-postgraphile]
//
// Builds the app (`npm run build`, as `npm start` does) and starts it compiled (bench/app-server.mjs), the hand-written baseline (bench/baseline-server.ts) and
// PostGraphile 5 (bench/postgraphile-server.ts, its generated schema over the same tables) as child
// processes on the synthetic database, checks that the baseline answers every operation with the app's
// JSON and PostGraphile with the same rows, then drives them with autocannon over loopback, rotating
// which goes first run by run so that drift on a shared machine hits all alike. Prints medians, app /
// baseline and app / PostGraphile ratios, and writes bench/results/<date>.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { deepStrictEqual } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import postgres from 'postgres';
import type { ChildStats } from './child.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

interface Options {
  url: string;
  duration: number;
  warmup: number;
  connections: number;
  runs: number;
  ops: string[];
  label: string;
  nodeFlags: string[];
  deepRow: number;
  region: string;
  postgraphile: boolean;
}

function parseArgs(argv: string[]): Options {
  const v: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    const next = argv[i + 1];
    v[m[1]!] = m[2] ?? (next === undefined || next.startsWith('--') ? '' : argv[++i]!);
  }
  return {
    url: v.url ?? 'postgres://postgres@127.0.0.1:5432/tot_bench',
    duration: Number(v.duration ?? 8),
    warmup: Number(v.warmup ?? 3),
    connections: Number(v.connections ?? 32),
    runs: Number(v.runs ?? 3),
    ops: (v.ops ?? 'Q1,Q2,Q3,Q3P1,Q4,Q5').split(',').map((s) => s.trim().toUpperCase()),
    label: v.label ?? '',
    nodeFlags: v['node-flags'] ? v['node-flags'].split(/\s+/).filter(Boolean) : [],
    deepRow: Number(v['deep-row'] ?? 50_000),
    region: v.region ?? 'UA-23',
    postgraphile: v['no-postgraphile'] === undefined,
  };
}

// ---------------------------------------------------------------------------------------------------
// children

interface Child {
  name: string;
  process: ChildProcess;
  port: number;
  stats(reset?: boolean): Promise<ChildStats>;
  stop(): Promise<void>;
}

function startChild(name: string, file: string, env: Record<string, string>, nodeFlags: string[]): Promise<Child> {
  // the app runs compiled (.mjs over dist/), the references through tsx
  const loader = file.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, path.join(HERE, file)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waitFor = <T>(type: string, pick: (m: any) => T): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: any) => {
        if (m?.type === type) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(pick(m));
        }
      };
      const onExit = (code: number | null) => reject(new Error(`${name} server exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return waitFor('ready', (m) => m.port as number).then((port) => ({
    name,
    process: child,
    port,
    stats(reset = false) {
      const reply = waitFor('stats', (m) => m.stats as ChildStats);
      child.send({ type: reset ? 'reset' : 'stats' });
      return reply;
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      return exited.finally(() => clearTimeout(timer));
    },
  }));
}

// ---------------------------------------------------------------------------------------------------
// operations

interface Operation {
  name: string;
  description: string;
  query: string;
  variables: Record<string, unknown>;
  /** whether the baseline answers it too */
  baseline: boolean;
  /** the same operation written for PostGraphile's generated schema, when it has one */
  postgraphile?: { query: string; variables: Record<string, unknown> };
}

const query = (file: string) => readFileSync(path.join(HERE, 'queries', file), 'utf8');
const pglQuery = (file: string) => readFileSync(path.join(HERE, 'queries', 'postgraphile', file), 'utf8');

function encodeFigureCursor(periodEnd: string, id: number) {
  return Buffer.from(JSON.stringify(['figures:PERIOD_END:DESC', periodEnd, id]), 'utf8').toString('base64url');
}

function body(op: Operation, child?: Child) {
  const { query, variables } = child?.name === 'postgraphile' && op.postgraphile ? op.postgraphile : op;
  return JSON.stringify({ query, variables, operationName: op.name.replace(/P1$/, '') });
}

async function post(port: number, op: Operation, child?: Child): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body(op, child),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

// PostGraphile's answers have its own shape (global IDs of ["Type", id], flat value columns, its own
// connection and relation names), so they are compared with the app's as rows: each one's row id and
// every selected column, in order.
function rowId(globalId: string): number {
  const text = Buffer.from(globalId, 'base64').toString('utf8');
  return text.startsWith('[') ? Number((JSON.parse(text) as [string, number])[1]) : Number(text.slice(text.indexOf(':') + 1));
}
function figureRows(edges: any[]) {
  return edges.map(({ node: n }) => {
    const v = n.value ?? n;
    const report = n.report ?? n.reportByReportId;
    return {
      id: rowId(n.id),
      metric: n.metric,
      periodStart: n.periodStart,
      periodEnd: n.periodEnd,
      value: [v.best, v.low, v.high, v.qualifier, v.asStated],
      ...(report ? { report: [report.slug, report.title, report.publisher] } : {}),
    };
  });
}
function rowsOf(op: string, json: any): unknown {
  const d = json?.data;
  if (!d) return undefined;
  if (op === 'Q1') {
    const r = d.region ?? d.regionByCode;
    return r && { id: rowId(r.id), code: r.code, nameEn: r.nameEn, nameUk: r.nameUk, kind: r.kind };
  }
  if (op === 'Q2') {
    return (d.regions ?? d.allRegions.nodes).map((r: any) => ({
      code: r.code,
      nameEn: r.nameEn,
      figures: figureRows((r.recruitmentFigures ?? r.recruitmentFiguresByRegionId).edges),
    }));
  }
  const r = d.region ?? d.regionByCode;
  const c = r.recruitmentFigures ?? r.recruitmentFiguresByRegionId;
  return { code: r.code, figures: figureRows(c.edges), hasNextPage: c.pageInfo.hasNextPage };
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  statementsPerRequest: number;
  peakRssMb: number;
  /** the server process's CPU time per request served: steadier than req/s on a shared machine */
  cpuMsPerRequest: number;
  errors: number;
}

async function measure(child: Child, op: Operation, o: Options, duration: number): Promise<Sample> {
  const before = await child.stats(true);
  const r = await autocannon({
    url: `http://127.0.0.1:${child.port}/graphql`,
    connections: o.connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body(op, child),
    timeout: 30,
  });
  const after = await child.stats();
  const served = after.requests - before.requests;
  return {
    rps: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    statementsPerRequest: served ? Math.round(((after.statements - before.statements) / served) * 100) / 100 : 0,
    peakRssMb: after.peakRssMb,
    cpuMsPerRequest: served ? Math.round(((after.cpuMs - before.cpuMs) / served) * 1000) / 1000 : 0,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function summarise(samples: Sample[]) {
  return {
    rps: median(samples.map((s) => s.rps)),
    p50: median(samples.map((s) => s.p50)),
    p99: median(samples.map((s) => s.p99)),
    statementsPerRequest: median(samples.map((s) => s.statementsPerRequest)),
    peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
    cpuMsPerRequest: median(samples.map((s) => s.cpuMsPerRequest)),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    runs: samples,
  };
}

// ---------------------------------------------------------------------------------------------------
// Q5: the CSV export, streamed and counted

async function measureExport(child: Child, search: string) {
  const before = await child.stats(true);
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${child.port}/export/recruitment-figures.csv${search}`);
  if (res.status !== 200 || !res.body) throw new Error(`export answered HTTP ${res.status}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await child.stats();
  const rows = Math.max(0, lines - 1);
  return {
    rows,
    megabytes: Math.round(bytes / 1024 / 102.4) / 10,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    rssBeforeMb: before.rssMb,
    peakRssMb: after.peakRssMb,
    rssGrowthMb: Math.round((after.peakRssMb - before.rssMb) * 10) / 10,
    statements: after.statements - before.statements,
  };
}

// ---------------------------------------------------------------------------------------------------

function machine(pgVersion: string) {
  const cpus = os.cpus();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} x ${cpus.length}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    commit,
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const sql = postgres(o.url, { max: 1, onnotice: () => {} });
  let app: Child | undefined;
  let baseline: Child | undefined;
  let pgl: Child | undefined;
  const stopAll = async () => {
    await Promise.all([app?.stop(), baseline?.stop(), pgl?.stop()]);
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const [info] = await sql`
      select current_setting('server_version') as version,
             (select count(*) from recruitment_figures)::int as figures,
             (select count(*) from reports)::int as reports`.catch(() => {
      throw new Error(`${o.url} holds no synthetic data: run npm run db:synth -- --url ${o.url} first`);
    });
    if (!info || info.figures === 0) throw new Error(`${o.url} holds no figures: run npm run db:synth -- --url ${o.url} first`);
    const [deep] = await sql`
      select f.period_end::text as period_end, f.id from recruitment_figures f
      where f.region_id = (select id from regions where code = ${o.region})
      order by f.period_end desc, f.id desc offset ${o.deepRow - 1} limit 1`;
    await sql.end();
    if (!deep) throw new Error(`region ${o.region} has fewer than ${o.deepRow} figures`);
    const deepCursor = encodeFigureCursor(deep.period_end as string, deep.id as number);

    const operations: Operation[] = [
      {
        name: 'Q1',
        description: 'one region by code',
        query: query('q1-region.graphql'),
        variables: { code: o.region },
        baseline: true,
        postgraphile: { query: pglQuery('q1-region.graphql'), variables: { code: o.region } },
      },
      {
        name: 'Q2',
        description: '7 regions x 50 newest figures x report',
        query: query('q2-regions-figures.graphql'),
        variables: {},
        baseline: true,
        postgraphile: { query: pglQuery('q2-regions-figures.graphql'), variables: {} },
      },
      {
        name: 'Q3',
        description: `page of 50 after row ${o.deepRow} of one region`,
        query: query('q3-deep-page.graphql'),
        variables: { code: o.region, after: deepCursor },
        baseline: true,
        // the cursor is PostGraphile's own, filled in once it runs
        postgraphile: { query: pglQuery('q3-deep-page.graphql'), variables: { code: o.region } },
      },
      {
        name: 'Q3P1',
        description: 'the same connection, first page',
        query: query('q3-deep-page.graphql'),
        variables: { code: o.region },
        baseline: true,
        postgraphile: { query: pglQuery('q3-deep-page.graphql'), variables: { code: o.region } },
      },
      { name: 'Q4', description: 'full-text search, 20 results', query: query('q4-search.graphql'), variables: { query: 'recruitment contract' }, baseline: false },
    ].filter((op) => o.ops.includes(op.name));

    const env = {
      DATABASE_URL: o.url,
      DATABASE_POOL_SIZE: '10',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'false',
      SEED_ON_START: 'false',
      // The bench measures the query path, not a cache in front of it or a limit that refuses it.
      RESPONSE_CACHE_ENABLED: 'false',
      RATE_LIMIT_POINTS: '0',
    };
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    app = await startChild('app', 'app-server.mjs', env, o.nodeFlags);
    baseline = await startChild('baseline', 'baseline-server.ts', env, []);
    if (o.postgraphile) {
      pgl = await startChild('postgraphile', 'postgraphile-server.ts', { ...env, GRAPHILE_ENV: 'production' }, [
        '--import',
        pathToFileURL(path.join(HERE, 'with-resolvers.mjs')).href,
      ]);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const idleRssMb = (await app.stats()).rssMb;
    const baselineIdleRssMb = (await baseline.stats()).rssMb;
    const postgraphileIdleRssMb = pgl ? (await pgl.stats()).rssMb : undefined;
    if (pgl) {
      // PostGraphile's cursors are its own: ask it for the one of the same row (by offset, once).
      const { json } = await post(pgl.port, {
        name: 'Cursor',
        description: '',
        query: `query Cursor($code: String!, $offset: Int!) { regionByCode(code: $code) {
          recruitmentFiguresByRegionId(first: 1, offset: $offset, orderBy: [PERIOD_END_DESC, ROW_ID_DESC]) { edges { cursor } } } }`,
        variables: { code: o.region, offset: o.deepRow - 1 },
        baseline: false,
      });
      const cursor = json?.data?.regionByCode?.recruitmentFiguresByRegionId?.edges?.[0]?.cursor;
      if (!cursor) throw new Error(`PostGraphile gave no cursor for row ${o.deepRow}: ${JSON.stringify(json).slice(0, 300)}`);
      const q3 = operations.find((op) => op.name === 'Q3');
      if (q3?.postgraphile) q3.postgraphile.variables.after = cursor;
    }

    const skipped: Record<string, string> = {};
    const hasSearch = await post(app.port, {
      name: 'Fields',
      description: '',
      query: 'query Fields { __type(name: "Query") { fields { name } } }',
      variables: {},
      baseline: false,
    }).then((r) => (r.json?.data?.__type?.fields ?? []).some((f: { name: string }) => f.name === 'search'));
    const ops = operations.filter((op) => {
      if (op.name === 'Q4' && !hasSearch) {
        skipped.Q4 = 'Query.search is not in this build of the app';
        return false;
      }
      return true;
    });

    // Same answer from both, and no GraphQL errors, before anything is timed.
    for (const op of ops) {
      const a = await post(app.port, op);
      if (a.status !== 200 || a.json?.errors) throw new Error(`${op.name}: app answered HTTP ${a.status} ${JSON.stringify(a.json?.errors)}`);
      if (op.baseline) {
        const b = await post(baseline.port, op);
        try {
          deepStrictEqual(b.json, a.json);
        } catch {
          throw new Error(`${op.name}: the baseline's answer differs from the app's\napp: ${JSON.stringify(a.json).slice(0, 600)}\nbaseline: ${JSON.stringify(b.json).slice(0, 600)}`);
        }
      }
      if (pgl && op.postgraphile) {
        const p = await post(pgl.port, op, pgl);
        if (p.status !== 200 || p.json?.errors) throw new Error(`${op.name}: PostGraphile answered HTTP ${p.status} ${JSON.stringify(p.json?.errors)}`);
        try {
          deepStrictEqual(rowsOf(op.name, p.json), rowsOf(op.name, a.json));
        } catch {
          throw new Error(`${op.name}: PostGraphile's rows differ from the app's\napp: ${JSON.stringify(rowsOf(op.name, a.json)).slice(0, 600)}\nPostGraphile: ${JSON.stringify(rowsOf(op.name, p.json)).slice(0, 600)}`);
        }
      }
    }
    console.log(`answers checked: ${ops.map((op) => op.name).join(', ')} (the baseline gives the app's JSON${pgl ? ', PostGraphile the same rows' : ''})`);

    const childrenFor = (op: Operation): Child[] => [app!, ...(op.baseline ? [baseline!] : []), ...(pgl && op.postgraphile ? [pgl] : [])];
    for (const op of ops) for (const child of childrenFor(op)) await measure(child, op, o, o.warmup);

    const samples: Record<string, Record<string, Sample[]>> = {};
    for (let run = 0; run < o.runs; run++) {
      for (const op of ops) {
        const s = (samples[op.name] ??= {});
        // rotate who goes first, so that drift on the machine does not favour one server
        const children = childrenFor(op);
        const order = children.map((_, i) => children[(i + run) % children.length]!);
        for (const child of order) {
          const sample = await measure(child, op, o, o.duration);
          (s[child.name] ??= []).push(sample);
          console.log(
            `run ${run + 1} ${op.name} ${child.name.padEnd(8)} ${String(sample.rps).padStart(8)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  ${sample.statementsPerRequest} stmt/req  ${sample.cpuMsPerRequest} CPU ms/req  peak ${sample.peakRssMb} MB${sample.errors ? `  ERRORS ${sample.errors}` : ''}`,
          );
        }
      }
    }

    let exportResult: unknown = undefined;
    if (o.ops.includes('Q5')) {
      const probe = await fetch(`http://127.0.0.1:${app.port}/export/recruitment-figures.csv?regionCodes=none`).catch(() => null);
      if (!probe || probe.status === 404) {
        skipped.Q5 = 'GET /export/recruitment-figures.csv is not in this build of the app';
        await probe?.body?.cancel();
      } else {
        await probe.body?.cancel();
        const filtered = [];
        const all = [];
        for (let run = 0; run < o.runs; run++) filtered.push(await measureExport(app, `?regionCodes=${o.region}`));
        all.push(await measureExport(app, ''));
        exportResult = { filtered, all };
        console.log(`Q5 export: ${JSON.stringify(exportResult)}`);
      }
    }

    await new Promise((r) => setTimeout(r, 2000));
    const idleAfterMb = (await app.stats()).rssMb;

    const results: Record<string, unknown> = {};
    const rows: string[][] = [];
    const ratioOf = (x: { rps: number }, y?: { rps: number }) => (y ? Math.round((x.rps / y.rps) * 100) / 100 : undefined);
    const cell = (n?: number) => (n !== undefined ? n.toFixed(2) : '-');
    for (const op of ops) {
      const a = summarise(samples[op.name]!.app!);
      const bs = samples[op.name]!.baseline;
      const ps = samples[op.name]!.postgraphile;
      const b = bs ? summarise(bs) : undefined;
      const p = ps ? summarise(ps) : undefined;
      const ratio = ratioOf(a, b);
      const ratioPostgraphile = ratioOf(a, p);
      // the same comparison by CPU time per request (the other server's over the app's: > 1 = app cheaper)
      const cpuRatio = (x?: { cpuMsPerRequest: number }) => (x ? Math.round((x.cpuMsPerRequest / a.cpuMsPerRequest) * 100) / 100 : undefined);
      results[op.name] = {
        description: op.description,
        app: a,
        baseline: b,
        postgraphile: p,
        ratio,
        ratioPostgraphile,
        postgraphileOverBaseline: p ? ratioOf(p, b) : undefined,
        cpuRatio: cpuRatio(b),
        cpuRatioPostgraphile: cpuRatio(p),
      };
      rows.push([
        op.name,
        String(a.rps),
        b ? String(b.rps) : '-',
        p ? String(p.rps) : '-',
        cell(ratio),
        cell(ratioPostgraphile),
        `${a.cpuMsPerRequest} / ${b ? b.cpuMsPerRequest : '-'} / ${p ? p.cpuMsPerRequest : '-'}`,
        `${cell(cpuRatio(b))} / ${cell(cpuRatio(p))}`,
        `${a.p50} / ${a.p99}`,
        b ? `${b.p50} / ${b.p99}` : '-',
        p ? `${p.p50} / ${p.p99}` : '-',
        `${a.statementsPerRequest}${p ? ` (pgl ${p.statementsPerRequest})` : ''}`,
        String(a.peakRssMb),
      ]);
    }
    const q3 = results.Q3 as { app: { p50: number } } | undefined;
    const q3p1 = results.Q3P1 as { app: { p50: number } } | undefined;
    const report = {
      date: new Date().toISOString(),
      machine: machine(info.version as string),
      data: { figures: info.figures, reports: info.reports },
      settings: { connections: o.connections, duration: o.duration, runs: o.runs, appNodeFlags: o.nodeFlags, env },
      idleRssMb: { app: idleRssMb, appAfterLoad: idleAfterMb, baseline: baselineIdleRssMb, postgraphile: postgraphileIdleRssMb },
      deepPageP50OverFirstPageP50: q3 && q3p1 ? Math.round((q3.app.p50 / Math.max(q3p1.app.p50, 0.001)) * 100) / 100 : undefined,
      operations: results,
      export: exportResult,
      skipped,
    };

    const head = [
      'op',
      'app req/s',
      'base req/s',
      'pgl req/s',
      'app/base',
      'app/pgl',
      'CPU ms/req app/base/pgl',
      'CPU ratio base/pgl',
      'app p50/p99 ms',
      'base p50/p99 ms',
      'pgl p50/p99 ms',
      'stmt/req',
      'app peak MB',
    ];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(`\n${line(head)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${rows.map(line).join('\n')}`);
    console.log(
      `idle RSS: app ${idleRssMb} MB at start, ${idleAfterMb} MB after the load; baseline ${baselineIdleRssMb} MB${postgraphileIdleRssMb !== undefined ? `; PostGraphile ${postgraphileIdleRssMb} MB` : ''}`,
    );
    if (report.deepPageP50OverFirstPageP50 !== undefined) console.log(`Q3 deep page p50 / first page p50: ${report.deepPageP50OverFirstPageP50}`);
    for (const [op, why] of Object.entries(skipped)) console.log(`${op} skipped: ${why}`);

    const dir = path.join(HERE, 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}${o.label ? `-${o.label}` : ''}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written to ${path.relative(ROOT, file)}`);
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
