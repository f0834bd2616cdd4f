// Hand-written SQL: every statement carries a name, and one shim reads the rows back from either driver.
import { fillPlaceholders, Param, Placeholder, SQL, sql, StringChunk } from 'drizzle-orm';

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

/** A statement as drizzle rendered it: its text cut at each `$n`, and what each `$n` is bound to. */
interface Rendered {
  pieces: string[];
  params: unknown[];
  /** every parameter a placeholder: the rendering holds no value of its own and can serve any request */
  reusable: boolean;
}

/** A statement whose text depends only on `shape`; `build` makes it with placeholders for `values`. */
export interface Shaped {
  shape: string;
  values: Record<string, unknown>;
  build: () => SQL;
}

/** Distinct shapes kept per owner (a document's field node); past this, a shape is rendered per request. */
const SHAPES_PER_OWNER = 64;

/**
 * Statements built and rendered by drizzle once per shape (which cursors, which filters, how many values
 * in each list), with placeholders for every value, then only the values bound per request: building
 * and rendering drizzle's SQL tree of a page statement was ~10% of a small page's CPU
 * (docs/performance.md). A rendering with any parameter that is not a placeholder is used for its own
 * request only, so no value of one request can reach another's statement.
 */
export class ShapedStatements {
  private readonly byOwner = new WeakMap<object, Map<string, Rendered>>();

  constructor(private readonly dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } }) {}

  /** The statement for `values`, from `owner`'s rendering of `shape` (made now if it is the first). */
  sql(owner: object, { shape, values, build }: Shaped): SQL {
    let shapes = this.byOwner.get(owner);
    if (!shapes) this.byOwner.set(owner, (shapes = new Map()));
    let rendered = shapes.get(shape);
    if (!rendered) {
      rendered = this.render(build());
      if (rendered.reusable && shapes.size < SHAPES_PER_OWNER) shapes.set(shape, rendered);
    }
    const filled = fillPlaceholders(rendered.params, values);
    const chunks: (StringChunk | Param)[] = [new StringChunk(rendered.pieces[0]!)];
    for (let i = 0; i < filled.length; i++) chunks.push(new Param(filled[i]), new StringChunk(rendered.pieces[i + 1]!));
    return new SQL(chunks);
  }

  private render(query: SQL): Rendered {
    const { sql: text, params } = this.dialect.sqlToQuery(query);
    const pieces = text.split(/\$\d+/);
    // a `$` followed by digits elsewhere in the text would be cut as a parameter: never in this code's SQL
    if (pieces.length !== params.length + 1) throw new Error('a shaped statement holds "$<digits>" in its text: it cannot be bound by position');
    const reusable = params.every((p) => p instanceof Placeholder || (p instanceof Param && p.value instanceof Placeholder));
    return { pieces, params, reusable };
  }
}
