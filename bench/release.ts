// npm run bench:release [-- --url postgres://.../tot_release_bench --runs 7 --export-runs 3 --full-export]
//
// Reading a release against reading live data, on the synthetic database (npm run db:synth): the same
// GraphQL selections asked of Query and of release(version:), and the CSV export with and without
// ?release=, through the app in-process (yoga.fetch), interleaved run by run, medians reported.
// Two states: (A) right after the release is cut, (B) after 1% of the figures were edited, 0.1% deleted
// and a report of 1000 figures added since (the release then reads those rows from the history).
// Writes bench/results/release-<date>.json. It changes the database: use one made for it.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { HISTORY_TABLES, historyTable, trackedTable } from '../src/release/history.js';
import { createRelease } from '../src/store/release.js';
import { createApp } from '../src/yoga.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const url = arg('url', 'postgres://postgres@127.0.0.1:5432/tot_release_bench');
const runs = Number(arg('runs', '7'));
const exportRuns = Number(arg('export-runs', '3'));
/** every `editEvery`-th figure is edited after the release, every (10 x editEvery)-th deleted, and 1000 added */
const editEvery = Number(arg('edit-every', '100'));

const FIG = 'edges { cursor node { id metric periodEnd value { best qualifier asStated } report { slug title } region { code } } } pageInfo { hasNextPage endCursor }';
const CASES: { name: string; selection: string; export?: string }[] = [
  { name: 'figures: first 100, newest first', selection: `recruitmentFigures(first: 100) { ${FIG} }` },
  { name: 'figures: totalCount of all + first 20', selection: `recruitmentFigures(first: 20) { totalCount ${FIG} }` },
  {
    name: 'figures: region + metric filter, totalCount + first 50',
    selection: `recruitmentFigures(first: 50, filter: { regionCodes: ["UA-23"], metrics: [CONTRACTS_SIGNED] }) { totalCount ${FIG} }`,
  },
  { name: 'figures: one region, page after row 50,000', selection: `recruitmentFigures(first: 50, after: "DEEP", filter: { regionCodes: ["UA-23"] }) { ${FIG} }` },
  {
    name: 'reports: 20 with publications and 10 figures each',
    selection: `reports(first: 20) { totalCount edges { node { slug title publications { url } recruitmentFigures(first: 10) { totalCount edges { node { metric value { asStated } } } } } } }`,
  },
  { name: 'CSV export: region UA-23', selection: '', export: 'regionCodes=UA-23' },
  ...(process.argv.includes('--full-export') ? [{ name: 'CSV export: all figures', selection: '', export: '' }] : []),
];

const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'production', RESPONSE_CACHE_ENABLED: 'false', RATE_LIMIT_POINTS: '0', MAX_COST: '100000000' });
const database = await openDatabase({ url, poolSize: 4 });
await database.migrate();
const app = createApp({ database, config, logger: createLogger('warn') });
const sql = postgres(url, { max: 1, onnotice: () => {} });

const version = `0.0.${Date.now()}-bench`;
const release = await createRelease(database.db, { tokenId: null, actor: 'bench' }, { version });
console.log(`release ${version}: ${release.figureCount} figures, data version ${release.dataVersion}`);

async function deepCursor(): Promise<string> {
  const [deep] = await sql`select period_end::text as e, id from recruitment_figures
    where region_id = (select id from regions where code = 'UA-23') order by period_end desc, id desc offset 49999 limit 1`;
  return Buffer.from(JSON.stringify(['figures:PERIOD_END:DESC', deep!.e, deep!.id])).toString('base64url');
}

