// The bytes of a download: RFC 4180 CSV (CRLF, header row, formula cells neutralised, optional BOM) or a
// JSON object of metadata and rows. Both stream: a batch in, a string out.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../domain/csv-safety.js';
import { EXPORT_COLUMNS, TEXT_COLUMNS } from './columns.js';

export type Row = Record<string, string | number | null>;

const CSV_OPTIONS = { columns: [...EXPORT_COLUMNS], record_delimiter: '\r\n', quoted_match: /\r|\n/ } as const;

function safeRow(row: Row): Row {
  const out: Row = { ...row };
  for (const name of TEXT_COLUMNS) {
    const v = out[name];
    if (typeof v === 'string') out[name] = neutraliseFormula(v);
  }
  return out;
}

/** The first bytes of a CSV download: a BOM when asked, then the header row. */
export function csvHeader(bom = false): string {
  return `${bom ? '\uFEFF' : ''}${stringify([], { ...CSV_OPTIONS, header: true })}`;
}

/** CSV: header, then each batch; `bom` puts U+FEFF first so that Excel reads UTF-8. */
export async function* encodeCsv(batches: AsyncIterable<Row[]>, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  let first = true;
  for await (const batch of batches) {
    const text = stringify(batch.map(safeRow), { ...CSV_OPTIONS, header: first });
    yield first && options.bom ? `\uFEFF${text}` : text;
    first = false;
  }
  if (first) yield csvHeader(options.bom);
}

/** JSON: `{"metadata": {...}, "rows": [...]}`, the rows written as they come. */
export async function* encodeJson(batches: AsyncIterable<Row[]>, metadata: Record<string, unknown>): AsyncGenerator<string> {
  yield `{"metadata":${JSON.stringify(metadata)},\n"rows":[`;
  let first = true;
  for await (const batch of batches) {
    yield batch.map((row, i) => `${first && i === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`).join('');
    first = false;
  }
  yield first ? ']}\n' : '\n]}\n';
}
