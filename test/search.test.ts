import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsArgumentError } from '../src/analytics/errors.js';
import { search, MAX_SEARCH_PAGE } from '../src/analytics/search.js';
import { prepareSearchText, ukrainianStem } from '../src/domain/search-query.js';
import { loadFirstReport } from './analytics-fixture.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await loadFirstReport(database.db);
});
afterAll(() => database.close());

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
  "o'reilly",
  '( ) <-> <2>',
  '-',
  '--',
  'or',
  'and not',
  '\\',
  '\u0000',
  'nul\u0000inside',
  '\ud800 lone surrogate',
  '😀',
  '😀😀 emoji 👩‍👩‍👧',
  '%_',
  "'; drop table reports; --",
  '$1 $$ $tag$',
  'x'.repeat(10_000),
  'word '.repeat(20_000),
  'Херсон '.repeat(1_000),
];

async function kindsFor(q: string) {
  const page = await search(database.db, q, { first: 100 });
  return page.hits.map((h) => h.kind);
}

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
  it('finds a region by its English name', async () => {
    const page = await search(database.db, 'Zaporizhzhia');
    expect(page.hits.some((h) => h.kind === 'REGION')).toBe(true);
    // the report's summary names Zaporizhzhia too
    expect(page.hits.some((h) => h.kind === 'REPORT')).toBe(true);
    expect(page.totalCount).toBe(page.hits.length);
  });

  it('finds regions by Ukrainian names, whatever the case ending', async () => {
    for (const q of ['Запорізька', 'запорізькій', 'Херсон', 'Херсонської області', 'Криму']) {
      expect(await kindsFor(q), q).toContain('REGION');
    }
  });

  it('finds coercion factors by affected group and description, stemmed', async () => {
    expect(await kindsFor('diabetics')).toEqual(['COERCION_FACTOR']);
    expect(await kindsFor('diabetic')).toEqual(['COERCION_FACTOR']);
    expect(await kindsFor('passport')).toEqual(['COERCION_FACTOR']);
    expect(await kindsFor('passports')).toEqual(['COERCION_FACTOR']);
  });

  it('finds reports by publisher', async () => {
    expect(await kindsFor('National Resistance Center')).toEqual(['REPORT']);
  });

  it('honours phrases and exclusions', async () => {
    expect(await kindsFor('"Russian passport"')).toEqual(['COERCION_FACTOR']);
    expect(await kindsFor('passport -diabetics')).toEqual([]);
  });

  it('ranks better matches first', async () => {
    const page = await search(database.db, 'Kherson');
    const ranks = page.hits.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // the region's name is weighted A, the report's summary only C
    expect(page.hits[0]!.kind).toBe('REGION');
  });

  it('pages through results with cursors and keeps the total', async () => {
    const all = await search(database.db, 'oblast OR occupied OR passport OR Zaporizhzhia', { first: 100 });
    expect(all.totalCount).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await search(database.db, 'oblast OR occupied OR passport OR Zaporizhzhia', { first: 2, after });
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.hits.map((h) => `${h.kind}:${h.id}`));
      if (!page.hasNextPage) break;
      after = page.hits.at(-1)!.cursor;
    }
    expect(seen).toEqual(all.hits.map((h) => `${h.kind}:${h.id}`));
  });

  it('counts without returning rows for first: 0', async () => {
    const page = await search(database.db, 'oblast', { first: 0 });
    expect(page.hits).toEqual([]);
    expect(page.totalCount).toBe(4);
    expect(page.hasNextPage).toBe(true);
  });

  it('refuses page sizes beyond the maximum and foreign cursors', async () => {
    await expect(search(database.db, 'oblast', { first: MAX_SEARCH_PAGE + 1 })).rejects.toThrow(AnalyticsArgumentError);
    await expect(search(database.db, 'oblast', { first: -1 })).rejects.toThrow(AnalyticsArgumentError);
    await expect(search(database.db, 'oblast', { after: 'nonsense' })).rejects.toThrow(AnalyticsArgumentError);
    await expect(
      search(database.db, 'oblast', { after: Buffer.from('search:v1:1:7:1').toString('base64url') }),
    ).rejects.toThrow(AnalyticsArgumentError);
  });

  it('treats every hostile string as a query', async () => {
    for (const q of HOSTILE) {
      const page = await search(database.db, q);
      expect(page.totalCount, JSON.stringify(q.slice(0, 40))).toBe(page.hits.length);
    }
    expect((await search(database.db, '')).totalCount).toBe(0);
    expect((await search(database.db, '😀')).totalCount).toBe(0);
  });
});
