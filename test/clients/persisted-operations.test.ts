// Persisted operations as clients use them over HTTP: Apollo-style automatic persisted queries (in
// memory, and shared by two instances through Redis), trusted documents by documentId, and the
// PERSISTED_OPERATIONS_ONLY mode that runs nothing but the manifest.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { APQ_MAX_DOCUMENT_BYTES } from '../../src/plugins/persisted-operations.js';
import { createLogger } from '../../src/logger.js';
import { buildManifest, collectOperations, MANIFEST_FILE } from '../../src/operations/manifest.js';
import { schema } from '../../src/schema/index.js';
import { createApp, type App } from '../../src/yoga.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const MANIFEST: Record<string, string> = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8'));
const REGIONS_DOC = readFileSync('docs/queries/figures-2024-by-region.graphql', 'utf8');

async function send(app: App, body: Record<string, unknown>, init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}) {
  let res: Response;
  if (init.method === 'GET') {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    res = await app.fetch(`http://localhost/graphql?${params}`, { headers: { accept: 'application/json', ...init.headers } });
  } else {
    res = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
      body: JSON.stringify(body),
    });
  }
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: any; errors?: any[] } };
}

describe('the manifest (schema/persisted-operations.json)', () => {
  it('is what `npm run operations:build` builds: docs/queries, the explorer and the example client', async () => {
    const operations = await collectOperations();
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(buildManifest(operations, schema));
    const sources = operations.map((o) => o.source);
    expect(sources).toEqual(expect.arrayContaining(['docs/queries/figures-2024-by-region.graphql', 'public/explorer/api.js#YEAR_QUERY', 'public/explorer/api.js#YEARS_QUERY']));
    expect(sources.some((s) => s.startsWith('examples/client#'))).toBe(true);
    for (const [hash, document] of Object.entries(MANIFEST)) expect(sha256(document)).toBe(hash);
  });

  it('refuses to build from a document the schema does not accept, naming it', () => {
    expect(() => buildManifest([{ source: 'docs/queries/broken.graphql', document: '{ nope }' }], schema)).toThrow(/docs\/queries\/broken\.graphql does not validate: Cannot query field "nope"/);
  });
});

