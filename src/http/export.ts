// GET /export/recruitment-figures.csv and .json: every figure that a RecruitmentFigureFilter keeps, one
// row per figure, for researchers' own tools. The filters are the GraphQL filter's, given as query
// parameters, and mean the same thing (src/db/figure-filter.ts). Rows are streamed: on PostgreSQL from a
// server-side cursor (one statement, one snapshot), on PGlite in keyset batches by id; either way only
// one batch is in memory, and the next is fetched only when the client has taken the last. CSV is
// written by csv-stringify. docs/export.md describes the columns.
import { sql } from 'drizzle-orm';
import { alias, PgDialect } from 'drizzle-orm/pg-core';
import type { Plugin } from 'graphql-yoga';
import type postgres from 'postgres';
import type { Database } from '../db/client.js';
import { figureFilterWhere, type FigureFilter } from '../db/figure-filter.js';
import { asOfParams, AS_OF_SQL, RELEASE_TAG } from '../db/as-of.js';
import { recruitmentFigures, recruitmentMetric } from '../db/schema.js';
import { rowsOf } from '../db/statements.js';
import { DATASET, liveCitation, releaseCitation } from '../domain/dataset.js';
import { parseDate } from '../domain/dates.js';
import { textProblem } from '../domain/text.js';
import { EXPORT_COLUMNS } from '../export/columns.js';
import { dataPackage } from '../export/datapackage.js';
import { copyCsv } from '../export/copy.js';
import { csvHeader, encodeCsv, encodeJson } from '../export/encode.js';
import { figureRowsSql, toExportRow, type RawRow } from '../export/rows.js';
import { dataUpdatedAt, findRelease, type ReleaseRow } from '../store/release.js';
import type { Logger } from '../logger.js';
import { expectedFailure } from '../plugins/error-answers.js';

export const EXPORT_PATH = /^\/export\/recruitment-figures\.(csv|json)$/;
export const DATAPACKAGE_PATH = '/export/datapackage.json';
export const EXPORT_BATCH_SIZE = 5000;

/** The columns, in order: CSV header and JSON keys alike (declared in src/export/columns.ts). */
export { EXPORT_COLUMNS };

export type ExportRow = Record<string, string | number | null>;

type ListParameter = 'regionCodes' | 'metrics' | 'reportSlugs';
type DateParameter = 'periodFrom' | 'periodTo';
const LIST_PARAMETERS: ListParameter[] = ['regionCodes', 'metrics', 'reportSlugs'];
const DATE_PARAMETERS: DateParameter[] = ['periodFrom', 'periodTo'];
/** Parameters that choose what is read and how it is written, not which figures. */
const OPTION_PARAMETERS = ['release', 'bom'];
const KNOWN = new Set<string>([...LIST_PARAMETERS, ...DATE_PARAMETERS, ...OPTION_PARAMETERS]);
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

/**
 * A file name that says what was exported, e.g. recruitment-figures_2026.12.0_2026-12-01_UA-23.csv for a
 * release (version and release date) or recruitment-figures_live_2026-11-29_UA-23.csv for live data (the
 * date retrieved); `stamp` is that version-and-date part.
 */
