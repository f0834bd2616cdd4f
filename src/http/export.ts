// GET /export/recruitment-figures.csv and .json: every figure that a RecruitmentFigureFilter keeps, one
// row per figure, for researchers' own tools. The filters are the GraphQL filter's, given as query
// parameters, and mean the same thing (src/db/figure-filter.ts). Rows are streamed: on PostgreSQL from a
// server-side cursor (one statement, one snapshot), on PGlite in keyset batches by id; either way only
// one batch is in memory, and the next is fetched only when the client has taken the last. CSV is
// written by csv-stringify. docs/export.md describes the columns.
import { stringify } from 'csv-stringify/sync';
import { sql, type SQL } from 'drizzle-orm';
import { alias, PgDialect } from 'drizzle-orm/pg-core';
import type { Plugin } from 'graphql-yoga';
import type postgres from 'postgres';
import type { Database } from '../db/client.js';
import { figureFilterWhere, type FigureFilter } from '../db/figure-filter.js';
import { recruitmentFigures, recruitmentMetric } from '../db/schema.js';
import { named, rowsOf } from '../db/statements.js';
import { parseDate } from '../domain/dates.js';
import { textProblem } from '../domain/text.js';
import type { Logger } from '../logger.js';
import { expectedFailure } from '../plugins/error-answers.js';

export const EXPORT_PATH = /^\/export\/recruitment-figures\.(csv|json)$/;
export const EXPORT_BATCH_SIZE = 5000;

/** The columns, in order: CSV header and JSON keys alike. */
export const EXPORT_COLUMNS = [
  'id',
  'report_slug',
  'publisher',
  'region_code',
  'region_name_en',
  'region_name_uk',
  'metric',
  'period_start',
  'period_end',
  'period_as_stated',
  'best',
  'low',
  'high',
  'qualifier',
  'as_stated',
  'note',
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

type ListParameter = 'regionCodes' | 'metrics' | 'reportSlugs';
type DateParameter = 'periodFrom' | 'periodTo';
const LIST_PARAMETERS: ListParameter[] = ['regionCodes', 'metrics', 'reportSlugs'];
const DATE_PARAMETERS: DateParameter[] = ['periodFrom', 'periodTo'];
const KNOWN = new Set<string>([...LIST_PARAMETERS, ...DATE_PARAMETERS]);
const MAX_LIST_VALUES = 1000;

export class ExportParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExportParameterError';
  }
}

/**
 * The filter the query parameters give. Lists may be comma-separated, repeated, or both
 * (regionCodes=UA-14,UA-23 or regionCodes=UA-14&regionCodes=UA-23). Anything unknown, empty or
 * malformed is refused with the parameter named.
 */
export function parseExportFilter(params: URLSearchParams): FigureFilter {
  const filter: FigureFilter = {};
  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) {
      throw new ExportParameterError(
        name,
        `Unknown query parameter "${name}". The export takes ${[...KNOWN].join(', ')}.`,
      );
    }
  }
  for (const name of LIST_PARAMETERS) {
    const raw = params.getAll(name);
    if (raw.length === 0) continue;
    const values = raw.flatMap((v) => v.split(',')).map((v) => v.trim());
    if (values.some((v) => v === '')) {
      throw new ExportParameterError(name, `Parameter "${name}" has an empty value; give values separated by commas, e.g. ${example(name)}.`);
    }
    if (values.length > MAX_LIST_VALUES) {
      throw new ExportParameterError(name, `Parameter "${name}" has ${values.length} values; at most ${MAX_LIST_VALUES} are accepted.`);
    }
    if (name === 'metrics') {
      const unknown = values.filter((v) => !(recruitmentMetric.enumValues as readonly string[]).includes(v));
      if (unknown.length > 0) {
        throw new ExportParameterError(
          name,
          `Parameter "metrics" has unknown metric ${unknown.map((u) => JSON.stringify(u)).join(', ')}; metrics are ${recruitmentMetric.enumValues.join(', ')}.`,
        );
      }
    }
    filter[name] = [...new Set(values)];
  }
  for (const name of DATE_PARAMETERS) {
    const raw = params.getAll(name);
    if (raw.length === 0) continue;
    if (raw.length > 1) throw new ExportParameterError(name, `Parameter "${name}" is given ${raw.length} times; give it once.`);
    if (parseDate(raw[0]!) === null) {
      throw new ExportParameterError(
        name,
        `Parameter "${name}" must be a calendar date written YYYY-MM-DD, e.g. 2024-11-30; got ${JSON.stringify(raw[0]!.slice(0, 40))}.`,
      );
    }
    filter[name] = raw[0]!;
  }
  if (filter.periodFrom && filter.periodTo && filter.periodFrom > filter.periodTo) {
    throw new ExportParameterError('periodTo', `Parameter "periodTo" (${filter.periodTo}) is before "periodFrom" (${filter.periodFrom}).`);
  }
  return filter;
}

