// PostgreSQL's wire protocol carries at most 65,535 parameters a statement, and one INSERT of many rows
// binds one parameter a column a row: 5,462 figures of 12 values were already too many. Multi-row
// writes go through here, in as few statements as the limit allows (one for any ordinary bundle).
import { getTableColumns, type Table } from 'drizzle-orm';

export const MAX_PARAMETERS = 65_535;

/** Splits `items` into runs of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How many rows of `table` fit in one statement: a parameter per column at most, the rest `default`. */
export function rowsPerStatement(table: Table): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(getTableColumns(table)).length));
}

/** Runs `write` on batches of `rows` that fit the parameter limit, one after another; concatenates what they return. */
export async function chunked<R, T>(table: Table, rows: readonly R[], write: (batch: R[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const batch of batches(rows, rowsPerStatement(table))) out.push(...(await write(batch)));
  return out;
}
