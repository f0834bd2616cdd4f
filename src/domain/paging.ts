// Keyset (cursor) paging shared by every connection: page sizes, the cursor codec, the page arguments,
// and the connection built from a page's rows. Pure: the SQL half is src/db/keyset.ts, the GraphQL half
// src/schema/connection.ts. docs/architecture.md ("Reads and connections") has the whole picture.
//
// Why not plugin-drizzle's own connections: they cap an oversized `first` silently, answer a bad cursor
// with a message that names no argument, and write the keyset as `a > x OR (a = x AND id > y)`, which
// PostgreSQL cannot start an index range from (see ../shared/stack.md). Here every bad argument is
// refused by name, as the GitHub API does, and the keyset is a row comparison (src/db/keyset.ts).
import { ArgumentError } from './argument-error.js';

/** The page a connection returns when a client gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest page any connection returns; a larger `first` or `last` is refused. */
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

export type Direction = 'ASC' | 'DESC';

/** SQL type of an ordering value: cursors carry its text form and the keyset casts it back. */
export type KeyCast = 'date' | 'text' | 'float8' | 'real' | 'int';

/** What the codec needs to know of an ordering; src/db/keyset.ts adds the SQL of each key. */
export interface Ordering {
  /** stable name written into cursors; a cursor of another ordering is refused */
  name: string;
  direction: Direction;
  /** the ordering values before the id that breaks ties; none when the order is by id alone */
  keys: readonly { cast: KeyCast }[];
  /** how a refused cursor is explained, when not as a cursor of "this connection" */
  refusal?: (argument: string) => string;
  /** reads a cursor an earlier version of this server issued in another format; undefined if it is not one */
  legacyCursor?: (cursor: string) => CursorKey | undefined;
}

/** A row's position in its ordering: the ordering values as text, then the id. */
export interface CursorKey {
  values: string[];
  id: number;
}

/** Rows a connection pages over carry their id and, as `orderValue`, their ordering values as text (see orderValues). */
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

function checkSize(name: 'first' | 'last', value: number | null | undefined) {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0) {
    throw new ArgumentError(name, `Argument "${name}" must be a whole number from 0 to ${MAX_PAGE_SIZE}; got ${value}.`);
  }
  if (value > MAX_PAGE_SIZE) {
    throw new ArgumentError(
      name,
      `Argument "${name}" is ${value}, more than the maximum page size of ${MAX_PAGE_SIZE}. Ask for at most ${MAX_PAGE_SIZE} and follow pageInfo.endCursor for more.`,
    );
  }
}

/** What a cursor's ordering value may look like, per SQL type, so nothing malformed reaches a cast. */
const CURSOR_VALUE: Record<KeyCast, RegExp> = {
  date: /^-?\d{4,6}-\d{2}-\d{2}$|^-?infinity$/,
  text: /^[\s\S]{0,512}$/,
  float8: /^-?(\d+(\.\d+)?([eE][+-]?\d+)?|Infinity|NaN)$/,
  real: /^-?(\d+(\.\d+)?([eE][+-]?\d+)?|Infinity|NaN)$/,
  int: /^-?\d{1,19}$/,
};

/** A cursor: base64url of the JSON array [ordering name, ...ordering values, id]. */
export function encodeCursor(order: Pick<Ordering, 'name'>, key: CursorKey): string {
  return Buffer.from(JSON.stringify([order.name, ...key.values, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(argument: 'after' | 'before', cursor: string, order: Ordering): CursorKey {
  const refuse = (why: string) =>
    new ArgumentError(
      argument,
      order.refusal?.(argument) ??
        `Argument "${argument}" is not a cursor this server issued for this connection (${why}). Use a cursor from edges.cursor or pageInfo of the same connection and ordering.`,
    );
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    const legacy = order.legacyCursor?.(cursor);
    if (legacy) return legacy;
    throw refuse('it does not decode');
  }
  if (!Array.isArray(parsed) || parsed.length !== order.keys.length + 2) {
    const legacy = order.legacyCursor?.(cursor);
    if (legacy) return legacy;
    throw refuse('it does not decode');
  }
  const [name, ...rest] = parsed as unknown[];
  const id = rest.pop();
  if (name !== order.name) throw refuse(`it was issued for another ordering`);
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > INT4_MAX) throw refuse('its key is malformed');
  const values = rest.map((value, i) => {
    const cast = order.keys[i]!.cast;
    return typeof value === 'string' && CURSOR_VALUE[cast].test(value) && castable(cast, value) ? value : null;
  });
  if (values.some((value) => value === null)) throw refuse('its key is malformed');
  return { values: values as string[], id };
}

const INT4_MAX = 2_147_483_647;

/** Whether PostgreSQL can cast a value the pattern let through: a real date, a finite number, no NUL. */
function castable(cast: KeyCast, value: string): boolean {
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
    case 'real':
      return /^-?(Infinity|NaN)$/.test(value) || Math.abs(Number(value)) <= (cast === 'real' ? 3.4e38 : Number.MAX_VALUE);
    case 'int':
      return Math.abs(Number(value)) <= INT4_MAX + 1;
    case 'text':
      return !value.includes('\u0000');
  }
}

/** Validates the four connection arguments and turns them into what the query needs. */
export function pageRequest(args: ConnectionArgs, order: Ordering): PageRequest {
  checkSize('first', args.first);
  checkSize('last', args.last);
  if (args.first != null && args.last != null) {
    throw new ArgumentError('last', 'Arguments "first" and "last" cannot be given together: use first/after to page forward or last/before to page backward.');
  }
  const after = args.after != null ? decodeCursor('after', args.after, order) : null;
  const before = args.before != null ? decodeCursor('before', args.before, order) : null;
  const backward = args.last != null || (args.first == null && before !== null && after === null);
  const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  return { limit: size + 1, size, backward, after, before };
}

/**
 * A row's ordering values from its `orderValue` (src/db/keyset.ts `orderValueSql` writes it): nothing
 * for an order by id alone, the value itself for one key, a JSON array of texts for several.
 */
export function orderValues(order: Pick<Ordering, 'keys'>, orderValue: string): string[] {
  if (order.keys.length === 0) return [];
  if (order.keys.length === 1) return [orderValue];
  return JSON.parse(orderValue) as string[];
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: PageInfo;
  /** resolved only when a client selects totalCount */
  totalCount: () => Promise<number>;
}

/** The page's rows in page order with their cursors, and whether there are more (from page size + 1 rows in query order). */
export function pageOf<Row extends KeyedRow>(rows: Row[], order: Ordering, page: PageRequest): Omit<Connection<Row>, 'totalCount'> {
  const more = rows.length > page.size;
  const pageRows = rows.slice(0, page.size);
  if (page.backward) pageRows.reverse();
  const edges = pageRows.map((node) => ({
    cursor: encodeCursor(order, { values: orderValues(order, node.orderValue), id: node.id }),
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
  };
}

/** Builds the connection from the fetched rows (page size + 1, in query order). */
export function toConnection<Row extends KeyedRow>(
  rows: Row[],
  order: Ordering,
  page: PageRequest,
  totalCount: () => Promise<number>,
): Connection<Row> {
  return { ...pageOf(rows, order, page), totalCount };
}
