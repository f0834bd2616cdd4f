// How export rows are produced today: one SQL statement over figures, their reports and regions, whose
// select list follows the column declaration (columns.ts). The table names are unqualified, so the very
// same statement reads a release when run with the release views on the search path (src/db/as-of.ts).
import { sql, type SQL } from 'drizzle-orm';
import { named } from '../db/statements.js';
import { EXPORT_COLUMN_LIST, type ExportColumn, type RecordName } from './columns.js';

const ALIAS: Record<RecordName, string> = { figure: 'f', report: 'r', region: 'g' };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function selectItem(c: ExportColumn): string {
  if (c.source === 'globalId') return `f.id as ${ident(c.name)}`;
  const value = `${ALIAS[c.source.record]}.${ident(c.column!.name)}`;
  // dates and enums as their text; numbers stay numbers
  const text = c.type === 'date' || c.constraints.enum ? `${value}::text` : value;
  return `${text} as ${ident(c.name)}`;
}

const SELECT_LIST = EXPORT_COLUMN_LIST.map(selectItem).join(', ');

/** The rows a filter keeps, by figure id; `keyset` continues after a batch. Built from constants only. */
export function figureRowsSql(where: SQL | undefined, keyset: SQL | null): SQL {
  const conditions = [where, keyset].filter((c): c is SQL => c !== undefined && c !== null);
  return named(
    'figureExport',
    sql`select ${sql.raw(SELECT_LIST)}
    from recruitment_figures f
    join reports r on r.id = f.report_id
    join regions g on g.id = f.region_id
    ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    order by f.id`,
  );
}

export type RawRow = Record<string, unknown> & { id: number | string };

const NUMERIC = EXPORT_COLUMN_LIST.filter((c) => c.type === 'number' || c.type === 'integer').map((c) => c.name);

/** A row as exported: the figure's GraphQL ID, numbers as numbers (drivers may hand them over as text). */
export function toExportRow(raw: RawRow): Record<string, string | number | null> {
  const row = raw as Record<string, string | number | null>;
  row.id = Buffer.from(`RecruitmentFigure:${raw.id}`, 'utf8').toString('base64');
  for (const name of NUMERIC) {
    const v = row[name];
    row[name] = v === null || v === undefined ? null : Number(v);
  }
  return row;
}