function example(name: ListParameter): string {
  return { regionCodes: 'UA-14,UA-23', metrics: 'CONTRACTS_SIGNED,PLANNED_RECRUITS', reportSlugs: 'nrc-2024-occupied-recruitment' }[name];
}

/** A file name that says what was exported, e.g. recruitment-figures_UA-23_2024-01-01_2024-12-31.csv. */
export function exportFileName(filter: FigureFilter, extension: 'csv' | 'json'): string {
  const parts = ['recruitment-figures'];
  const list = (values: readonly string[] | null | undefined, noun: string) => {
    if (!values) return;
    parts.push(values.length <= 3 ? values.map(safe).join('+') : `${values.length}-${noun}`);
  };
  list(filter.regionCodes, 'regions');
  list(filter.metrics, 'metrics');
  list(filter.reportSlugs, 'reports');
  if (filter.periodFrom && filter.periodTo) parts.push(filter.periodFrom, filter.periodTo);
  else if (filter.periodFrom) parts.push(`from-${filter.periodFrom}`);
  else if (filter.periodTo) parts.push(`to-${filter.periodTo}`);
  const name = parts.join('_');
  return `${name.length > 180 ? name.slice(0, 180) : name}.${extension}`;
}

function safe(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'x';
}

const f = alias(recruitmentFigures, 'f');

function selectFigures(where: SQL | undefined, keyset: SQL | null): SQL {
  const conditions = [where, keyset].filter((c): c is SQL => c !== undefined && c !== null);
  return named(
    'figureExport',
    sql`
    select f.id, r.slug as report_slug, r.publisher, g.code as region_code, g.name_en as region_name_en,
      g.name_uk as region_name_uk, f.metric::text as metric, f.period_start::text as period_start,
      f.period_end::text as period_end, f.period_as_stated, f.best, f.low, f.high, f.qualifier::text as qualifier,
      f.as_stated, f.note
    from recruitment_figures f
    join reports r on r.id = f.report_id
    join regions g on g.id = f.region_id
    ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    order by f.id`,
  );
}

interface RawRow extends Omit<ExportRow, 'id'> {
  id: number;
}

function toRow(raw: RawRow): ExportRow {
  // The figure's GraphQL ID, so that a row can be looked up with node(id:).
  const id = Buffer.from(`RecruitmentFigure:${raw.id}`, 'utf8').toString('base64');
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { ...raw, id, best: num(raw.best), low: num(raw.low), high: num(raw.high) };
}

const dialect = new PgDialect();

/** Batches of export rows, fetched one at a time as the consumer asks. */
/**
 * `exportTimeoutMs`: the statement_timeout of the cursor on PostgreSQL (0 = none), on a pool of its own
 * (Database.streamingClient) since the cursor lives as long as the download.
 */
export async function* exportBatches(
  database: Database,
  filter: FigureFilter,
  batchSize = EXPORT_BATCH_SIZE,
  exportTimeoutMs = 0,
): AsyncGenerator<ExportRow[]> {
  const where = figureFilterWhere(filter, f);
  if (database.kind === 'postgres') {
    // One statement through a server-side cursor: a consistent snapshot, batchSize rows per fetch.
    const client = database.streamingClient?.(exportTimeoutMs) ?? (database.db as unknown as { $client: postgres.Sql }).$client;
    const query = dialect.sqlToQuery(selectFigures(where, null));
    for await (const rows of client.unsafe(query.sql, query.params as never[]).cursor(batchSize)) {
      yield (rows as unknown as RawRow[]).map(toRow);
    }
    return;
  }
  let lastId = 0;
  for (;;) {
    const result = await database.db.execute(sql`${selectFigures(where, sql`f.id > ${lastId}`)} limit ${batchSize}`);
    const rows = rowsOf<RawRow>(result);
    if (rows.length > 0) yield rows.map(toRow);
    if (rows.length < batchSize) return;
    lastId = Number(rows.at(-1)!.id);
  }
}

