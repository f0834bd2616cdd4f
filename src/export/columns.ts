// The columns of the figures download, declared once: the CSV header and JSON keys, the Data Package's
// table schema (datapackage.json) and docs/codebook.md all come from this list (`npm run docs:codebook`).
//
// A column names the record field it shows (a drizzle property of figures, reports or regions); its type,
// whether it is required, and the values an enum allows are read from that column of src/db/schema.ts, so
// they follow the schema. A column whose field does not exist (yet) is left out, so the fields the
// dataset issue adds (unit, period kind, precision, quote, source kind, ...) appear as soon as their
// columns do. How rows are produced (SQL here, COPY later) is not this file's business: see rows.ts.
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { recruitmentFigures, regions, reports } from '../db/schema.js';

export type RecordName = 'figure' | 'report' | 'region';

export const RECORD_TABLES: Record<RecordName, PgTable> = { figure: recruitmentFigures, report: reports, region: regions };

/** Frictionless table-schema field types used here. */
export type FieldType = 'string' | 'number' | 'integer' | 'date' | 'boolean';

export interface FieldConstraints {
  required?: boolean;
  unique?: boolean;
  enum?: string[];
  minimum?: number;
  pattern?: string;
}

interface Declared {
  name: string;
  description: string;
  /** the record field shown, or `globalId` for the figure's GraphQL ID */
  source: { record: RecordName; field: string } | 'globalId';
  /** constraints beyond what the schema says */
  constraints?: FieldConstraints;
  /** shown as an example in the codebook */
  example?: string;
}

const DECLARED: Declared[] = [
  {
    name: 'id',
    description: "The figure's GraphQL ID: `node(id:)` returns it, and it stays the same across releases.",
    source: 'globalId',
    constraints: { required: true, unique: true },
  },
  { name: 'report_slug', description: 'Stable identifier of the report that states the figure.', source: { record: 'report', field: 'slug' } },
  { name: 'publisher', description: 'The organisation that issued the report.', source: { record: 'report', field: 'publisher' } },
  { name: 'region_code', description: 'ISO 3166-2 code of the region the figure is for; UA-TOT is all occupied territories together.', source: { record: 'region', field: 'code' } },
  { name: 'region_name_en', description: 'The region in English.', source: { record: 'region', field: 'nameEn' } },
  { name: 'region_name_uk', description: 'The region in Ukrainian.', source: { record: 'region', field: 'nameUk' } },
  { name: 'metric', description: 'What the figure counts (RecruitmentMetric in the API).', source: { record: 'figure', field: 'metric' } },
  { name: 'period_start', description: 'First day of the period the figure covers.', source: { record: 'figure', field: 'periodStart' } },
  { name: 'period_end', description: 'Last day of the period the figure covers.', source: { record: 'figure', field: 'periodEnd' } },
  {
    name: 'period_as_stated',
    description: "The period in the source's own words, where it words one.",
    source: { record: 'figure', field: 'periodAsStated' },
  },
  {
    name: 'best',
    description: 'The number the source gives. Never more exact than the source: read it with `qualifier`, `low` and `high`.',
    source: { record: 'figure', field: 'best' },
    constraints: { minimum: 0 },
  },
  {
    name: 'low',
    description: 'The lowest value consistent with the wording; empty where the wording sets no lower bound.',
    source: { record: 'figure', field: 'low' },
    constraints: { minimum: 0 },
  },
  {
    name: 'high',
    description: 'The highest value consistent with the wording; empty where it sets no upper bound (e.g. "over 330").',
    source: { record: 'figure', field: 'high' },
  },
  { name: 'qualifier', description: 'How the source qualifies the number (docs/bounds.md).', source: { record: 'figure', field: 'qualifier' } },
  { name: 'as_stated', description: "The figure as worded in the source, e.g. 'over 330'.", source: { record: 'figure', field: 'asStated' } },
  { name: 'note', description: 'How the figure was read from its source, where the source leaves something open.', source: { record: 'figure', field: 'note' } },
  { name: 'report_title', description: 'The title of the report.', source: { record: 'report', field: 'title' } },
  { name: 'report_published_on', description: 'When the report was published, where known.', source: { record: 'report', field: 'publishedOn' } },
  {
    name: 'report_published_on_precision',
    description: 'How exactly the publication date is known: DAY, MONTH, QUARTER or YEAR.',
    source: { record: 'report', field: 'publishedOnPrecision' },
  },
  { name: 'source_url', description: 'Where the report (or the relay it was read from) can be read.', source: { record: 'report', field: 'sourceUrl' } },
  { name: 'report_language', description: 'BCP 47 language tag of the source.', source: { record: 'report', field: 'language' } },
  { name: 'source_kind', description: 'Who the report comes from, so that a reader can weigh it.', source: { record: 'report', field: 'sourceKind' } },
  { name: 'speaker', description: 'The person who made the statement, where one is named.', source: { record: 'report', field: 'speaker' } },
  { name: 'unit', description: "The unit of the figure's value.", source: { record: 'figure', field: 'unit' } },
  { name: 'period_kind', description: 'FLOW (in the period), CUMULATIVE (running total) or SNAPSHOT (a state at period_end).', source: { record: 'figure', field: 'periodKind' } },
  { name: 'period_start_precision', description: 'How exactly the source dates the start of the period (of a running total: its start).', source: { record: 'figure', field: 'periodStartPrecision' } },
  { name: 'period_end_precision', description: 'How exactly the source dates the end of the period.', source: { record: 'figure', field: 'periodEndPrecision' } },
  {
    name: 'attributed_to',
    description: "Who the source says stands behind the figure, where that is not the report's publisher.",
    source: { record: 'figure', field: 'attributedTo' },
  },
  { name: 'quote', description: 'The sentence that states the figure, in the source language.', source: { record: 'figure', field: 'quote' } },
  { name: 'quote_en', description: 'The same sentence in English, where the source is not in English.', source: { record: 'figure', field: 'quoteEn' } },
];

