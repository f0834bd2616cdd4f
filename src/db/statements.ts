// Hand-written SQL: every statement carries a name, and one shim reads the rows back from either driver.
import { sql, type SQL } from 'drizzle-orm';

/**
 * Names a hand-written statement with a leading comment (`/* figurePage *\/ select ...`), so that logs
 * and pg_stat_statements say which statement is slow. `name` is a constant of the code, never input.
 */
export function named(name: string, query: SQL): SQL {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`statement name ${JSON.stringify(name)} is not an identifier`);
  return sql`/* ${sql.raw(name)} */ ${query}`;
}

/** The rows of `db.execute`: postgres.js returns the rows themselves, PGlite `{ rows }`. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
