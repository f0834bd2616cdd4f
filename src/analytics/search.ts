// Full-text search over reports, coercion factors and regions, in one SQL statement.
// Each table keeps a generated tsvector `search` column with a GIN index (src/db/schema.ts): English
// text through the 'english' configuration, Ukrainian names through 'simple'. The query is parsed once,
// by websearch_to_tsquery('english'): English words become English stems, and Cyrillic words come out
// lower-cased and unstemmed, exactly as 'simple' would make them (the English stemmer and stop list
// touch only Latin letters), so they meet the 'simple' lexemes of the Ukrainian names. Cyrillic terms
// of three letters or more then match as prefixes (see src/domain/search-query.ts). One parse rather
// than english OR simple, because an OR of two parses breaks exclusions: "passport -diabetics" would
// match through the simple branch, where 'diabetics' is not the indexed stem 'diabet'.
// Ranked with ts_rank, paginated by keyset on (rank, kind, id). docs/search.md has the details.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orderValueSql, pageSubquery, type OrderKey } from '../db/keyset.js';
import { named, rowsOf } from '../db/statements.js';
import { MAX_DATABASE_ID } from '../domain/ids.js';
import { pageOf, pageRequest, type CursorKey } from '../domain/paging.js';
import { prepareSearchText } from '../domain/search-query.js';

export const SEARCH_KINDS = ['REPORT', 'COERCION_FACTOR', 'REGION'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchHit {
  kind: SearchKind;
  id: number;
  /** ts_rank's relevance, higher is better */
  rank: number;
  cursor: string;
}

export interface SearchPage {
  hits: SearchHit[];
  totalCount: number;
  hasNextPage: boolean;
}

// Cursors issued before search paged through the shared codec: base64url of
// `search:v1:<rank as PostgreSQL prints the real>:<kind>:<id>`. Clients may still hold some.
const LEGACY_CURSOR = /^search:v1:(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?):([0-2]):(\d{1,10})$/;

function legacyCursor(cursor: string): CursorKey | undefined {
  const m = LEGACY_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const id = m ? Number(m[3]) : NaN;
  if (!m || !Number.isSafeInteger(id) || id > MAX_DATABASE_ID || !Number.isFinite(Number(m[1]))) return undefined;
  const rank = m[1]!;
  // the ordering value is the negated rank, printed as PostgreSQL prints a real
  return { values: [rank.startsWith('-') ? rank.slice(1) : `-${rank}`, m[2]!], id };
}

/**
 * Best first: by rank descending, ties by kind and id ascending, written as one ascending row
 * (-rank, kind, id) so that the keyset is a single row comparison. The rank travels in cursors as
 * PostgreSQL prints the real, so that it reads back as the very same real.
 */
const SEARCH_ORDER: OrderKey = {
  name: 'search',
  direction: 'ASC',
  keys: [
    { expression: (hit) => sql`-${hit.rank}`, cast: 'real' },
    { expression: (hit) => hit.kind, cast: 'int' },
  ],
  refusal: (argument) =>
    `Argument "${argument}" is not a cursor this server issued for a search. Use a cursor from edges.cursor or pageInfo.endCursor of a search.`,
  legacyCursor,
};

/** The `hits` CTE's columns, for the ordering and the keyset. */
const HIT = { id: sql`hits.id`, kind: sql`hits.kind`, rank: sql`hits.rank` };

// Ukrainian words are indexed as whole lower-cased words; a Cyrillic lexeme of the query is turned into
// a prefix match by rewriting websearch_to_tsquery's canonical text ('херсон' -> 'херсон':*). Lexemes
// made only of Cyrillic letters contain no quote, so the pattern cannot run across two of them.
const PREFIX_CYRILLIC = `'([а-яёіїєґ]{3,})'`;

function tsQuery(text: string): SQL {
  return sql`regexp_replace(websearch_to_tsquery('english', ${text})::text, ${PREFIX_CYRILLIC}, ${"'\\1':*"}, 'g')::tsquery`;
}

export interface SearchArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
}

export async function search(db: Db, query: string, args: SearchArgs = {}): Promise<SearchPage> {
  const page = pageRequest({ first: args.first, after: args.after }, SEARCH_ORDER);
  const text = prepareSearchText(query);
  if (text === '') return { hits: [], totalCount: 0, hasNextPage: false };

  const select = sql`kind, id, rank::text as rank, ${orderValueSql(SEARCH_ORDER, HIT)} as order_value, (select count(*) from hits)::int as total`;
  const result = await db.execute(
    named(
      'search',
      sql`
    with q as materialized (select ${tsQuery(text)} as query),
    hits as (
      select 0 as kind, r.id, ts_rank(r.search, q.query) as rank from reports r, q where r.search @@ q.query
      union all
      select 1, f.id, ts_rank(f.search, q.query) from coercion_factors f, q where f.search @@ q.query
      union all
      select 2, g.id, ts_rank(g.search, q.query) from regions g, q where g.search @@ q.query
    )
    ${pageSubquery(SEARCH_ORDER, page, { from: sql`hits`, row: HIT }, select)}`,
    ),
  );
  const rows = rowsOf<{ kind: number; id: number; rank: string; order_value: string; total: number }>(result).map((r) => ({
    kind: Number(r.kind),
    id: Number(r.id),
    rank: r.rank,
    orderValue: r.order_value,
    total: r.total,
  }));
  const totalCount = rows.length > 0 ? Number(rows[0]!.total) : await countOnly(db, text);
  const { edges, pageInfo } = pageOf(rows, SEARCH_ORDER, page);
  return {
    hits: edges.map(({ node, cursor }) => ({ kind: SEARCH_KINDS[node.kind]!, id: node.id, rank: Number(node.rank), cursor })),
    totalCount,
    hasNextPage: pageInfo.hasNextPage,
  };
}

// Only when a page comes back empty (first: 0, or after the last hit) does the total need its own
// statement; every other page carries it in its rows.
async function countOnly(db: Db, text: string): Promise<number> {
  const result = await db.execute(
    named(
      'searchCount',
      sql`
    with q as materialized (select ${tsQuery(text)} as query)
    select ((select count(*) from reports r, q where r.search @@ q.query)
      + (select count(*) from coercion_factors f, q where f.search @@ q.query)
      + (select count(*) from regions g, q where g.search @@ q.query))::int as total`,
    ),
  );
  return Number(rowsOf<{ total: number }>(result)[0]?.total ?? 0);
}