export interface ExportColumn {
  name: string;
  description: string;
  type: FieldType;
  /** Frictionless `format` where the type needs one */
  format?: string;
  constraints: FieldConstraints;
  source: Declared['source'];
  /** the SQL column, when the source is a record field */
  column?: PgColumn;
}

function fieldOf(column: PgColumn): { type: FieldType; format?: string; enum?: string[] } {
  const enumValues = (column as { enumValues?: string[] }).enumValues;
  if (enumValues && enumValues.length > 0) return { type: 'string', enum: [...enumValues] };
  switch (column.columnType) {
    case 'PgDateString':
    case 'PgDate':
      return { type: 'date', format: 'default' };
    case 'PgDoublePrecision':
    case 'PgReal':
    case 'PgNumeric':
      return { type: 'number' };
    case 'PgInteger':
    case 'PgBigInt53':
    case 'PgSmallInt':
      return { type: 'integer' };
    case 'PgBoolean':
      return { type: 'boolean' };
    default:
      return { type: 'string' };
  }
}

/** The columns present in the schema, in order. */
export function exportColumns(): ExportColumn[] {
  const out: ExportColumn[] = [];
  for (const d of DECLARED) {
    if (d.source === 'globalId') {
      out.push({ name: d.name, description: d.description, type: 'string', constraints: { ...d.constraints }, source: d.source });
      continue;
    }
    const column = (getTableColumns(RECORD_TABLES[d.source.record]) as Record<string, PgColumn>)[d.source.field];
    if (!column) continue;
    const field = fieldOf(column);
    const constraints: FieldConstraints = {
      ...(column.notNull ? { required: true } : {}),
      ...(field.enum ? { enum: field.enum } : {}),
      ...d.constraints,
    };
    out.push({
      name: d.name,
      description: d.description,
      type: field.type,
      ...(field.format ? { format: field.format } : {}),
      constraints,
      source: d.source,
      column,
    });
  }
  return out;
}

export const EXPORT_COLUMN_LIST = exportColumns();

/** The column names, in order: the CSV header and the JSON keys. */
export const EXPORT_COLUMNS: readonly string[] = EXPORT_COLUMN_LIST.map((c) => c.name);

/** Columns whose cells are free text in CSV: what a spreadsheet might run as a formula is neutralised there. */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set(EXPORT_COLUMN_LIST.filter((c) => c.type === 'string' && !c.constraints.enum).map((c) => c.name));

/** The Frictionless table schema of the download. */
export function tableSchema() {
  return {
    fields: EXPORT_COLUMN_LIST.map((c) => ({
      name: c.name,
      type: c.type,
      ...(c.format ? { format: c.format } : {}),
      description: c.description,
      ...(Object.keys(c.constraints).length > 0 ? { constraints: c.constraints } : {}),
    })),
    primaryKey: ['id'],
    missingValues: [''],
  };
}