async function timeOnce(c: (typeof CASES)[number], inRelease: boolean, deep: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  let res: Response;
  if (c.export !== undefined) {
    const q = [c.export, inRelease ? `release=${version}` : ''].filter(Boolean).join('&');
    res = await app.fetch(`http://bench/export/recruitment-figures.csv${q ? `?${q}` : ''}`);
  } else {
    const selection = c.selection.replace('"DEEP"', JSON.stringify(deep));
    const query = inRelease ? `{ release(version: "${version}") { ${selection} } }` : `{ ${selection} }`;
    res = await app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  }
  const body = await res.text();
  const ms = performance.now() - start;
  if (res.status !== 200 || body.startsWith('{"errors"')) throw new Error(`${c.name}: ${res.status} ${body.slice(0, 500)}`);
  return { ms, bytes: body.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(state: string) {
  const deep = await deepCursor();
  const results = [];
  for (const c of CASES) {
    const n = c.export !== undefined ? exportRuns : runs;
    await timeOnce(c, false, deep); // warm-up: plans, caches
    await timeOnce(c, true, deep);
    const live: number[] = [];
    const rel: number[] = [];
    for (let i = 0; i < n; i++) {
      live.push((await timeOnce(c, false, deep)).ms);
      rel.push((await timeOnce(c, true, deep)).ms);
    }
    const row = { state, case: c.name, runs: n, liveMs: +median(live).toFixed(2), releaseMs: +median(rel).toFixed(2), ratio: +(median(rel) / median(live)).toFixed(2) };
    console.log(`${state} | ${row.case} | live ${row.liveMs} ms | release ${row.releaseMs} ms | ${row.ratio}x`);
    results.push(row);
  }
  return results;
}

const all = [...(await measure('A: just cut'))];

// B: changes after the release: 1 figure in editEvery edited, 1 in 10 x editEvery deleted, a report of 1000 figures added
const started = performance.now();
await sql`update recruitment_figures set as_stated = as_stated || ' (edited)', note = 'bench edit', version = version + 1 where id % ${editEvery} = 7`;
await sql`delete from recruitment_figures where id % ${editEvery * 10} = 3`;
await sql`insert into reports (slug, title, publisher, language) values (${`bench-added-${Date.now()}`}, 'Added after the release', 'Bench', 'en')`;
await sql`insert into recruitment_figures (report_id, region_id, metric, period_start, period_end, best, qualifier, as_stated)
  select (select max(id) from reports), (select id from regions where code = 'UA-23'), 'CONTRACTS_SIGNED',
    date '1990-01-01' + n, date '1990-01-01' + n, n, 'EXACT', n::text from generate_series(1, 1000) n`;
await sql`analyze row_history`;
await sql`analyze recruitment_figures`;
for (const table of HISTORY_TABLES) await sql.unsafe(`analyze ${historyTable(trackedTable(table).name)}`);
const changeMs = performance.now() - started;
const [history] = await sql`select count(*)::int as open from row_history where valid_to is null`;
const [superseded] = await sql.unsafe(`select count(*)::int as n from ${historyTable('recruitment_figures')}`);
console.log(`changes written in ${changeMs.toFixed(0)} ms; row_history: ${history!.open} open entries; ${superseded!.n} superseded figure versions`);
all.push(...(await measure(`B: after ${100 / editEvery}% edited, ${10 / editEvery}% deleted, 1000 added`)));

const [size] = await sql.unsafe(`select pg_size_pretty(pg_total_relation_size('row_history')) as open_entries,
  pg_size_pretty(pg_total_relation_size('${historyTable('recruitment_figures')}')) as superseded_figures,
  pg_total_relation_size('${historyTable('recruitment_figures')}') / greatest(1, (select count(*) from ${historyTable('recruitment_figures')})) as bytes_per_superseded_figure,
  pg_size_pretty(pg_total_relation_size('recruitment_figures')) as figures`);
const out = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  release: { version, figureCount: release.figureCount },
  editEvery,
  changesWrittenMs: Math.round(changeMs),
  history: { openEntries: history!.open, supersededFigures: superseded!.n, ...size },
  results: all,
};
mkdirSync(path.join(HERE, 'results'), { recursive: true });
const file = path.join(HERE, 'results', `release-${out.date.slice(0, 10)}-edit-every-${editEvery}.json`);
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${file}`);
await sql.end();
await database.close();
