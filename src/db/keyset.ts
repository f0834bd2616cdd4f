// The SQL half of keyset paging (the pure half is src/domain/paging.ts): the one page subquery every
// connection's page comes from, root or nested, fast path or general, search included.
//
// The keyset is a row comparison `(a, id) > (x, y)`, which PostgreSQL starts an index range from over
// an index on `(a, id)`; see ../shared/stack.md for why not `a > x OR (a = x AND id > y)`.
import { and, getTableName, sql, type SQL } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import type { KeyCast, Ordering, PageRequest } from '../domain/paging.js';

/** One ordering a connection offers: the codec's Ordering plus the SQL of each ordering value. */
export interface OrderKey extends Ordering {
  /** each value as SQL over the (possibly aliased) source; never NULL (coalesce nullable columns) */
  keys: readonly { expression: (source: any) => SQL; cast: KeyCast }[];
}

function castValue(cast: KeyCast, value: string): SQL {
  return sql`cast(${value} as ${sql.raw(cast)})`;
}

/** The keyset conditions of a page, as row comparisons over (ordering values, id). */
export function keysetWhere(order: OrderKey, page: PageRequest, source: any): SQL | undefined {
  const row = sql.join([...order.keys.map((k) => k.expression(source)), sql`${source.id}`], sql`, `);
  const desc = order.direction === 'DESC';
  const bound = (key: { values: string[]; id: number }) =>
    sql.join([...order.keys.map((k, i) => castValue(k.cast, key.values[i]!)), sql`${key.id}`], sql`, `);
  const parts: SQL[] = [];
  if (page.after) parts.push(sql`(${row}) ${sql.raw(desc ? '<' : '>')} (${bound(page.after)})`);
  if (page.before) parts.push(sql`(${row}) ${sql.raw(desc ? '>' : '<')} (${bound(page.before)})`);
  if (parts.length === 0) return undefined;
  return sql.join(parts, sql` and `);
}

/** ORDER BY for the page: the connection's order, reversed when paging backwards. */
export function keysetOrder(order: OrderKey, page: PageRequest, source: any): SQL {
  const desc = (order.direction === 'DESC') !== page.backward;
  const dir = sql.raw(desc ? 'desc' : 'asc');
  return sql.join([...order.keys.map((k) => sql`${k.expression(source)} ${dir}`), sql`${source.id} ${dir}`], sql`, `);
}

/** The ordering values of a row as the text src/domain/paging.ts `orderValues` reads back. */
export function orderValueSql(order: OrderKey, source: any): SQL {
  if (order.keys.length === 0) return sql`''`;
  if (order.keys.length === 1) return sql`(${order.keys[0]!.expression(source)})::text`;
  return sql`json_build_array(${sql.join(
    order.keys.map((k) => sql`(${k.expression(source)})::text`),
    sql`, `,
  )})::text`;
}

/** A source a page is cut from: the FROM item, and the object whose columns the ordering and filter read. */
export interface PageSource {
  from: SQL;
  row: any;
}

/** A table under the alias the page subquery gives it. */
export function tableSource(table: PgTable, name = 'page_source'): PageSource {
  return { from: sql`${sql.identifier(getTableName(table))} as ${sql.identifier(name)}`, row: alias(table, name) };
}

/**
 * The one page subquery: the rows of `source` that `where` keeps, past the page's cursors, in page order,
 * page size + 1 of them. `select` says what each row yields (its id for the general path, the whole row
 * and its ordering value for the fast path). Nested connections put it in a LATERAL join with the
 * parent's condition in `where`.
 */
export function pageSubquery(order: OrderKey, page: PageRequest, source: PageSource, select: SQL, where?: SQL): SQL {
  return sql`select ${select} from ${source.from}
      where ${and(where, keysetWhere(order, page, source.row)) ?? sql`true`}
      order by ${keysetOrder(order, page, source.row)}
      limit ${page.limit}`;
}