export function exportFileName(filter: FigureFilter, extension: 'csv' | 'json', stamp?: string): string {
  const parts = ['recruitment-figures'];
  if (stamp) parts.push(stamp);
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

export interface ExportOptions {
  filter: FigureFilter;
  /** the release asked for, or undefined for live data */
  release?: string;
  /** a UTF-8 byte order mark before the CSV, for Excel */
  bom: boolean;
}

/** The query parameters as filter and options; refused with the parameter named, like the filter. */
export function parseExportOptions(params: URLSearchParams, format: 'csv' | 'json'): ExportOptions {
  const filter = parseExportFilter(params);
  const once = (name: string) => {
    const values = params.getAll(name);
    if (values.length > 1) throw new ExportParameterError(name, `Parameter "${name}" is given ${values.length} times; give it once.`);
    return values[0];
  };
  const release = once('release');
  if (release !== undefined && release.trim() === '') throw new ExportParameterError('release', 'Parameter "release" is empty; give a version, e.g. release=2026.12.0.');
  const bom = once('bom');
  if (bom !== undefined && bom !== 'true' && bom !== 'false') {
    throw new ExportParameterError('bom', `Parameter "bom" must be true or false; got ${JSON.stringify(bom.slice(0, 20))}.`);
  }
  if (bom === 'true' && format === 'json') {
    throw new ExportParameterError('bom', 'Parameter "bom" applies to CSV only: JSON is never written with a byte order mark (RFC 8259).');
  }
  return { filter, ...(release !== undefined ? { release } : {}), bom: bom === 'true' };
}

/** Batches of export rows, fetched one at a time as the consumer asks. */
/**
 * `exportTimeoutMs`: the statement_timeout of the cursor on PostgreSQL (0 = none), on a pool of its own
 * (Database.streamingClient) since the cursor lives as long as the download. `dataVersion`: read the data
 * as of a release (the same SQL, over the release views: src/db/as-of.ts); live data when undefined.
 */
export async function* exportBatches(
  database: Database,
  filter: FigureFilter,
  batchSize = EXPORT_BATCH_SIZE,
  exportTimeoutMs = 0,
  dataVersion?: number,
): AsyncGenerator<ExportRow[]> {
  const where = figureFilterWhere(filter, f);
  if (database.kind === 'postgres') {
    // One statement through a server-side cursor: a consistent snapshot, batchSize rows per fetch.
    const client = database.streamingClient?.(exportTimeoutMs) ?? (database.db as unknown as { $client: postgres.Sql }).$client;
    const query = dialect.sqlToQuery(figureRowsSql(where, null));
    if (dataVersion === undefined) {
      for await (const rows of client.unsafe(query.sql, query.params as never[]).cursor(batchSize)) {
        yield (rows as unknown as RawRow[]).map(toExportRow);
      }
      return;
    }
    // A release: the cursor in a transaction whose search_path names the release views.
    const connection = await client.reserve();
    try {
      await connection.unsafe('begin read only');
      await connection.unsafe(AS_OF_SQL, asOfParams(String(dataVersion), query.sql));
      for await (const rows of connection.unsafe(RELEASE_TAG + query.sql, query.params as never[]).cursor(batchSize)) {
        yield (rows as unknown as RawRow[]).map(toExportRow);
      }
      await connection.unsafe('commit');
    } finally {
      // after a failure or an abandoned download the transaction is still open: end it before reuse
      await connection.unsafe('rollback').catch(() => {});
      connection.release();
    }
    return;
  }
  const db = dataVersion === undefined ? database.db : database.asOf(dataVersion);
  let lastId = 0;
  for (;;) {
    const result = await db.execute(sql`${figureRowsSql(where, sql`f.id > ${lastId}`)} limit ${batchSize}`);
    const rows = rowsOf<RawRow>(result);
    const done = rows.length < batchSize;
    if (rows.length > 0) {
      lastId = Number(rows.at(-1)!.id);
      yield rows.map(toExportRow);
    }
    if (done) return;
  }
}

const dialect = new PgDialect();

/**
 * Which writer makes the CSV. `copy`: on PostgreSQL, PostgreSQL's own CSV writer (COPY ... TO STDOUT,
 * src/export/copy.ts), about twice as fast; on PGlite, which has no streaming COPY, the row path.
 * `rows`: every row through JavaScript and csv-stringify (src/export/encode.ts). Both give the same bytes.
 */
export type CsvWriter = 'copy' | 'rows';

export interface CsvOptions {
  bom: boolean;
  exportTimeoutMs: number;
  dataVersion?: number | undefined;
  writer: CsvWriter;
}

/** The bytes of a CSV download: BOM (if asked), header, rows, each record ended by CRLF. */
export function csvChunks(database: Database, filter: FigureFilter, options: CsvOptions): AsyncGenerator<string | Uint8Array> {
  if (options.writer === 'copy' && database.kind === 'postgres') {
    const where = figureFilterWhere(filter, f);
    return copyCsv(database, where ? dialect.sqlToQuery(where) : undefined, {
      prefix: csvHeader(options.bom),
      exportTimeoutMs: options.exportTimeoutMs,
      dataVersion: options.dataVersion,
    });
  }
  return encodeCsv(exportBatches(database, filter, EXPORT_BATCH_SIZE, options.exportTimeoutMs, options.dataVersion), { bom: options.bom });
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

/** The answer to a database failure a client should hear about (503 with Retry-After, 400), or null. */
function unavailable(fetchAPI: { Response: typeof Response }, error: unknown, logger: Logger, path: string): Response | null {
  const failure = expectedFailure(error);
  if (!failure) return null;
  const http = failure.extensions.http as { status: number; headers?: Record<string, string> };
  if (http.status >= 500) logger.warn({ err: error, path }, 'export refused: database unavailable');
  return problem(fetchAPI, http.status, { message: failure.message, code: failure.extensions.code }, http.headers);
}

/** The batches (or chunks) again, starting with one already read. */
async function* resumed<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

export interface ExportPluginOptions {
  /** the time limit of one export's cursor on PostgreSQL; 0 = none */
  exportTimeoutMs?: number;
  /** where the API is published: links in the metadata and the data package start with it */
  publicUrl?: string;
  /** who writes the CSV on PostgreSQL: PostgreSQL's COPY (the default) or csv-stringify row by row */
  csvWriter?: CsvWriter;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function notFoundRelease(fetchAPI: { Response: typeof Response }, version: string): Response {
  const shown = JSON.stringify(version.length > 60 ? `${version.slice(0, 60)}…` : version);
  return problem(fetchAPI, 404, {
    message: `There is no release ${shown}. Query { dataset { releases { version } } } lists the releases; leave out "release" for the live data.`,
    parameter: 'release',
  });
}

export function exportPlugin(database: Database, logger: Logger, options: ExportPluginOptions = {}): Plugin<Record<string, unknown>> {
  const exportTimeoutMs = options.exportTimeoutMs ?? 0;
  const publicUrl = options.publicUrl ?? 'http://localhost:4000';
  return {
    async onRequest({ url, request, endResponse, fetchAPI, serverContext }) {
      const isPackage = url.pathname === DATAPACKAGE_PATH;
      const match = EXPORT_PATH.exec(url.pathname);
      if (!match && !isPackage) return;
      const format = isPackage ? 'json' : (match![1] as 'csv' | 'json');
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
      let parsed: ExportOptions;
      try {
        if (isPackage) {
          for (const name of new Set(url.searchParams.keys())) {
            if (name !== 'release') throw new ExportParameterError(name, `Unknown query parameter "${name}". The data package takes release.`);
          }
        }
        parsed = parseExportOptions(url.searchParams, format);
      } catch (error) {
        if (!(error instanceof ExportParameterError)) throw error;
        endResponse(problem(fetchAPI, 400, { message: error.message, parameter: error.parameter }));
        return;
      }
      const { filter } = parsed;
      const now = new Date();
      let release: ReleaseRow | undefined;
      if (parsed.release !== undefined) {
        try {
          release = await findRelease(database.db, parsed.release);
        } catch (error) {
          const answer = unavailable(fetchAPI, error, logger, url.pathname);
          if (!answer) throw error;
          endResponse(answer);
          return;
        }
        if (!release) {
          endResponse(notFoundRelease(fetchAPI, parsed.release));
          return;
        }
      }
      const stamp = release ? `${release.version}_${isoDay(release.releasedAt)}` : `live_${isoDay(now)}`;
      const releaseQuery = release ? `?release=${encodeURIComponent(release.version)}` : '';

      if (isPackage) {
        const descriptor = dataPackage({
          baseUrl: publicUrl,
          release,
          csvPath: `${publicUrl}/export/recruitment-figures.csv${releaseQuery}`,
          now,
        });
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : `${JSON.stringify(descriptor, null, 2)}\n`, {
            status: 200,
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'content-disposition': `inline; filename="datapackage_${stamp}.json"`,
              'cache-control': 'no-store',
              'x-content-type-options': 'nosniff',
            },
          }),
        );
        return;
      }

      const headers = {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${exportFileName(filter, format, stamp)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        link: `<${publicUrl}${DATAPACKAGE_PATH}${releaseQuery}>; rel="describedby"; type="application/json", <${DATASET.license.url}>; rel="license"`,
      };
      if (request.method === 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 200, headers }));
        return;
      }
      // The first batch is read before any header is sent: a database that is down (503 with
      // Retry-After) or a value it refuses (400) still gets a proper answer, not a 200 cut short.
      let chunks: AsyncGenerator<string | Uint8Array>;
      try {
        if (format === 'csv') {
          const csv = csvChunks(database, filter, { bom: parsed.bom, exportTimeoutMs, dataVersion: release?.dataVersion, writer: options.csvWriter ?? 'copy' });
          chunks = resumed(await csv.next(), csv);
        } else {
          const rest = exportBatches(database, filter, EXPORT_BATCH_SIZE, exportTimeoutMs, release?.dataVersion);
          const first = await rest.next();
          const updatedAt = release ? null : await dataUpdatedAt(database.db);
          chunks = encodeJson(resumed(first, rest), {
            title: DATASET.title,
            version: release?.version ?? null,
            releasedAt: release?.releasedAt.toISOString() ?? null,
            license: { name: DATASET.license.spdx, title: DATASET.license.title, path: DATASET.license.url },
            citation: release ? releaseCitation(release, publicUrl) : liveCitation(now, publicUrl, updatedAt),
            retrievedAt: now.toISOString(),
            filters: filter,
            dataPackage: `${publicUrl}${DATAPACKAGE_PATH}${releaseQuery}`,
            columns: EXPORT_COLUMNS,
          });
        }
      } catch (error) {
        const answer = unavailable(fetchAPI, error, logger, url.pathname);
        if (!answer) throw error;
        endResponse(answer);
        return;
      }
      const encoder = new TextEncoder();
      // Node's own ReadableStream: the fetch ponyfill's leaves a reader waiting forever when the stream
      // fails, where this one hands the failure on, so a client sees a broken download, not a hang.
      const body = new ReadableStream<Uint8Array>({
        // Pull: the next batch is read from the database only when the client has taken the last one.
        async pull(controller) {
          try {
            const { value, done } = await chunks.next();
            if (done) controller.close();
            else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
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
