// Two instances of the app on one database and one Redis share the rate-limit budget and the
// response cache with its invalidations, as they would behind a load balancer.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { regions } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/yoga.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// A prefix of its own, so parallel runs and other test files never see these keys.
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
      config: loadConfig({
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        REDIS_URL,
        REDIS_KEY_PREFIX: PREFIX,
        RATE_LIMIT_POINTS: '4',
        RATE_LIMIT_WINDOW_S: '60',
        TRUST_PROXY_HOPS: '1',
      }),
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

async function post(app: App, query: string, headers: Record<string, string> = {}) {
  const res = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: any; errors?: any[]; extensions?: any } };
}

describe('two instances sharing Redis', () => {
  it('share one rate-limit budget per client', async () => {
    const client = { 'x-forwarded-for': '198.51.100.77' };
    expect((await post(a, '{ __typename }', client)).headers.get('ratelimit-remaining')).toBe('3');
    expect((await post(b, '{ __typename }', client)).headers.get('ratelimit-remaining')).toBe('2');
    expect((await post(a, '{ __typename }', client)).headers.get('ratelimit-remaining')).toBe('1');
    expect((await post(b, '{ __typename }', client)).headers.get('ratelimit-remaining')).toBe('0');
    const refusedA = await post(a, '{ __typename }', client);
    const refusedB = await post(b, '{ __typename }', client);
    expect([refusedA.status, refusedB.status]).toEqual([429, 429]);
    expect(refusedB.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // another client still has its whole budget
    expect((await post(b, '{ __typename }', { 'x-forwarded-for': '198.51.100.78' })).headers.get('ratelimit-remaining')).toBe('3');
  });

  it('keep no token and no address in Redis, only their hashes', async () => {
    await post(a, '{ __typename }', { authorization: 'Bearer very-secret-token', 'x-forwarded-for': '198.51.100.79' });
    const keys = await redis.keys(`${PREFIX}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('very-secret-token');
    expect(keys.join(' ')).not.toContain('198.51.100');
  });

  it('share the response cache: what one instance cached the other serves', async () => {
    const query = '{ region(code: "UA-43") { id code nameEn } }';
    const client = { 'x-forwarded-for': '198.51.100.80' };
    const fromA = await post(a, query, client);
    expect(fromA.body.extensions?.responseCache).toMatchObject({ hit: false, didCache: true });
    database.statements.length = 0;
    const fromB = await post(b, query, { 'x-forwarded-for': '198.51.100.81' });
    expect(fromB.body.extensions?.responseCache).toEqual({ hit: true });
    expect(fromB.body.data).toEqual(fromA.body.data);
    expect(database.statements).toEqual([]);
    // and B answers A's ETag with 304
    const etag = fromA.headers.get('etag')!;
    const res = await b.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`, {
      headers: { 'if-none-match': etag, 'x-forwarded-for': '198.51.100.82' },
    });
    expect(res.status).toBe(304);
  });

  it('share invalidation: a write invalidated on one instance is seen on the other', async () => {
    const query = '{ region(code: "UA-65") { id nameEn } }';
    const before = await post(b, query, { 'x-forwarded-for': '198.51.100.83' });
    expect((await post(b, query, { 'x-forwarded-for': '198.51.100.83' })).body.extensions?.responseCache).toEqual({ hit: true });

    await database.db.update(regions).set({ nameEn: 'Kherson (edited)' }).where(eq(regions.code, 'UA-65'));
    await a.responseCache.invalidate([{ typename: 'Region', id: before.body.data.region.id }]);

    const after = await post(b, query, { 'x-forwarded-for': '198.51.100.84' });
    expect(after.body.extensions?.responseCache).toMatchObject({ hit: false });
    expect(after.body.data.region.nameEn).toBe('Kherson (edited)');
  });
});
