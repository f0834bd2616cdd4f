// Keyset (cursor) pagination shared by every connection.
//
// Why not plugin-drizzle's own connections: they cap an oversized `first` silently, answer a bad cursor
// with a message that names no argument, and write the keyset as `a > x OR (a = x AND id > y)`, which
// PostgreSQL cannot start an index range from (see ../shared/stack.md). Here the keyset is a row
// comparison `(a, id) > (x, y)` over an index on `(a, id)`, and every bad argument is refused by name,
// as the GitHub API does.
import { sql, type SQL } from 'drizzle-orm';
import { GraphQLError } from 'graphql';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

export type Direction = 'ASC' | 'DESC';

/** One ordering a connection offers: a name for cursors, the key expression and its SQL type. */
export interface OrderKey {
  /** stable name written into cursors; a cursor of another ordering is refused */
  name: string;
  direction: Direction;
  /** the ordering value as SQL over the (possibly aliased) table; never NULL (coalesce nullable columns) */
  expression: (table: any) => SQL;
  /** SQL type of the expression: cursors carry its text form and are cast back when compared */
  cast: 'date' | 'text' | 'float8' | 'int';
}

/** Rows a connection pages over carry their id and, as `orderValue`, the ordering value as text. */
export interface KeyedRow {
  id: number;
  orderValue: string;
}

export interface PageRequest {
  /** rows to fetch: the page size plus one, to tell whether another page exists */
  limit: number;
  size: number;
  /** true when paging backwards (last/before): rows are fetched in reverse and flipped back */
  backward: boolean;
  after: CursorKey | null;
  before: CursorKey | null;
}

export interface CursorKey {
  value: string;
  id: number;
}

export function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

function checkSize(name: 'first' | 'last', value: number | null | undefined) {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0) {
    throw badArgument(name, `Argument "${name}" must be a whole number from 0 to ${MAX_PAGE_SIZE}; got ${value}.`);
  }
  if (value > MAX_PAGE_SIZE) {
    throw badArgument(
      name,
      `Argument "${name}" is ${value}, more than the maximum page size of ${MAX_PAGE_SIZE}. Ask for at most ${MAX_PAGE_SIZE} and follow pageInfo.endCursor for more.`,
    );
  }
}

/** What a cursor's ordering value may look like, per SQL type, so nothing malformed reaches a cast. */
const CURSOR_VALUE: Record<OrderKey['cast'], RegExp> = {
  date: /^-?\d{4,6}-\d{2}-\d{2}$|^-?infinity$/,
  text: /^[\s\S]{0,512}$/,
  float8: /^-?(\d+(\.\d+)?([eE][+-]?\d+)?|Infinity|NaN)$/,
  int: /^-?\d{1,19}$/,
};

export function encodeCursor(order: OrderKey, key: CursorKey): string {
  return Buffer.from(JSON.stringify([order.name, key.value, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(argument: 'after' | 'before', cursor: string, order: OrderKey): CursorKey {
  const refuse = (why: string) =>
    badArgument(argument, `Argument "${argument}" is not a cursor this server issued for this connection (${why}). Use a cursor from edges.cursor or pageInfo of the same connection and ordering.`);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('it does not decode');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw refuse('it does not decode');
  const [name, value, id] = parsed as [unknown, unknown, unknown];
  if (name !== order.name) throw refuse(`it was issued for another ordering`);
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > INT4_MAX) throw refuse('its key is malformed');
  if (typeof value !== 'string' || !CURSOR_VALUE[order.cast].test(value) || !castable(order.cast, value)) {
    throw refuse('its key is malformed');
  }
  return { value, id };
}

const INT4_MAX = 2_147_483_647;

/** Whether PostgreSQL can cast a value the pattern let through: a real date, a finite number, no NUL. */
function castable(cast: OrderKey['cast'], value: string): boolean {
  switch (cast) {
    case 'date': {
      const m = /^(-?\d{4,6})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return true; // ±infinity
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const d = new Date(Date.UTC(2000, month - 1, day));
      d.setUTCFullYear(year);
      return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
    }
    case 'float8':
      return /^-?(Infinity|NaN)$/.test(value) || Number.isFinite(Number(value));
    case 'int':
      return Math.abs(Number(value)) <= INT4_MAX + 1;
    case 'text':
      return !value.includes('\u0000');
  }
}

/** Validates the four connection arguments and turns them into what the query needs. */
export function pageRequest(args: ConnectionArgs, order: OrderKey): PageRequest {
  checkSize('first', args.first);
  checkSize('last', args.last);
  if (args.first != null && args.last != null) {
    throw badArgument('last', 'Arguments "first" and "last" cannot be given together: use first/after to page forward or last/before to page backward.');
  }
  const after = args.after != null ? decodeCursor('after', args.after, order) : null;
  const before = args.before != null ? decodeCursor('before', args.before, order) : null;
  const backward = args.last != null || (args.first == null && before !== null && after === null);
  const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  return { limit: size + 1, size, backward, after, before };
}

function castValue(order: OrderKey, value: string): SQL {
  return sql`cast(${value} as ${sql.raw(order.cast)})`;
}

/** The keyset conditions of a page, as row comparisons over (ordering value, id). */
export function keysetWhere(order: OrderKey, page: PageRequest, table: any): SQL | undefined {
  const parts: SQL[] = [];
  const row = sql`(${order.expression(table)}, ${table.id})`;
  const desc = order.direction === 'DESC';
  if (page.after) {
    parts.push(sql`${row} ${sql.raw(desc ? '<' : '>')} (${castValue(order, page.after.value)}, ${page.after.id})`);
  }
  if (page.before) {
    parts.push(sql`${row} ${sql.raw(desc ? '>' : '<')} (${castValue(order, page.before.value)}, ${page.before.id})`);
  }
  if (parts.length === 0) return undefined;
  return sql.join(parts, sql` and `);
}

/** ORDER BY for the page: the connection's order, reversed when paging backwards. */
export function keysetOrder(order: OrderKey, page: PageRequest, table: any): SQL {
  const desc = (order.direction === 'DESC') !== page.backward;
  const dir = sql.raw(desc ? 'desc' : 'asc');
  return sql`${order.expression(table)} ${dir}, ${table.id} ${dir}`;
}

export interface Connection<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** resolved only when a client selects totalCount */
  totalCount: () => Promise<number>;
}

/** Builds the connection from the fetched rows (page size + 1, in query order). */
export function toConnection<Row extends KeyedRow>(
  rows: Row[],
  order: OrderKey,
  page: PageRequest,
  totalCount: () => Promise<number>,
): Connection<Row> {
  const more = rows.length > page.size;
  const pageRows = rows.slice(0, page.size);
  if (page.backward) pageRows.reverse();
  const edges = pageRows.map((node) => ({
    cursor: encodeCursor(order, { value: node.orderValue, id: node.id }),
    node,
  }));
  return {
    edges,
    pageInfo: {
      // Relay: the side we paged towards knows for sure; the other side is true when a cursor
      // excluded rows there (cheap, and never claims rows that are not there).
      hasNextPage: page.backward ? page.before !== null : more,
      hasPreviousPage: page.backward ? more : page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
