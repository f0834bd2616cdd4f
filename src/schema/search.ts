// Full-text search over reports, coercion factors and regions. The ranked, paginated SQL is
// src/analytics/search.ts; hits come back as `{ id }` and plugin-drizzle's model loader fetches each
// type's rows in one batched statement, with whatever the query selects beneath them.
import { search, type SearchHit, type SearchKind } from '../analytics/search.js';
import { builder } from '../builder.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/paging.js';
import { MAX_SEARCH_LENGTH } from '../domain/search-query.js';
import { asGraphQL } from './arguments.js';
import { CoercionFactor } from './factor.js';
import { Region } from './region.js';
import { Report } from './report.js';

const KIND = Symbol('searchKind');

interface SearchNode {
  id: number;
  [KIND]: SearchKind;
}

const TYPE_OF_KIND = { REPORT: 'Report', COERCION_FACTOR: 'CoercionFactor', REGION: 'Region' } as const;

export const SearchResult = builder.unionType('SearchResult', {
  description: 'Something a search found: a report, a coercion factor or a region.',
  types: [Report, CoercionFactor, Region],
  resolveType: (node) => TYPE_OF_KIND[(node as unknown as SearchNode)[KIND]],
});

interface Edge {
  hit: SearchHit;
}

interface Connection {
  edges: Edge[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export const SearchResultEdge = builder.objectRef<Edge>('SearchResultEdge').implement({
  description: 'One search hit and where it stands.',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => e.hit.cursor }),
    node: t.field({
      type: SearchResult,
      resolve: (e) => ({ id: e.hit.id, [KIND]: e.hit.kind }) as never,
    }),
    rank: t.float({
      description: 'relevance, higher is better (PostgreSQL ts_rank: title and names weigh most, then publisher and descriptions, then summaries)',
      resolve: (e) => e.hit.rank,
    }),
  }),
});

export const SearchResultConnection = builder.objectRef<Connection>('SearchResultConnection').implement({
  description: 'A page of search hits, best first.',
  fields: (t) => ({
    edges: t.field({ type: [SearchResultEdge], resolve: (c) => c.edges }),
    pageInfo: t.field({
      type: builder.pageInfoRef(),
      resolve: (c) => ({
        hasNextPage: c.hasNextPage,
        hasPreviousPage: c.hasPreviousPage,
        startCursor: c.edges[0]?.hit.cursor ?? null,
        endCursor: c.edges.at(-1)?.hit.cursor ?? null,
      }),
    }),
    totalCount: t.int({ description: 'how many hits the query has across all pages', resolve: (c) => c.totalCount }),
  }),
});

builder.queryFields((t) => ({
  search: t.field({
    type: SearchResultConnection,
    description: `full-text search over reports, coercion factors and regions (English and Ukrainian names). The query is read as a web search: words are all required, "quoted phrases" match in order, OR gives alternatives and -word excludes. English words match any form of the word; Ukrainian words match any case ending. Any text is accepted; the empty string finds nothing; only the first ${MAX_SEARCH_LENGTH} characters count.`,
    args: {
      query: t.arg.string({ required: true, description: 'what to look for, e.g. "Zaporizhzhia", "Запорізька" or "passport -burial"' }),
      first: t.arg.int({ required: false, description: `how many hits to return: ${DEFAULT_PAGE_SIZE} unless given, at most ${MAX_PAGE_SIZE}` }),
      after: t.arg.string({ required: false, description: 'the cursor after which to continue (pageInfo.endCursor of the previous page)' }),
    },
    resolve: (_root, args, ctx) =>
      asGraphQL(async () => {
        const page = await search(ctx.db, args.query, { first: args.first, after: args.after });
        return {
          edges: page.hits.map((hit) => ({ hit })),
          totalCount: page.totalCount,
          hasNextPage: page.hasNextPage,
          hasPreviousPage: args.after != null,
        };
      }),
  }),
}));
