// The CSV download on PostgreSQL, written by PostgreSQL's own CSV writer: `COPY (select ...) TO STDOUT
// WITH (FORMAT csv)`, streamed through postgres.js. Every cell is made in SQL exactly as the row path
// (rows.ts + encode.ts: csv-stringify) writes it, so that both give the same bytes (test/export-copy.test.ts):
//
// - the select list comes from the column declaration (columns.ts), like the row path's;
// - text cells are neutralised by the rule of src/domain/csv-safety.ts, made into SQL from the same
//   character sets; an empty text is written as NULL (COPY quotes an empty string, csv-stringify does not);
// - numbers are written as JavaScript writes them (`String(n)`), dates and enums as their text;
// - COPY quotes exactly what csv-stringify quotes here (a comma, a quote, CR or LF), and doubles quotes;
// - COPY ends records with LF: `CrlfWriter` turns each LF outside a quoted field into CRLF.
//
// COPY takes no bind parameters, so the filter's values are written into the statement as escaped
// literals (`literal`); they come from a parsed, checked filter and are strings only.
import type { Readable } from 'node:stream';
import type postgres from 'postgres';
import type { Database } from '../db/client.js';
import { AS_OF_SQL, asOfParams, RELEASE_TAG } from '../db/as-of.js';
import { ALWAYS_NEUTRALISED, BLANKS, FORMULA_CHARS } from '../domain/csv-safety.js';
import type { ExportColumn, RecordName } from './columns.js';
import { EXPORT_COLUMN_LIST, TEXT_COLUMNS } from './columns.js';

const ALIAS: Record<RecordName, string> = {
  figure: 'f',
  report: 'r',
  region: 'g',
};
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const codes = (chars: string) => [...chars].map((c) => c.codePointAt(0)!).join(', ');

/** An E'' literal: backslashes and quotes escaped, so it reads the same whatever standard_conforming_strings says. */
export function literal(value: string): string {
  if (value.includes('\0')) throw new Error('a literal cannot hold a NUL character');
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "''")
    .replace(/[\u0001-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `E'${escaped}'`;
}

/**
 * The formula rule in SQL: the cell starts with a tab or a CR, or its first character after the leading
 * blanks (none or more) is a formula character; ascii() gives the code point in a UTF-8 database.
 */
export function neutraliseSql(value: string): string {
  // one ascii() for the common cell (a letter or digit first); the full test only when it starts with a
  // formula character or a blank
  const first = codes(FORMULA_CHARS + BLANKS);
  const formula = codes(FORMULA_CHARS);
  const always = codes(ALWAYS_NEUTRALISED);
  return `case when ascii(${value}) in (${first}) then case when ascii(${value}) in (${always}) or ascii(ltrim(${value}, ${literal(BLANKS)})) in (${formula}) then '''' || ${value} else ${value} end else ${value} end`;
}

/**
 * A float8 as JavaScript's String(n) writes it: integers below 2^53 as digits; from 1e-6 to 1e21 the
 * shortest round-trip digits without exponent (PostgreSQL's shortest text read as numeric); otherwise
 * the exponent form, whose exponent JavaScript writes without leading zeros (1e-7, PostgreSQL 1e-07).
 */
export function jsNumberSql(value: string): string {
  return `case when ${value} = trunc(${value}) and abs(${value}) < 9007199254740992 then ${value}::int8::text when abs(${value}) >= 1e-6 and abs(${value}) < 1e21 then (${value}::text)::numeric::text else regexp_replace(${value}::text, 'e([+-])0*([0-9])', 'e\\1\\2') end`;
}

/** One column's cell, ready for COPY. */
export function cellSql(c: ExportColumn): string {
  let value: string;
  if (c.source === 'globalId') {
    // the Relay global ID, as toExportRow makes it (short enough that base64 never wraps a line)
    value = `encode(convert_to('RecruitmentFigure:' || f.id, 'UTF8'), 'base64')`;
  } else {
    const column = `${ALIAS[c.source.record]}.${ident(c.column!.name)}`;
    switch (c.column!.columnType) {
      case 'PgDoublePrecision':
        value = jsNumberSql(column);
        break;
      case 'PgInteger':
      case 'PgSmallInt':
        value = `${column}::text`;
        break;
      case 'PgDateString':
      case 'PgDate':
      case 'PgEnumColumn':
      case 'PgText':
      case 'PgVarchar':
        value = `${column}::text`;
        break;
      default:
        throw new Error(`export column ${c.name}: no COPY cell for column type ${c.column!.columnType}; add one to src/export/copy.ts`);
    }
  }
  if (TEXT_COLUMNS.has(c.name)) value = `nullif(${neutraliseSql(value)}, '')`;
  return `${value} as ${ident(c.name)}`;
}

const CELLS = EXPORT_COLUMN_LIST.map(cellSql).join(', ');

/** The CSV-ready select of figureRowsSql's rows: same tables, same filter, same order. */
export function csvSelect(where: string | undefined): string {
  return `select ${CELLS}
    from recruitment_figures f
    join reports r on r.id = f.report_id
    join regions g on g.id = f.region_id
    ${where ? `where ${where}` : ''}
    order by f.id`;
}

/** Puts the parameters of a statement into it as literals (COPY takes none). Strings only. */
export function inlineParams(text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (typeof value !== 'string') throw new Error(`export filter parameter $${n} is not a string`);
    return literal(value);
  });
}

