// Rate limits: per token (hashed) or per client IP; RateLimit headers on every GraphQL response;
// HTTP 429 + Retry-After + RATE_LIMITED once over budget, and back in after the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { clientIp, clientKey } from '../../src/plugins/rate-limit.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_POINTS: '3', RATE_LIMIT_WINDOW_S: '1', TRUST_PROXY_HOPS: '1' });
});
afterAll(() => t.close());

const QUERY = '{ region(code: "UA-23") { code } }';

function send(headers: Record<string, string>, body: unknown = { query: QUERY }) {
  return t.app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('rate limit', () => {
  it('counts down in RateLimit headers, refuses with 429 once spent, and lets the client back in after the window', async () => {
    const client = { 'x-forwarded-for': '198.51.100.1' };
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await send(client);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(0);
      remaining.push(res.headers.get('ratelimit-remaining')!);
      expect(((await res.json()) as { data: unknown }).data).toEqual({ region: { code: 'UA-23' } });
    }
    expect(remaining).toEqual(['2', '1', '0']);

    t.database.statements.length = 0;
    const refused = await send(client);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const body = (await refused.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, windowSeconds: 1, retryAfterSeconds: retryAfter });
    expect(body.errors[0]!.message).toMatch(/^Rate limit exceeded: this client may make 3 requests per 1 s\. Retry after \d+ s\.$/);
    expect(t.database.statements).toEqual([]);

    // Back in once the advertised wait is over.
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    const again = await send(client);
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('gives each client its own budget: other addresses and tokens are not affected', async () => {
    const spent = { 'x-forwarded-for': '198.51.100.2' };
    for (let i = 0; i < 3; i++) await send(spent);
    expect((await send(spent)).status).toBe(429);
    expect((await send({ 'x-forwarded-for': '198.51.100.3' })).status).toBe(200);
    // a token is its own budget, whatever address it comes from
    const { token } = await createToken(t.database.db, { name: 'budget one', role: 'EDITOR' });
    expect((await send({ ...spent, authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('counts per token, not per address, for token holders', async () => {
    const created = await createToken(t.database.db, { name: 'budget two', role: 'EDITOR' });
    const token = { authorization: `Bearer ${created.token}` };
    for (let i = 0; i < 3; i++) expect((await send({ ...token, 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(200);
    expect((await send({ ...token, 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
  });

  it('charges a batch of N operations as N requests', async () => {
    const client = { 'x-forwarded-for': '198.51.100.4' };
    const res = await send(client, [{ query: QUERY }, { query: QUERY }, { query: QUERY }, { query: QUERY }]);
    expect(res.status).toBe(429);
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect(res.headers.get('retry-after')).toBeTruthy();
  });

  it('does not count /health, /ready or /metrics', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.app.fetch('http://localhost/health')).status).toBe(200);
      expect((await t.app.fetch('http://localhost/metrics')).status).toBe(200);
    }
  });

  it('is off with RATE_LIMIT_POINTS=0', async () => {
    const app = await createTestApp({ RATE_LIMIT_POINTS: '0' });
    try {
      const res = await app.app.fetch('http://localhost/graphql?query=%7B__typename%7D');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('has a default that a normal client or a GraphiQL session does not meet: 600 a minute', async () => {
    const app = await createTestApp();
    try {
      const res = await app.app.fetch('http://localhost/graphql?query=%7B__typename%7D');
      expect(res.headers.get('ratelimit-limit')).toBe('600');
      expect(res.headers.get('ratelimit-policy')).toBe('600;w=60');
    } finally {
      await app.close();
    }
  });
});

// A window long enough that no test here outlives it, however slow the machine.
describe('one gate for every route', () => {
  let w: TestApp;
  beforeAll(async () => {
    w = await createTestApp({ RATE_LIMIT_POINTS: '3', RATE_LIMIT_WINDOW_S: '600', TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => w.close());

  it('is one budget for every path yoga serves GraphQL on, and for the exports', async () => {
    const client = { 'x-forwarded-for': '198.51.100.5' };
    const at = (path: string) =>
      w.app.fetch(`http://localhost${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...client },
        body: JSON.stringify({ query: QUERY }),
      });
    // each of these is answered as GraphQL by yoga, and each is charged to the same client
    for (const path of ['/graphql/', '//graphql', '/anything/graphql']) {
      const res = await at(path);
      expect(res.status, path).toBe(200);
      expect(((await res.json()) as { data: unknown }).data, path).toEqual({ region: { code: 'UA-23' } });
    }
    for (const path of ['/graphql', '/graphql/', '//graphql', '/anything/graphql']) {
      const res = await at(path);
      expect(res.status, path).toBe(429);
      expect(res.headers.get('retry-after'), path).toBeTruthy();
    }
    w.database.statements.length = 0;
    const exported = await w.app.fetch('http://localhost/export/recruitment-figures.csv', { headers: client });
    expect(exported.status).toBe(429);
    expect(exported.headers.get('retry-after')).toBeTruthy();
    expect(w.database.statements).toEqual([]);
  });

  it('counts exports against the same budget as GraphQL', async () => {
    const client = { 'x-forwarded-for': '198.51.100.6' };
    for (let i = 0; i < 3; i++) {
      const res = await w.app.fetch('http://localhost/export/recruitment-figures.json', { headers: client });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    expect((await w.app.fetch('http://localhost/graphql?query=%7B__typename%7D', { headers: client })).status).toBe(429);
  });

});

describe('client key', () => {
  const req = (headers: Record<string, string>) => new Request('http://localhost/graphql', { headers });

  it('is a hash of the token, never the token', () => {
    const key = clientKey(req({ authorization: 'Bearer s3cret-token-value' }), undefined, 0);
    expect(key).toMatch(/^token:[0-9a-f]{32}$/);
    expect(key).not.toContain('s3cret');
    expect(clientKey(req({ authorization: 'Bearer other' }), undefined, 0)).not.toBe(key);
  });

  it('is a hash of the address without a token', () => {
    const key = clientKey(req({ 'x-forwarded-for': '192.0.2.7' }), undefined, 1);
    expect(key).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(key).not.toContain('192.0.2.7');
  });

  it('trusts only as many X-Forwarded-For hops as configured: a client cannot forge its address', () => {
    const forged = req({ 'x-forwarded-for': '10.9.9.9, 192.0.2.7' });
    expect(clientIp(forged, undefined, 1)).toBe('192.0.2.7');
    expect(clientIp(forged, undefined, 2)).toBe('10.9.9.9');
    // without trusted proxies the header is ignored: the socket's peer counts
    const socket = { req: { socket: { remoteAddress: '192.0.2.50' } } };
    expect(clientIp(forged, socket, 0)).toBe('192.0.2.50');
  });
});