describe('automatic persisted queries, one instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RESPONSE_CACHE_ENABLED: 'true' });
  });
  afterAll(() => t.close());

  const query = 'query ApqRegions { regions { code } }';

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, registers hash + query, then runs the hash alone', async () => {
    const notFound = await send(t.app, { extensions: apq(sha256(query)) });
    expect(notFound.status).toBe(404);
    expect(notFound.body.errors).toEqual([expect.objectContaining({ message: 'PersistedQueryNotFound', extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);

    const registered = await send(t.app, { query, extensions: apq(sha256(query)) });
    expect(registered.body.errors).toBeUndefined();
    expect(registered.body.data.regions).toHaveLength(12); // the six occupied regions and UA-TOT, the groups UA-SOUTH, UA-DONBAS, UA-CRIMEA, and RU, RU-SMD

    // GET, as Apollo's link sends hashed queries: cacheable by a CDN
    const byHash = await send(t.app, { extensions: apq(sha256(query)) }, { method: 'GET' });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data).toEqual(registered.body.data);
    // the same document, so the same entry of the response cache
    expect((byHash.body as { extensions?: any }).extensions?.responseCache?.hit).toBe(true);
    expect(byHash.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('refuses a query that does not match its hash, and registers nothing', async () => {
    const other = 'query Other { regions { nameEn } }';
    const mismatch = await send(t.app, { query: other, extensions: apq(sha256(query).replace(/^./, (c) => (c === '0' ? '1' : '0'))) });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_MISMATCH');
    expect(mismatch.body.data).toBeUndefined();
    const lookup = await send(t.app, { extensions: apq(sha256(other)) });
    expect(lookup.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs but does not keep a document longer than APQ_MAX_DOCUMENT_BYTES', async () => {
    const long = `query Long { regions { code } }\n${'#'.repeat(APQ_MAX_DOCUMENT_BYTES)}\n`;
    const sent = await send(t.app, { query: long, extensions: apq(sha256(long)) });
    expect(sent.body.data.regions).toHaveLength(12); // the six occupied regions and UA-TOT, the groups UA-SOUTH, UA-DONBAS, UA-CRIMEA, and RU, RU-SMD
    expect((await send(t.app, { extensions: apq(sha256(long)) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('knows the manifest operations without registration, and runs them by documentId too', async () => {
    const hash = sha256(REGIONS_DOC);
    expect(MANIFEST[hash]).toBe(REGIONS_DOC);
    const byApq = await send(t.app, { extensions: apq(hash) });
    expect(byApq.body.errors).toBeUndefined();
    expect(byApq.body.data.regions).toHaveLength(12); // the six occupied regions and UA-TOT, the groups UA-SOUTH, UA-DONBAS, UA-CRIMEA, and RU, RU-SMD
    const byId = await send(t.app, { documentId: `sha256:${hash}` });
    expect(byId.body.data).toEqual(byApq.body.data);
    const byGet = await send(t.app, { documentId: `sha256:${hash}` }, { method: 'GET' });
    expect(byGet.body.data).toEqual(byApq.body.data);
    const unknown = await send(t.app, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.body.errors?.[0]?.message).toContain(`sha256:${'0'.repeat(64)}`);
    const malformed = await send(t.app, { documentId: 'abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.message).toMatch(/documentId must be "sha256:" followed by the 64 hex digits/);
  });

  it('still runs plain queries, and says what is missing when there is neither query nor id', async () => {
    expect((await send(t.app, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
    const empty = await send(t.app, {});
    expect(empty.body.errors?.[0]?.message).toBe('Must provide query string.');
  });
});

describe('automatic persisted queries shared through Redis', () => {
  const PREFIX = `tot-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  let database: TestDatabase;
  let redis: Redis;
  let a: App;
  let b: App;
  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new Redis(REDIS_URL);
    const instance = () =>
      createApp({
        database,
        config: loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', REDIS_URL, REDIS_KEY_PREFIX: PREFIX, APQ_TTL_S: '120' }),
        logger: createLogger('silent'),
      });
    a = instance();
    b = instance();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await a.dispose();
    await b.dispose();
    await database.close();
  });

  it('a query registered on one instance runs by hash on the other, and expires with APQ_TTL_S', async () => {
    const query = `query Shared { region(code: "UA-23") { nameEn } }`;
    const hash = sha256(query);
    expect((await send(b, { extensions: apq(hash) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await send(a, { query, extensions: apq(hash) })).body.data).toEqual({ region: { nameEn: 'Zaporizhzhia Oblast' } });
    expect(await redis.get(`${PREFIX}apq:${hash}`)).toBe(query);
    const ttl = await redis.ttl(`${PREFIX}apq:${hash}`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    expect((await send(b, { extensions: apq(hash) })).body.data).toEqual({ region: { nameEn: 'Zaporizhzhia Oblast' } });
  });
});

describe('PERSISTED_OPERATIONS_ONLY=true (trusted documents)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PERSISTED_OPERATIONS_ONLY: 'true' });
  });
  afterAll(() => t.close());

  it('runs the operations of the manifest by documentId or APQ hash, with variables', async () => {
    const page = readFileSync('docs/queries/region-figures-page.graphql', 'utf8');
    const res = await send(t.app, { documentId: `sha256:${sha256(page)}`, variables: { code: 'UA-14' } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.region.code).toBe('UA-14');
    const byHash = await send(t.app, { extensions: apq(sha256(REGIONS_DOC)) }, { method: 'GET' });
    expect(byHash.body.data.regions).toHaveLength(12); // the six occupied regions and UA-TOT, the groups UA-SOUTH, UA-DONBAS, UA-CRIMEA, and RU, RU-SMD
  });

  it('refuses document text, registration by APQ and unknown ids, each with a clear error', async () => {
    const text = await send(t.app, { query: '{ regions { code } }' });
    expect(text.status).toBe(400);
    expect(text.body.errors?.[0]).toMatchObject({ extensions: { code: 'PERSISTED_OPERATIONS_ONLY' } });
    expect(text.body.errors?.[0]?.message).toMatch(/runs only registered operations .*documentId/);
    expect(text.body.data).toBeUndefined();

    const query = '{ regions { nameUk } }';
    const register = await send(t.app, { query, extensions: apq(sha256(query)) });
    expect(register.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_OPERATIONS_ONLY');
    expect((await send(t.app, { extensions: apq(sha256(query)) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const none = await send(t.app, { variables: {} });
    expect(none.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_OPERATIONS_ONLY');
  });

  it('will not start without its manifest', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      expect(() =>
        createApp({
          database,
          config: loadConfig({ LOG_LEVEL: 'silent', PERSISTED_OPERATIONS_ONLY: 'true', PERSISTED_OPERATIONS_FILE: './nowhere/operations.json' }),
          logger: createLogger('silent'),
        }),
      ).toThrow(/manifest \.\/nowhere\/operations\.json does not exist; run `npm run operations:build`/);
    } finally {
      await database.close();
    }
  });
});
