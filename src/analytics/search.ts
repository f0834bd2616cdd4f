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
import { prepareSearchText } from '../domain/search-query.js';
import { AnalyticsArgumentError } from './errors.js';
import { rowsOf } from './rows.js';

export const SEARCH_KINDS = ['REPORT', 'COERCION_FACTOR', 'REGION'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const DEFAULT_SEARCH_PAGE = 20;
export const MAX_SEARCH_PAGE = 100;

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


interface Position {
  /** the rank as PostgreSQL prints its real, so that it reads back as the very same real */
  rank: string;
  kind: number;
  id: number;
}

const CURSOR_PREFIX = 'search:v1:';
const CURSOR = /^search:v1:(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?):([0-2]):(\d{1,10})$/;

export function encodeSearchCursor(p: Position): string {
  return Buffer.from(`${CURSOR_PREFIX}${p.rank}:${p.kind}:${p.id}`, 'utf8').toString('base64url');
}

export function decodeSearchCursor(cursor: string): Position {
  const m = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const id = m ? Number(m[3]) : NaN;
  if (!m || !Number.isSafeInteger(id) || id > 2147483647 || !Number.isFinite(Number(m[1]))) {
    throw new AnalyticsArgumentError(
      'after',
      'Argument "after" is not a cursor this server issued for a search. Use a cursor from edges.cursor or pageInfo.endCursor of a search.',
    );
  }
  return { rank: m[1]!, kind: Number(m[2]), id };
}

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
  const first = args.first ?? DEFAULT_SEARCH_PAGE;
  if (!Number.isInteger(first) || first < 0) {
    throw new AnalyticsArgumentError('first', `Argument "first" must be a whole number from 0 to ${MAX_SEARCH_PAGE}; got ${first}.`);
  }
  if (first > MAX_SEARCH_PAGE) {
    throw new AnalyticsArgumentError(
      'first',
      `Argument "first" is ${first}, more than the maximum page size of ${MAX_SEARCH_PAGE}. Ask for at most ${MAX_SEARCH_PAGE} and follow pageInfo.endCursor for more.`,
    );
  }
  const after = args.after != null ? decodeSearchCursor(args.after) : null;
  const text = prepareSearchText(query);
  if (text === '') return { hits: [], totalCount: 0, hasNextPage: false };

  const keyset = after
    ? sql`where (-rank, kind, id) > (-(${after.rank}::real), ${after.kind}::int, ${after.id}::int)`
    : sql``;
  const result = await db.execute(sql`
    with q as materialized (select ${tsQuery(text)} as query),
    hits as (
      select 0 as kind, r.id, ts_rank(r.search, q.query) as rank from reports r, q where r.search @@ q.query
      union all
      select 1, f.id, ts_rank(f.search, q.query) from coercion_factors f, q where f.search @@ q.query
      union all
      select 2, g.id, ts_rank(g.search, q.query) from regions g, q where g.search @@ q.query
    )
    select kind, id, rank::text as rank, (select count(*) from hits)::int as total
    from hits
    ${keyset}
    order by hits.rank desc, kind, id
    limit ${first + 1}`);
  const rows = rowsOf<{ kind: number; id: number; rank: string; total: number }>(result);
  const totalCount = rows.length > 0 ? Number(rows[0]!.total) : await countOnly(db, text);
  const page = rows.slice(0, first);
  return {
    hits: page.map((r) => ({
      kind: SEARCH_KINDS[Number(r.kind)]!,
      id: Number(r.id),
      rank: Number(r.rank),
      cursor: encodeSearchCursor({ rank: r.rank, kind: Number(r.kind), id: Number(r.id) }),
    })),
    totalCount,
    hasNextPage: rows.length > first,
  };
}

// Only when a page comes back empty (first: 0, or after the last hit) does the total need its own
// statement; every other page carries it in its rows.
async function countOnly(db: Db, text: string): Promise<number> {
  const result = await db.execute(sql`
    with q as materialized (select ${tsQuery(text)} as query)
    select ((select count(*) from reports r, q where r.search @@ q.query)
      + (select count(*) from coercion_factors f, q where f.search @@ q.query)
      + (select count(*) from regions g, q where g.search @@ q.query))::int as total`);
  return Number(rowsOf<{ total: number }>(result)[0]?.total ?? 0);
}
