// npm run bench:explain [-- --url postgres://.../tot_bench]
// Runs each filter path of the contract through the app, captures the SQL it sends, and prints
// EXPLAIN (ANALYZE, BUFFERS) of every statement, flagging sequential scans of recruitment_figures.
// Writes bench/results/explain-<date>.txt.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/yoga.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const urlArg = process.argv.indexOf('--url');
const url = urlArg > 0 ? process.argv[urlArg + 1]! : 'postgres://postgres@127.0.0.1:5432/tot_bench';

const page = `edges { cursor node { id metric periodEnd value { best qualifier } report { slug } region { code } } } pageInfo { hasNextPage endCursor }`;
const CASES: [string, string, Record<string, unknown>][] = [
  ['Q2: regions -> 50 newest figures -> report', readFileSync(path.join(HERE, 'queries/q2-regions-figures.graphql'), 'utf8'), {}],
  ['Q3: one region, page after row 50,000', readFileSync(path.join(HERE, 'queries/q3-deep-page.graphql'), 'utf8'), { code: 'UA-23', after: 'DEEP' }],
  ['filter.regionCodes', `query($f: RecruitmentFigureFilter) { recruitmentFigures(first: 50, filter: $f) { ${page} } }`, { f: { regionCodes: ['UA-14', 'UA-09'] } }],
  ['filter.metrics', `query($f: RecruitmentFigureFilter) { recruitmentFigures(first: 50, filter: $f) { ${page} } }`, { f: { metrics: ['CONTRACTS_SIGNED'] } }],
  ['filter.reportSlugs', `query($f: RecruitmentFigureFilter) { recruitmentFigures(first: 50, filter: $f) { ${page} } }`, { f: { reportSlugs: ['synth-17', 'synth-4242'] } }],
  ['filter.periodFrom/periodTo (2019)', `query($f: RecruitmentFigureFilter) { recruitmentFigures(first: 50, filter: $f) { ${page} } }`, { f: { periodFrom: '2019-01-01', periodTo: '2019-12-31' } }],
  ['filter.periodFrom only (recent)', `query($f: RecruitmentFigureFilter) { recruitmentFigures(first: 50, filter: $f) { ${page} } }`, { f: { periodFrom: '2024-06-01' } }],
  ['all filters + totalCount', `query($f: RecruitmentFigureFilter) { recruitmentFigures(first: 50, filter: $f) { totalCount ${page} } }`, { f: { regionCodes: ['UA-23'], metrics: ['PLANNED_RECRUITS'], periodFrom: '2020-01-01', periodTo: '2020-12-31' } }],
  ['Report.recruitmentFigures (nested, by report)', `query { report(slug: "synth-2500") { recruitmentFigures(first: 50) { totalCount ${page} } } }`, {}],
  ['Region.recruitmentFigures with a metric filter', `query { region(code: "UA-65") { recruitmentFigures(first: 50, filter: { metrics: [PLAN_FULFILMENT_PERCENT] }) { totalCount ${page} } } }`, {}],
];

const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'production' });
const captured: [string, unknown[]][] = [];
const database = await openDatabase({ url, onQuery: (s, p) => captured.push([s, p]) });
const app = createApp({ database, config, logger: createLogger('warn') });
const sql = postgres(url, { max: 1, onnotice: () => {} });
const out: string[] = [];
const [deep] = await sql`select period_end::text as e, id from recruitment_figures where region_id = (select id from regions where code = 'UA-23') order by period_end desc, id desc offset 49999 limit 1`;
const deepCursor = Buffer.from(JSON.stringify(['figures:PERIOD_END:DESC', deep!.e, deep!.id])).toString('base64url');
let seqScans = 0;
for (const [name, query, variables] of CASES) {
  const vars = JSON.parse(JSON.stringify(variables).replace('"DEEP"', JSON.stringify(deepCursor)));
  captured.length = 0;
  const res = await app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: vars }) });
  const json = (await res.json()) as { errors?: unknown };
  if (json.errors) throw new Error(`${name}: ${JSON.stringify(json.errors)}`);
  out.push(`=== ${name} (${captured.length} statements)`);
  for (const [text, params] of captured) {
    const rows = await sql.unsafe(`explain (analyze, buffers, costs off) ${text}`, params as never[]);
    const plan = rows.map((r: any) => r['QUERY PLAN']).join('\n');
    if (/Seq Scan on recruitment_figures/.test(plan)) seqScans++;
    out.push(`--- ${text.replace(/\s+/g, ' ').slice(0, 300)}${text.length > 300 ? ' ...' : ''}\n${plan}`);
  }
}
const text = `${out.join('\n')}\n\nsequential scans of recruitment_figures: ${seqScans}\n`;
console.log(text);
mkdirSync(path.join(HERE, 'results'), { recursive: true });
writeFileSync(path.join(HERE, 'results', `explain-${new Date().toISOString().slice(0, 10)}.txt`), text);
await sql.end();
await database.close();
