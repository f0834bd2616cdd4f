// npx tsx bench/release-explain.ts [--url postgres://.../tot_release_bench] [--case <substring>] [--live] [--summary] [--custom]
// The statements that bench/release.ts's cases send for the newest release, each run under EXPLAIN
// (ANALYZE, BUFFERS) with the settings a release read has (src/db/as-of.ts): where a release read's time goes.
// --summary: per case, the medians of 9 EXPLAIN ANALYZE runs of planning and execution time summed over
// its statements, live against release (steadier than the in-process bench on a shared machine).
// Release statements run as the app runs them once warm: prepared (SQL PREPARE, then EXPLAIN EXECUTE),
// a page with its LIMIT inlined and a generic plan planned once (src/db/as-of.ts preparedStatement), the
// others left to PostgreSQL's choice (its first five executions are custom plans); --custom plans them
// afresh each time instead, as before. Live statements are planned each time (EXPLAIN of the
// statement), as the app's parameterised statements are (custom plans).
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { AS_OF_SQL, asOfParams, preparedStatement } from '../src/db/as-of.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/yoga.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const url = arg('url', 'postgres://postgres@127.0.0.1:5432/tot_release_bench');
const only = arg('case', '');
const live = process.argv.includes('--live');
const summary = process.argv.includes('--summary');
const custom = process.argv.includes('--custom');
const FIG = 'edges { cursor node { id metric periodEnd value { best qualifier asStated } report { slug title } region { code } } } pageInfo { hasNextPage endCursor }';
const CASES: [string, string][] = [
  ['first 100', `recruitmentFigures(first: 100) { ${FIG} }`],
  ['count all', `recruitmentFigures(first: 20) { totalCount ${FIG} }`],
  ['region + metric', `recruitmentFigures(first: 50, filter: { regionCodes: ["UA-23"], metrics: [CONTRACTS_SIGNED] }) { totalCount ${FIG} }`],
  ['deep page', `recruitmentFigures(first: 50, after: "DEEP", filter: { regionCodes: ["UA-23"] }) { ${FIG} }`],
  ['reports', `reports(first: 20) { totalCount edges { node { slug title publications { url } recruitmentFigures(first: 10) { totalCount edges { node { metric value { asStated } } } } } } }`],
];
const captured: { query: string; params: unknown[] }[] = [];
const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'production', RESPONSE_CACHE_ENABLED: 'false', RATE_LIMIT_POINTS: '0', MAX_COST: '100000000' });
const database = await openDatabase({ url, poolSize: 2, onQuery: (query, params) => captured.push({ query, params }) });
const app = createApp({ database, config, logger: createLogger('warn') });
const sql = postgres(url, { max: 1, onnotice: () => {} });
const [release] = await sql`select version, data_version::text as v from dataset_releases order by id desc limit 1`;
const [deep] = await sql`select period_end::text as e, id from recruitment_figures
  where region_id = (select id from regions where code = 'UA-23') order by period_end desc, id desc offset 49999 limit 1`;
const deepCursor = Buffer.from(JSON.stringify(['figures:PERIOD_END:DESC', deep!.e, deep!.id])).toString('base64url');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The statements a selection sends (the release's own lookup left out). */
async function statementsOf(selection: string, asLive: boolean) {
  captured.length = 0;
  const query = asLive ? `{ ${selection} }` : `{ release(version: "${release!.version}") { ${selection} } }`;
  const res = await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = await res.text();
  if (body.includes('"errors"')) throw new Error(body.slice(0, 300));
  return captured.filter((c) => !/dataset_releases/.test(c.query));
}

/** A parameter as an SQL literal of unknown type (EXECUTE coerces it to the parameter's type). */
const literal = (v: unknown): string =>
  v === null || v === undefined ? 'null' : `'${(Array.isArray(v) ? `{${v.join(',')}}` : String(v)).replace(/'/g, "''")}'`;
/** SQL-level prepared statements of this connection, by text. */
const prepared = new Map<string, string>();

async function explain(statement: { query: string; params: unknown[] }, asLive: boolean, options: string) {
  return sql.begin(async (tx) => {
    if (asLive) return tx.unsafe(`explain (${options}) ${statement.query}`, statement.params as never[]);
    if (custom) {
      await tx.unsafe(AS_OF_SQL, asOfParams(release!.v, statement.query) as never[]);
      await tx.unsafe(`set local plan_cache_mode = force_custom_plan`);
      return tx.unsafe(`explain (${options}) ${statement.query}`, statement.params as never[]);
    }
    const { text, params, generic } = preparedStatement(statement.query, statement.params);
    await tx.unsafe(AS_OF_SQL, asOfParams(release!.v, statement.query, generic) as never[]);
    const args = params.length ? `(${params.map(literal).join(', ')})` : '';
    let name = prepared.get(text);
    if (!name) {
      name = `release_${prepared.size}`;
      await tx.unsafe(`prepare ${name} as ${text}`);
      prepared.set(text, name);
      // the first execution builds the generic plan the later ones reuse
      await tx.unsafe(`explain execute ${name}${args}`);
    }
    return tx.unsafe(`explain (${options}) execute ${name}${args}`);
  });
}

for (const [name, selection0] of CASES) {
  if (only && !name.includes(only)) continue;
  const selection = selection0.replace('"DEEP"', JSON.stringify(deepCursor));
  if (summary) {
    const out: string[] = [];
    for (const asLive of [true, false]) {
      let plan = 0;
      let exec = 0;
      for (const statement of await statementsOf(selection, asLive)) {
        const p: number[] = [];
        const e: number[] = [];
        for (let i = 0; i < 9; i++) {
          const [row] = await explain(statement, asLive, 'analyze, timing off, format json');
          const j = (row as Record<string, { 'Planning Time': number; 'Execution Time': number }[]>)['QUERY PLAN']![0]!;
          p.push(j['Planning Time']);
          e.push(j['Execution Time']);
        }
        plan += median(p);
        exec += median(e);
      }
      out.push(`${asLive ? 'live' : 'release'}: plan ${plan.toFixed(1)} + execution ${exec.toFixed(1)} ms`);
    }
    console.log(`${name.padEnd(16)} ${out.join(' | ')}`);
    continue;
  }
  for (const statement of await statementsOf(selection, live)) {
    const plan = await explain(statement, live, 'analyze, buffers');
    console.log(`\n=== ${name} ${live ? '(live)' : `(release ${release!.version})`}\n${statement.query.slice(0, 300)}\n`);
    console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  }
}
await sql.end();
await database.close();