/** The COPY statement of a filter's select (the select with its parameters, as drizzle gives it). */
export function copyStatement(select: string): string {
  return `/* figureExportCopy */ copy (${select}) to stdout with (format csv, header false)`;
}

/** Turns each LF that ends a record (outside quotes) into CRLF; chunk boundaries may fall anywhere. */
export class CrlfWriter {
  static readonly SIZE = 64 * 1024;
  private inQuote = false;
  private out = Buffer.allocUnsafe(CrlfWriter.SIZE);
  private length = 0;

  /** Takes a chunk of COPY's output; returns the full output buffers it completed (maybe none). */
  write(chunk: Uint8Array): Buffer[] {
    const done: Buffer[] = [];
    const input = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    const end = input.length;
    let quote = input.indexOf(34, 0);
    while (pos < end) {
      if (this.inQuote) {
        if (quote < 0) {
          this.append(input, pos, end, done);
          return done;
        }
        this.append(input, pos, quote + 1, done);
        this.inQuote = false;
        pos = quote + 1;
        quote = input.indexOf(34, pos);
        continue;
      }
      const lf = input.indexOf(10, pos);
      if (quote >= 0 && (lf < 0 || quote < lf)) {
        this.append(input, pos, quote + 1, done);
        this.inQuote = true;
        pos = quote + 1;
        quote = input.indexOf(34, pos);
        continue;
      }
      if (lf < 0) {
        this.append(input, pos, end, done);
        return done;
      }
      this.append(input, pos, lf, done);
      this.append(CRLF, 0, 2, done);
      pos = lf + 1;
    }
    return done;
  }

  /** Bytes written as they are (the header, which already ends in CRLF). */
  raw(bytes: Buffer): void {
    if (bytes.length > CrlfWriter.SIZE - this.length) throw new Error('raw bytes must fit the buffer');
    this.append(bytes, 0, bytes.length, []);
  }

  /** What is left. */
  flush(): Buffer | null {
    if (this.length === 0) return null;
    const last = this.out.subarray(0, this.length);
    this.out = Buffer.allocUnsafe(CrlfWriter.SIZE);
    this.length = 0;
    return last;
  }

  private append(input: Buffer, start: number, stop: number, done: Buffer[]) {
    while (start < stop) {
      const n = Math.min(stop - start, CrlfWriter.SIZE - this.length);
      input.copy(this.out, this.length, start, start + n);
      this.length += n;
      start += n;
      if (this.length === CrlfWriter.SIZE) {
        done.push(this.out);
        this.out = Buffer.allocUnsafe(CrlfWriter.SIZE);
        this.length = 0;
      }
    }
  }
}

const CRLF = Buffer.from('\r\n');

/** COPY's output of one statement, as CRLF-ended CSV in 64 KB buffers, `prefix` (header, BOM) first. */
export async function* copyOut(query: postgres.PendingQuery<postgres.Row[]>, prefix: string): AsyncGenerator<Uint8Array> {
  const stream = (await query.readable()) as Readable;
  const writer = new CrlfWriter();
  writer.raw(Buffer.from(prefix, 'utf8'));
  try {
    // not destroyed on an early return: postgres.js would go on pushing into a destroyed stream
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) yield* writer.write(chunk as Buffer);
    const last = writer.flush();
    if (last) yield last;
  } finally {
    try {
      if (!stream.readableEnded && !stream.destroyed) {
        // abandoned (the client went away): read the rest, so that the connection can be reused
        try {
          for await (const _ of stream) {
            // discarded
          }
        } catch {
          // the statement's error: the connection has ended it
        }
      }
    } finally {
      resumeSocket(stream);
    }
  }
}

/**
 * postgres.js pauses the connection's socket when the stream's buffer is full, and resumes it only when
 * the stream asks for more; after the last row the stream asks no more, so a socket paused by the last
 * rows would never read the statement's end (ReadyForQuery) and the connection would never come back to
 * the pool. The stream's read() resumes the socket (and does nothing once the connection has closed).
 */
function resumeSocket(stream: Readable) {
  try {
    (stream as unknown as { _read(size: number): void })._read(0);
  } catch {
    // the connection is gone
  }
}

export interface CopyCsvOptions {
  /** the first bytes: the header row (and a BOM) */
  prefix: string;
  /** statement_timeout of the streaming pool, 0 = none */
  exportTimeoutMs: number;
  /** a release's data version, or undefined for live data */
  dataVersion?: number | undefined;
}

/** The CSV of a filter's figures (`where`: SQL text and its parameters over `f`), from COPY on PostgreSQL. */
export async function* copyCsv(database: Database, where: { sql: string; params: unknown[] } | undefined, options: CopyCsvOptions): AsyncGenerator<Uint8Array> {
  const client = database.streamingClient?.(options.exportTimeoutMs) ?? (database.db as unknown as { $client: postgres.Sql }).$client;
  const select = csvSelect(where ? inlineParams(where.sql, where.params) : undefined);
  const statement = copyStatement(select);
  if (options.dataVersion === undefined) {
    yield* copyOut(client.unsafe(statement), options.prefix);
    return;
  }
  // A release: COPY in a transaction whose search_path names the release views (src/db/as-of.ts).
  const connection = await client.reserve();
  try {
    await connection.unsafe('begin read only');
    await connection.unsafe(AS_OF_SQL, asOfParams(String(options.dataVersion), select));
    yield* copyOut(connection.unsafe(RELEASE_TAG + statement), options.prefix);
    await connection.unsafe('commit');
  } finally {
    await connection.unsafe('rollback').catch(() => {});
    connection.release();
  }
}
