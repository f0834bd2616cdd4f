// Full-text search through the GraphQL API, on the first report's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE as MAX_SEARCH_PAGE } from '../../src/domain/paging.js';
import { prepareSearchText, ukrainianStem } from '../../src/domain/search-query.js';
import { loadFirstReport } from '../helpers/analytics-fixture.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  // No response cache: the tests count statements and repeat queries. No rate limit: they send many.
  t = await createTestApp({ RESPONSE_CACHE_ENABLED: 'false', RATE_LIMIT_POINTS: '0' });
  await loadFirstReport(t.database.db);
});
afterAll(() => t.close());

const SEARCH = `query ($q: String!, $first: Int, $after: String) {
  search(query: $q, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor rank node {
      __typename
      ... on Report { slug }
      ... on CoercionFactor { slug }
      ... on Region { code }
    } }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; rank: number; node: { __typename: string; slug?: string; code?: string } }[];
}

async function search(q: string, first?: number, after?: string): Promise<Page> {
  return (await t.execute(SEARCH, { q, first, after })).search;
}

/** What a search finds, as "Type:slug-or-code", best first. */
async function found(q: string): Promise<string[]> {
  return (await search(q, 100)).edges.map((e) => `${e.node.__typename}:${e.node.slug ?? e.node.code}`);
}

const HOSTILE = [
  '',
  '   ',
  '"',
  "'",
  "''",
  '"unterminated phrase',
  '&',
  '|',
  '!',
  ':',
  '*',
  '&&& ||| !!!',
  'a:b*c!d|e',
  'foo:*',
  'passport:*A',
  "o'reilly",
  '( ) <-> <2>',
  '-',
  '--',
  'or',
  'and not',
  '\\',
  '😀',
  '😀😀 emoji 👩‍👩‍👧',
  '%_',
  "'; drop table reports; --",
  '$1 $$ $tag$',
  'x'.repeat(10_000),
  'word '.repeat(20_000),
  'Херсон '.repeat(1_000),
];

describe('search text preparation', () => {
  it('stems Ukrainian case endings but keeps four letters', () => {
    expect(ukrainianStem('Запорізькій')).toBe('запорізьк');
    expect(ukrainianStem('Херсонська')).toBe('херсонськ');
    expect(ukrainianStem('Херсон')).toBe('херсон');
    expect(ukrainianStem('Криму')).toBe('крим');
    expect(ukrainianStem('Крим')).toBe('крим');
    expect(ukrainianStem('областях')).toBe('област');
  });

  it('drops control characters and cuts long text', () => {
    expect(prepareSearchText('a\u0000b')).toBe('a b');
    expect([...prepareSearchText('😀'.repeat(1000))].length).toBe(500);
  });
});

describe('search', () => {
  it('finds a region by its English name, and the report that names it', async () => {
    // the oblast first, then the group whose name mentions it (UA-SOUTH), then the report
    expect(await found('Zaporizhzhia')).toEqual(['Region:UA-23', 'Region:UA-SOUTH', 'Report:nrc-2024-occupied-recruitment']);
  });

  it('finds regions by Ukrainian names, whatever the case ending', async () => {
    // each oblast first, then the group whose Ukrainian name mentions it
    expect(await found('Запорізька')).toEqual(['Region:UA-23', 'Region:UA-SOUTH']);
    expect(await found('запорізькій')).toEqual(['Region:UA-23', 'Region:UA-SOUTH']);
    expect(await found('Херсон')).toEqual(['Region:UA-65', 'Region:UA-SOUTH']);
    expect(await found('Херсонської області')).toEqual(['Region:UA-65', 'Region:UA-SOUTH']);
    expect(await found('Криму')).toEqual(['Region:UA-43', 'Region:UA-CRIMEA']);
    expect(await found('Севастополя')).toEqual(['Region:UA-40', 'Region:UA-CRIMEA']);
    expect(await found('окупованих територій')).toEqual(['Region:UA-TOT']);
  });

  it('finds coercion factors by affected group and description, stemmed', async () => {
    expect(await found('diabetics')).toEqual(['CoercionFactor:free-medicines-require-russian-passport']);
    expect(await found('asthma')).toEqual(['CoercionFactor:free-medicines-require-russian-passport']);
    expect((await found('passport')).sort()).toEqual([
      'CoercionFactor:burial-requires-russian-passport',
      'CoercionFactor:free-medicines-require-russian-passport',
      'Report:nrc-2024-occupied-recruitment',
    ]);
    expect(await found('passports buried')).toEqual(['CoercionFactor:burial-requires-russian-passport']);
    expect(await found('unemployment')).toContain('CoercionFactor:unemployment');
  });

  it('finds reports by publisher', async () => {
    expect(await found('"National Resistance Center"')).toEqual(['Report:nrc-2024-occupied-recruitment']);
  });

  it('honours phrases, alternatives and exclusions', async () => {
    // the report's summary speaks of "free medicines" too; "diabetes passport" appears nowhere in that order
    expect((await found('"free medicines"')).sort()).toEqual([
      'CoercionFactor:free-medicines-require-russian-passport',
      'Report:nrc-2024-occupied-recruitment',
    ]);
    expect(await found('"diabetes passport"')).toEqual([]);
    expect((await found('passport -diabetes')).sort()).toEqual([
      'CoercionFactor:burial-requires-russian-passport',
      'Report:nrc-2024-occupied-recruitment',
    ]);
    // the report's summary mentions burial too
    expect(await found('passport -diabetes -burial')).toEqual([]);
    expect((await found('asthma OR buried')).sort()).toEqual([
      'CoercionFactor:burial-requires-russian-passport',
      'CoercionFactor:free-medicines-require-russian-passport',
    ]);
  });

  it('ranks better matches first', async () => {
    const page = await search('Kherson');
    const ranks = page.edges.map((e) => e.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // the region's name is weighted A, the report's summary only C
    // (Kherson Oblast and UA-SOUTH, whose name mentions Kherson, both by name)
    expect(page.edges.map((e) => e.node.__typename)).toEqual(['Region', 'Region', 'Report']);
    expect(ranks[1]).toBeGreaterThan(ranks[2]!);
  });

  it('pages through results with cursors and keeps the total', async () => {
    const q = 'oblast OR occupied OR passport OR Zaporizhzhia';
    const all = await search(q, 100);
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBeGreaterThan(6);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; ; pages++) {
      const page = await search(q, 2, after);
      expect(page.totalCount).toBe(all.totalCount);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      seen.push(...page.edges.map((e) => e.cursor));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toEqual(all.edges.map((e) => e.cursor));
  });

  it('still reads the cursors it issued before search shared the connections\' cursor codec', async () => {
    const q = 'oblast OR occupied OR passport OR Zaporizhzhia';
    const all = await search(q, 100);
    for (const i of [0, 3, 5]) {
      const cursor = all.edges[i]!.cursor;
      // the position as the codec writes it: [name, -rank as PostgreSQL prints the real, kind, id]
      const [name, negatedRank, kind, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      expect(name).toBe('search');
      // and as search:v1 wrote it: search:v1:<rank>:<kind>:<id>
      const rank = negatedRank.startsWith('-') ? negatedRank.slice(1) : `-${negatedRank}`;
      const old = Buffer.from(`search:v1:${rank}:${kind}:${id}`, 'utf8').toString('base64url');
      const next = await search(q, 3, old);
      expect(next.edges.map((e) => e.cursor)).toEqual(all.edges.slice(i + 1, i + 4).map((e) => e.cursor));
      expect(next).toEqual(await search(q, 3, cursor));
    }
  });

  it('counts without returning hits for first: 0', async () => {
    const page = await search('oblast', 0);
    expect(page.edges).toEqual([]);
    // the four oblasts and the two groups whose names say "oblasts" (UA-SOUTH, UA-DONBAS)
    expect(page.totalCount).toBe(6);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('loads the hits of a page in one statement per type, not one per hit', async () => {
    t.database.statements.length = 0;
    await t.execute(`{ search(query: "oblast OR passport OR center", first: 20) { edges { node {
      ... on Region { code children { code } } ... on CoercionFactor { slug reports { slug } } ... on Report { slug } } } } }`);
    // the search, then regions, factors and reports: each type's rows (with their relations) at once
    expect(t.database.statements).toHaveLength(4);
  });

  it('refuses page sizes beyond the maximum and foreign cursors, naming the argument', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ first: MAX_SEARCH_PAGE + 1 }, 'first', /more than the maximum page size of 100/],
      [{ first: -1 }, 'first', /whole number from 0 to 100/],
      [{ after: 'nonsense' }, 'after', /not a cursor this server issued for a search/],
      [{ after: Buffer.from('search:v1:1:7:1').toString('base64url') }, 'after', /not a cursor/],
      [{ after: Buffer.from('["Report","x",1]').toString('base64url') }, 'after', /not a cursor/],
    ];
    for (const [args, argument, message] of cases) {
      const res = await t.post(SEARCH, { q: 'oblast', ...args });
      expect(res.data).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.message).toMatch(message);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('treats every hostile string as a query', async () => {
    for (const q of HOSTILE) {
      const res = await t.post(SEARCH, { q, first: 100 });
      expect(res.errors, JSON.stringify(q.slice(0, 40))).toBeUndefined();
      expect(res.data.search.totalCount).toBe(res.data.search.edges.length);
    }
    for (const q of ['', '   ', '😀', '"', '-', 'or']) expect((await search(q)).totalCount, JSON.stringify(q)).toBe(0);
    expect((await search('Херсон '.repeat(1_000))).totalCount).toBe(2);
  });

  // Issue 16: text PostgreSQL cannot store as sent is refused in every string, search included,
  // rather than silently cleaned (it used to be searched for with the NUL dropped).
  it('refuses a query holding U+0000 or a lone surrogate as bad input', async () => {
    for (const q of ['\u0000', 'nul\u0000inside', '\ud800 lone surrogate']) {
      const res = await t.post(SEARCH, { q, first: 100 });
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.data ?? null).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });
});
