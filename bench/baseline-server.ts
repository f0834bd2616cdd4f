// The hand-written baseline: node:http + postgres.js, one named prepared SQL statement per operation,
// PostgreSQL building the whole response JSON. It answers the bench's operations (by operationName)
// with exactly the JSON the app gives (the bench checks that before it measures), and nothing else:
// it is the floor a GraphQL server on the same database and driver is measured against.
import type { IncomingMessage, ServerResponse } from 'node:http';
import postgres from 'postgres';
import { serveForBench, type Counters } from './child.mjs';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench/baseline-server needs DATABASE_URL');
const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const sql = postgres(url, { max: poolSize, onnotice: () => {}, prepare: true });
const counters: Counters = { statements: 0 };

const gid = (type: string, id: string) => `encode(convert_to('${type}:' || ${id}, 'UTF8'), 'base64')`;
const figureCursor = (f: string) =>
  `translate(rtrim(encode(convert_to('["figures:PERIOD_END:DESC","' || ${f}.period_end || '",' || ${f}.id || ']', 'UTF8'), 'base64'), '='), '+/', '-_')`;
const value = (f: string) =>
  `json_build_object('best', ${f}.best, 'low', ${f}.low, 'high', ${f}.high, 'qualifier', ${f}.qualifier, 'asStated', ${f}.as_stated)`;

const Q1 = `
  select json_build_object('data', json_build_object('region', (
    select json_build_object('id', ${gid('Region', 'r.id')}, 'code', r.code, 'nameEn', r.name_en, 'nameUk', r.name_uk, 'kind', r.kind)
    from regions r where r.code = $1)))::text as body`;

const Q2 = `
  select json_build_object('data', json_build_object('regions', coalesce(json_agg(
    json_build_object('code', r.code, 'nameEn', r.name_en, 'recruitmentFigures', json_build_object('edges', page.edges))
    order by r.code), '[]')))::text as body
  from regions r
  cross join lateral (
    select coalesce(json_agg(json_build_object('node', json_build_object(
             'id', ${gid('RecruitmentFigure', 'f.id')}, 'metric', f.metric, 'periodStart', f.period_start, 'periodEnd', f.period_end,
             'value', ${value('f')},
             'report', json_build_object('slug', rp.slug, 'title', rp.title, 'publisher', rp.publisher)))
           order by f.period_end desc, f.id desc), '[]') as edges
    from (select * from recruitment_figures where region_id = r.id order by period_end desc, id desc limit 50) f
    join reports rp on rp.id = f.report_id
  ) page`;

function q3(after: boolean) {
  return `
  with region as (select id, code from regions where code = $1),
  page as (
    select f.id, f.metric, f.period_start, f.period_end, f.best, f.low, f.high, f.qualifier, f.as_stated
    from recruitment_figures f
    where f.region_id = (select id from region) ${after ? 'and (f.period_end, f.id) < ($2::date, $3::int)' : ''}
    order by f.period_end desc, f.id desc limit 51
  ),
  shown as (select * from page order by period_end desc, id desc limit 50)
  select json_build_object('data', json_build_object('region', (
    select json_build_object('code', region.code, 'recruitmentFigures', json_build_object(
      'edges', coalesce((select json_agg(json_build_object('cursor', ${figureCursor('s')}, 'node', json_build_object(
                  'id', ${gid('RecruitmentFigure', 's.id')}, 'metric', s.metric, 'periodStart', s.period_start,
                  'periodEnd', s.period_end, 'value', ${value('s')})) order by s.period_end desc, s.id desc) from shown s), '[]'),
      'pageInfo', json_build_object(
        'hasNextPage', (select count(*) from page) > 50,
        'endCursor', (select ${figureCursor('l')} from (select * from shown order by period_end, id limit 1) l))))
    from region)))::text as body`;
}
const Q3_FIRST = q3(false);
const Q3_AFTER = q3(true);

function decodeFigureCursor(cursor: string): [string, number] {
  const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, number];
  if (parsed[0] !== 'figures:PERIOD_END:DESC') throw new Error('foreign cursor');
  return [parsed[1], parsed[2]];
}

async function answer(operationName: string, variables: Record<string, any>): Promise<string | undefined> {
  let rows: { body: string }[];
  counters.statements++;
  switch (operationName) {
    case 'Q1':
      rows = await sql.unsafe(Q1, [variables.code]);
      break;
    case 'Q2':
      rows = await sql.unsafe(Q2, []);
      break;
    case 'Q3':
      rows = variables.after
        ? await sql.unsafe(Q3_AFTER, [variables.code, ...decodeFigureCursor(variables.after)])
        : await sql.unsafe(Q3_FIRST, [variables.code]);
      break;
    default:
      counters.statements--;
      return undefined;
  }
  return rows[0]!.body;
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let request: { operationName?: string; variables?: Record<string, unknown> };
    try {
      request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    answer(request.operationName ?? '', request.variables ?? {}).then(
      (body) => {
        if (body === undefined) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      },
      (error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message);
      },
    );
  });
}

serveForBench(handle, counters, () => sql.end({ timeout: 5 }));