/** The encoded body: the CSV header or JSON opening, each batch, then the JSON closing. */
async function* encode(batches: AsyncGenerator<ExportRow[]>, format: 'csv' | 'json'): AsyncGenerator<string> {
  let first = true;
  if (format === 'json') yield '[';
  for await (const batch of batches) {
    if (format === 'csv') {
      yield stringify(batch, { header: first, columns: [...EXPORT_COLUMNS] });
    } else {
      yield batch.map((row, i) => `${first && i === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`).join('');
    }
    first = false;
  }
  if (format === 'csv' && first) yield stringify([], { header: true, columns: [...EXPORT_COLUMNS] });
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}

function problem(fetchAPI: { Response: typeof Response }, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new fetchAPI.Response(JSON.stringify({ error: body }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function problem400(fetchAPI: { Response: typeof Response }, parameter: string, reason: string): Response {
  return problem(fetchAPI, 400, { message: `The parameter ${JSON.stringify(parameter.slice(0, 100))} ${reason}.`, parameter: parameter.slice(0, 100) });
}

/** The batches again, starting with one already read. */
async function* resumed(first: IteratorResult<ExportRow[]>, rest: AsyncGenerator<ExportRow[]>): AsyncGenerator<ExportRow[]> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

/** `exportTimeoutMs`: the time limit of one export's cursor on PostgreSQL; 0 = none. */
export function exportPlugin(database: Database, logger: Logger, exportTimeoutMs = 0): Plugin<Record<string, unknown>> {
  return {
    async onRequest({ url, request, endResponse, fetchAPI, serverContext }) {
      const match = EXPORT_PATH.exec(url.pathname);
      if (!match) return;
      const format = match[1] as 'csv' | 'json';
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(problem(fetchAPI, 405, { message: `Method ${request.method} is not allowed here; use GET.` }, { allow: 'GET, HEAD' }));
        return;
      }
      for (const [parameter, value] of url.searchParams) {
        const problem = textProblem(value) ?? textProblem(parameter);
        if (problem) {
          endResponse(problem400(fetchAPI, parameter, problem));
          return;
        }
      }
      let filter: FigureFilter;
      try {
        filter = parseExportFilter(url.searchParams);
      } catch (error) {
        if (!(error instanceof ExportParameterError)) throw error;
        endResponse(problem(fetchAPI, 400, { message: error.message, parameter: error.parameter }));
        return;
      }
      const headers = {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${exportFileName(filter, format)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      };
      if (request.method === 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 200, headers }));
        return;
      }
      // The first batch is read before any header is sent: a database that is down (503 with
      // Retry-After) or a value it refuses (400) still gets a proper answer, not a 200 cut short.
      const batches = exportBatches(database, filter, EXPORT_BATCH_SIZE, exportTimeoutMs);
      let first: IteratorResult<ExportRow[]>;
      try {
        first = await batches.next();
      } catch (error) {
        const failure = expectedFailure(error);
        if (!failure) throw error;
        const http = failure.extensions.http as { status: number; headers?: Record<string, string> };
        if (http.status >= 500) logger.warn({ err: error, path: url.pathname }, 'export refused: database unavailable');
        endResponse(problem(fetchAPI, http.status, { message: failure.message, code: failure.extensions.code }, http.headers));
        return;
      }
      const chunks = encode(resumed(first, batches), format);
      const encoder = new TextEncoder();
      // Node's own ReadableStream: the fetch ponyfill's leaves a reader waiting forever when the stream
      // fails, where this one hands the failure on, so a client sees a broken download, not a hang.
      const body = new ReadableStream<Uint8Array>({
        // Pull: the next batch is read from the database only when the client has taken the last one.
        async pull(controller) {
          try {
            const { value, done } = await chunks.next();
            if (done) controller.close();
            else controller.enqueue(encoder.encode(value));
          } catch (error) {
            logger.error({ err: error, path: url.pathname }, 'export failed while streaming');
            // Under node:http the server adapter pipes this body into the response through a Node stream
            // that has no 'error' listener: erroring the stream there would crash the whole process.
            // Cut the connection instead, so the client sees a broken download (never a complete-looking
            // one); in-process (yoga.fetch) the stream itself carries the error.
            const res = (serverContext as { res?: { destroy(): void } } | undefined)?.res;
            if (res) {
              res.destroy();
              controller.close();
            } else {
              controller.error(error);
            }
          }
        },
        async cancel() {
          await chunks.return(undefined);
        },
      });
      endResponse(new fetchAPI.Response(body, { status: 200, headers }));
    },
  };
}
