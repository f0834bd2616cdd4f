// npm run bench:release-explain [-- --url postgres://.../tot_release_bench [--case <substring>] [--live]]
// The statements that bench/release.ts's cases send for the newest release, each run under EXPLAIN
// (ANALYZE, BUFFERS) with the settings a release read has (src/db/as-of.ts): where a release read's time goes.
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { AS_OF_SQL, asOfParams } from '../src/db/as-of.js';
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
const FIG = 'edges { cursor node { id metric periodEnd value { best qualifier asStated } report { slug title } region { code } } } pageInfo { hasNextPage endCursor }';
const CASES: [string, string][] = [
  ['first 100', `recruitmentFigures(first: 100) { ${FIG} }`],
  ['count all', `recruitmentFigures(first: 20) { totalCount ${FIG} }`],
  ['region + metric', `recruitmentFigures(first: 50, filter: { regionCodes: ["UA-23"], metrics: [CONTRACTS_SIGNED] }) { totalCount ${FIG} }`],
  ['reports', `reports(first: 20) { totalCount edges { node { slug title publications { url } recruitmentFigures(first: 10) { totalCount edges { node { metric value { asStated } } } } } } }`],
];
const captured: { query: string; params: unknown[] }[] = [];
const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'production', RESPONSE_CACHE_ENABLED: 'false', RATE_LIMIT_POINTS: '0', MAX_COST: '100000000' });
const database = await openDatabase({ url, poolSize: 2, onQuery: (query, params) => captured.push({ query, params }) });
const app = createApp({ database, config, logger: createLogger('warn') });
const sql = postgres(url, { max: 1, onnotice: () => {} });
const [release] = await sql`select version, data_version::text as v from dataset_releases order by id desc limit 1`;
for (const [name, selection] of CASES) {
  if (only && !name.includes(only)) continue;
  captured.length = 0;
  const query = live ? `{ ${selection} }` : `{ release(version: "${release!.version}") { ${selection} } }`;
  const res = await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  await res.text();
  for (const statement of captured.filter((c) => !/dataset_releases/.test(c.query))) {
    const plan = await sql.begin(async (tx) => {
      if (!live) await tx.unsafe(AS_OF_SQL, asOfParams(release!.v, statement.query) as never[]);
      return tx.unsafe(`explain (analyze, buffers) ${statement.query}`, statement.params as never[]);
    });
    console.log(`\n=== ${name} ${live ? '(live)' : `(release ${release!.version})`}\n${statement.query.slice(0, 300)}\n`);
    console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  }
}
await sql.end();
await database.close();
