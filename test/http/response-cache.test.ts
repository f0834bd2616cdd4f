// Response cache for public reads: hit and miss, never for requests with Authorization,
// invalidation by type and by object, ETag and 304.
import { hashSHA256 } from '@graphql-yoga/plugin-response-cache';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { regions } from '../../src/db/schema.js';
import { PUBLIC_SESSION, responseCacheKey } from '../../src/plugins/response-cache.js';
import { schema } from '../../src/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { firstBundleJson } from '../helpers/bundles.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_POINTS: '0', RESPONSE_CACHE_ENABLED: 'true' });
});
afterAll(() => t.close());

async function rename(code: string, nameEn: string) {
  await t.database.db.update(regions).set({ nameEn }).where(eq(regions.code, code));
}

function get(query: string, headers: Record<string, string> = {}) {
  return t.app.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json', ...headers } });
}

describe('response cache', () => {
  it('serves a repeated public read from the cache, without SQL', async () => {
    const query = '{ region(code: "UA-09") { id code nameEn } }';
    const first = await t.post(query);
    expect(first.errors).toBeUndefined();
    expect((first as { extensions?: { responseCache?: unknown } }).extensions?.responseCache).toMatchObject({ hit: false, didCache: true });

    t.database.statements.length = 0;
    await rename('UA-09', 'Renamed behind the cache');
    t.database.statements.length = 0;
    const second = await t.post(query);
    expect((second as { extensions?: { responseCache?: unknown } }).extensions?.responseCache).toEqual({ hit: true });
    expect(second.data.region.nameEn).toBe(first.data.region.nameEn);
    expect(t.database.statements).toEqual([]);
    await rename('UA-09', first.data.region.nameEn);
    await t.app.responseCache.invalidate([{ typename: 'Region' }]);
  });

  it('never caches nor serves from the cache a request that carries Authorization', async () => {
    const query = '{ region(code: "UA-14") { id code nameEn } }';
    await t.post(query);
    await rename('UA-14', 'Seen by the token holder');
    const { token } = await createToken(t.database.db, { name: 'cache test', role: 'EDITOR' });
    const withToken = await t.post(query, undefined, { authorization: `Bearer ${token}` });
    expect(withToken.data.region.nameEn).toBe('Seen by the token holder');
    expect((withToken as { extensions?: { responseCache?: unknown } }).extensions?.responseCache).toBeUndefined();
    const withToken2 = await t.post(query, undefined, { authorization: `Bearer ${token}` });
    expect((withToken2 as { extensions?: { responseCache?: unknown } }).extensions?.responseCache).toBeUndefined();
    await t.app.responseCache.invalidate([{ typename: 'Region' }]);
  });

  it('drops every response holding a type when that type is invalidated', async () => {
    const query = '{ regions { code nameEn } }';
    const before = await t.execute(query);
    await rename('UA-23', 'Zaporizhzhia (edited)');
    expect(await t.execute(query)).toEqual(before);
    await t.app.responseCache.invalidate([{ typename: 'Region' }]);
    const after = await t.execute(query);
    expect(after.regions.find((r: { code: string }) => r.code === 'UA-23').nameEn).toBe('Zaporizhzhia (edited)');
    await rename('UA-23', 'Zaporizhzhia Oblast');
    await t.app.responseCache.invalidate([{ typename: 'Region' }]);
  });

  it('drops only the responses holding one object when that object is invalidated by its global id', async () => {
    const kherson = '{ region(code: "UA-65") { id nameEn } }';
    const crimea = '{ region(code: "UA-43") { id nameEn } }';
    const k = await t.execute(kherson);
    await t.execute(crimea);
    await t.app.responseCache.invalidate([{ typename: 'Region', id: k.region.id }]);
    const k2 = await t.post(kherson);
    const c2 = await t.post(crimea);
    expect((k2 as { extensions?: { responseCache?: { hit: boolean } } }).extensions?.responseCache?.hit).toBe(false);
    expect((c2 as { extensions?: { responseCache?: { hit: boolean } } }).extensions?.responseCache?.hit).toBe(true);
  });

  it('answers If-None-Match with 304 while the entry is cached, and 200 after invalidation', async () => {
    const query = '{ region(code: "UA-40") { id code nameEn } }';
    const first = await get(query);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('last-modified')).toBeTruthy();

    const notModified = await get(query, { 'if-none-match': etag! });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(await notModified.text()).toBe('');

    await t.app.responseCache.invalidate([{ typename: 'Region' }]);
    const changed = await get(query, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { data: { region: { code: string } } }).data.region.code).toBe('UA-40');
  });

  it('does not cache responses with errors', async () => {
    const bad = '{ recruitmentFigures(first: 1000) { totalCount } }';
    const first = await t.post(bad);
    expect(first.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const second = await t.post(bad);
    expect((second as { extensions?: { responseCache?: { hit: boolean } } }).extensions?.responseCache?.hit).not.toBe(true);
  });

  it('can be turned off', async () => {
    const app = await createTestApp({ RESPONSE_CACHE_ENABLED: 'false' });
    try {
      await app.post('{ __typename }');
      const res = await app.app.fetch('http://localhost/graphql?query=%7B__typename%7D');
      expect(res.headers.get('etag')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('is invalidated by a mutation: a cached public read shows the edit at once', async () => {
    const { token } = await createToken(t.database.db, { name: 'cache editor', role: 'EDITOR' });
    const auth = { authorization: `Bearer ${token}` };
    const created = await t.execute(
      `mutation { createReport(input: { slug: "cache-check", title: "Before", publisher: "Test", language: "en" }) {
        __typename ... on CreateReportSuccess { report { id version } } } }`,
      undefined,
      auth,
    );
    const { id, version } = created.createReport.report;
    const query = '{ report(slug: "cache-check") { id title } }';
    expect((await t.post(query)).data.report.title).toBe('Before');
    const cached = await t.post(query);
    expect((cached as { extensions?: { responseCache?: { hit?: boolean } } }).extensions?.responseCache?.hit).toBe(true);
    const updated = await t.execute(
      `mutation($id: ID!, $v: Int!) { updateReport(input: { id: $id, expectedVersion: $v, title: "After" }) { __typename } }`,
      { id, v: version },
      auth,
    );
    expect(updated.updateReport.__typename).toBe('UpdateReportSuccess');
    expect((await t.post(query)).data.report.title).toBe('After');
  });

  it('a write drops cached reads that name no entity: importReportBundle, then reports { totalCount }', async () => {
    const count = '{ reports(first: 1) { totalCount } }';
    const before = (await t.execute(count)).reports.totalCount;
    const cached = await t.post(count);
    expect((cached as { extensions?: { responseCache?: { hit?: boolean } } }).extensions?.responseCache?.hit).toBe(true);
    const { token } = await createToken(t.database.db, { name: 'cache importer', role: 'EDITOR' });
    const imported = await t.execute(
      `mutation($bundle: JSON!) { importReportBundle(bundle: $bundle) { __typename } }`,
      { bundle: firstBundleJson() },
      { authorization: `Bearer ${token}` },
    );
    expect(imported.importReportBundle.__typename).toBe('ImportReportBundleSuccess');
    expect((await t.execute(count)).reports.totalCount).toBe(before + 1);
  });

  it('keys an entry by the SHA-256 of generation, document, operation, variables and session, as the plugin would hash it', async () => {
    const args = ['7', 'query Q($c: String!) { region(code: $c) { id } }', 'Q', { c: 'UA-23' }, PUBLIC_SESSION] as const;
    const expected = await hashSHA256(['7', args[1], 'Q', JSON.stringify({ c: 'UA-23' }), PUBLIC_SESSION].join('|'));
    expect(responseCacheKey(...args)).toBe(expected);
    // a non-ASCII document hashes its UTF-8 bytes, as TextEncoder does
    expect(responseCacheKey('0', '{ region(code: "Запоріжжя") { id } }', null, null, null)).toBe(
      await hashSHA256(['0', '{ region(code: "Запоріжжя") { id } }', '', '{}', ''].join('|')),
    );
  });

  it('the public session skips only a check this schema has nothing for: no @cacheControl, so no PRIVATE scope', () => {
    // with a session the plugin does not look for PRIVATE scopes in each result (src/plugins/response-cache.ts);
    // a schema that declares @cacheControl must bring that check back
    expect(schema.getDirective('cacheControl')).toBeUndefined();
  });

});
