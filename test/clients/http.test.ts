// HTTP as client apps and CDNs see it: Cache-Control on /graphql, CORS from configuration, compressed
// exports streamed over a real socket, and the date scalars' @specifiedBy.
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { DATE_SPECIFIED_BY, DATE_TIME_SPECIFIED_BY } from '../../src/builder.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp } from '../../src/yoga.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startServer, type RunningServer } from '../e2e/server.js';

const READ = '{ regions { code } }';

/** Another app over the same test database, with other settings: starting a database costs seconds. */
function sibling(base: TestApp, env: Record<string, string>): TestApp {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', RESPONSE_CACHE_ENABLED: 'false', ...env });
  const app = createApp({ database: base.database, config, logger: createLogger('silent') });
  return { ...base, app, config, close: async () => void (await app.dispose()) };
}
const getUrl = (query: string) => `http://localhost/graphql?query=${encodeURIComponent(query)}`;

describe('Cache-Control on /graphql', () => {
  let t: TestApp;
  let editorToken: string;
  beforeAll(async () => {
    t = await createTestApp({ RESPONSE_CACHE_ENABLED: 'true', RESPONSE_CACHE_TTL_MS: '45000' });
    editorToken = (await createToken(t.database.db, { name: 'http test editor', role: 'EDITOR' })).token;
  });
  afterAll(() => t.close());

  const get = (query: string, headers: Record<string, string> = {}) => t.app.fetch(getUrl(query), { headers: { accept: 'application/json', ...headers } });

  it('an anonymous GET read is public for the response cache TTL, and varies by Accept', async () => {
    const res = await get(READ);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=45');
    expect(res.headers.get('vary')).toContain('Accept');
    // revalidation while the server's entry lives: 304, still public
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get(READ, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=45');
  });

  it('is private, no-store with credentials, for errors, and for POST', async () => {
    const withToken = await get(READ, { authorization: `Bearer ${editorToken}` });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('cache-control')).toBe('private, no-store');
    const withCookie = await get(READ, { cookie: 'session=1' });
    expect(withCookie.headers.get('cache-control')).toBe('private, no-store');

    const invalid = await get('{ regions { nope } }');
    expect(((await invalid.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect(invalid.headers.get('cache-control')).toBe('private, no-store');
    const partly = await get('{ regions { code } region(code: "UA-23") { nameEn } node(id: "bm90LWFuLWlk") { id } }');
    expect(((await partly.json()) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    expect(partly.headers.get('cache-control')).toBe('private, no-store');

    const post = await t.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: READ }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('cache-control')).toBe('private, no-store');
    const mutationByGet = await get('mutation { __typename }');
    expect(mutationByGet.status).toBe(405);
    expect(mutationByGet.headers.get('cache-control')).toBe('private, no-store');
  });

  it('follows HTTP_CACHE_MAX_AGE_S, and says no-cache when the server keeps nothing', async () => {
    const custom = sibling(t, { RESPONSE_CACHE_ENABLED: 'true', HTTP_CACHE_MAX_AGE_S: '15' });
    const off = sibling(t, { RESPONSE_CACHE_ENABLED: 'false' });
    try {
      expect((await custom.app.fetch(getUrl(READ), { headers: { accept: 'application/json' } })).headers.get('cache-control')).toBe('public, max-age=15');
      expect((await off.app.fetch(getUrl(READ), { headers: { accept: 'application/json' } })).headers.get('cache-control')).toBe('no-cache');
    } finally {
      await Promise.all([custom.close(), off.close()]);
    }
  });
});

describe('CORS', () => {
  let base: TestApp;
  beforeAll(async () => {
    base = await createTestApp();
  });
  afterAll(() => base.close());

  const preflight = (t: TestApp, origin: string, headers = 'content-type, authorization') =>
    t.app.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
    });
  const read = (t: TestApp, origin: string) => t.app.fetch(getUrl(READ), { headers: { origin, accept: 'application/json' } });

  it('by default: any origin reads, without credentials, and may not send Authorization', async () => {
    const t = sibling(base, {});
    try {
      const res = await read(t, 'https://news.example');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('access-control-expose-headers')).toContain('ratelimit-remaining');
      const pre = await preflight(t, 'https://news.example');
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
      expect(pre.headers.get('access-control-allow-headers')).not.toContain('authorization');
      expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('credentials only for the allow-listed origins, with the answer varying by Origin', async () => {
    const t = sibling(base, { CORS_CREDENTIALED_ORIGINS: 'https://editor.example.org, http://localhost:5173/' });
    try {
      const pre = await preflight(t, 'https://editor.example.org');
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://editor.example.org');
      expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
      expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
      expect((await read(t, 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      const stranger = await read(t, 'https://elsewhere.example');
      expect(stranger.headers.get('access-control-allow-origin')).toBe('*');
      expect(stranger.headers.get('access-control-allow-credentials')).toBeNull();
      expect(stranger.headers.get('vary')).toContain('Origin');
      // a look-alike origin is not the allow-listed one
      expect((await preflight(t, 'https://editor.example.org.evil.example')).headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('CORS_ORIGINS narrows who may read at all; bad settings are refused at start', async () => {
    const t = sibling(base, { CORS_ORIGINS: 'https://partner.example' });
    try {
      expect((await read(t, 'https://partner.example')).headers.get('access-control-allow-origin')).toBe('https://partner.example');
      expect((await read(t, 'https://other.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
    expect(() => loadConfig({ CORS_CREDENTIALED_ORIGINS: '*' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: 'ftp://x.example' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('compressed exports over a real socket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  /** The raw bytes and headers, without the automatic decompression fetch does. */
  function raw(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${server.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('streams the CSV and JSON exports brotli- or gzip-compressed, byte for byte the plain export', async () => {
    // The JSON's metadata says when each download was retrieved (issue 14): that one value differs
    // between two requests; every other byte must be the same.
    const sameExport = (a: Buffer, b: Buffer) => {
      const normal = (x: Buffer) => x.toString('utf8').replace(/^(\{"metadata":.*?"retrievedAt":")[^"]*"/, '$1"');
      return normal(a) === normal(b);
    };
    for (const format of ['csv', 'json']) {
      const path = `/export/recruitment-figures.${format}?periodFrom=2024-01-01&periodTo=2024-12-31`;
      const plain = await raw(path, {});
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString('utf8')).toContain('over 330 people');
      const gz = await raw(path, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['transfer-encoding']).toBe('chunked');
      expect(gz.headers['content-length']).toBeUndefined();
      expect(gz.headers.vary).toContain('Accept-Encoding');
      expect(sameExport(gunzipSync(gz.body), plain.body)).toBe(true);
      const br = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(sameExport(brotliDecompressSync(br.body), plain.body)).toBe(true);
      expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 2);
      expect(br.headers['content-disposition']).toBe(plain.headers['content-disposition']);
    }
  });

  it('leaves errors and HEAD uncompressed', async () => {
    const bad = await raw('/export/recruitment-figures.csv?periodFrom=soon', { 'accept-encoding': 'br' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(bad.body.toString('utf8')).error.parameter).toBe('periodFrom');
  });
});

describe('metrics from @graphql-yoga/plugin-prometheus and our own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const sample = (text: string, name: string, labels: Record<string, string>) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('times each phase by operation, and counts errors raised before execution by their code', async () => {
    await t.post('query PhaseTimed { regions { code } }');
    const hash = 'ab'.repeat(32);
    await t.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ operationName: 'Unregistered', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    const text = await (await t.app.fetch('http://localhost/metrics')).text();
    for (const phase of ['parse', 'validate', 'context', 'execute']) {
      expect(sample(text, `graphql_${phase}_duration_seconds_count`, { operation_name: 'PhaseTimed', operation_type: 'query' }), phase).toBe(1);
    }
    expect(sample(text, 'graphql_operations_total', { operation_name: 'PhaseTimed', operation_type: 'query' })).toBe(1);
    expect(sample(text, 'graphql_errors_total', { operation_name: 'Unregistered', code: 'PERSISTED_QUERY_NOT_FOUND' })).toBe(1);
    // the plugin's own names and its unbounded url label are not exposed
    expect(text).not.toMatch(/graphql_envelop_|graphql_yoga_http_duration/);
  });
});

describe('date scalars', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('name their format with @specifiedBy, which introspection (and so codegen) sees', async () => {
    const data = await t.execute(`{ date: __type(name: "Date") { specifiedByURL } dateTime: __type(name: "DateTime") { specifiedByURL } }`);
    expect(data).toEqual({ date: { specifiedByURL: DATE_SPECIFIED_BY }, dateTime: { specifiedByURL: DATE_TIME_SPECIFIED_BY } });
    expect(DATE_SPECIFIED_BY).toBe('https://scalars.graphql.org/andimarek/local-date');
    expect(DATE_TIME_SPECIFIED_BY).toBe('https://scalars.graphql.org/andimarek/date-time');
  });

  it('serialize to the specified formats and refuse anything else', async () => {
    const data = await t.execute(`{ reports(first: 1) { edges { node { publishedOn createdAt } } } }`);
    const node = data.reports.edges[0]?.node;
    if (node) {
      expect(node.publishedOn ?? '2024-01-01').toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(node.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
    const bad = await t.post(`{ recruitmentFigures(filter: { periodFrom: "30/11/2024" }) { totalCount } }`);
    expect(bad.errors?.[0]?.message).toMatch(/Date must be a calendar date written YYYY-MM-DD/);
    const badTime = await t.post(`query ($from: DateTime) { auditLog(filter: { from: $from }) { totalCount } }`, { from: '2024-11-30 12:00' });
    expect(badTime.errors?.[0]?.message).toMatch(/DateTime must be an ISO 8601 instant with a time zone/);
  });
});
