// Metrics at /metrics; JSON logs with a request id on every line of a request and echoed in a
// header; no token, address or query text in the logs.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { acceptRequestId } from '../../src/plugins/request-log.js';
import { createApp, type App } from '../../src/yoga.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let database: TestDatabase;
let app: App;
let logger: Logger;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  logger = createLogger('debug', sink);
  app = createApp({ database, config: loadConfig({ LOG_LEVEL: 'debug', NODE_ENV: 'test', TRUST_PROXY_HOPS: '1' }), logger });
});
afterAll(() => database.close());

function post(body: unknown, headers: Record<string, string> = {}) {
  return app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function metrics(): Promise<string> {
  return (await app.fetch('http://localhost/metrics')).text();
}

function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('/metrics', () => {
  it('serves Prometheus text with the process metrics', async () => {
    const res = await app.fetch('http://localhost/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts operations, durations and errors by operation name', async () => {
    const before = await metrics();
    await post({ query: 'query RegionByCode { region(code: "UA-23") { code } }' });
    await post({ query: 'query RegionByCode { region(code: "UA-23") { code } }' });
    await post({ query: 'query Broken { region { code } }', operationName: 'Broken' });
    const after = await metrics();
    const ops = (t: string) => sample(t, 'graphql_operations_total', { operation_name: 'RegionByCode', operation_type: 'query' });
    expect(ops(after) - ops(before)).toBe(2);
    const count = (t: string) => sample(t, 'graphql_operation_duration_seconds_count', { operation_name: 'RegionByCode' });
    expect(count(after) - count(before)).toBe(2);
    expect(sample(after, 'graphql_errors_total', { operation_name: 'Broken', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(sample(after, 'http_responses_total', { route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(2);
  });

  it('counts answers served from the response cache', async () => {
    const q = { query: 'query Cached { region(code: "UA-14") { code } }' };
    await post(q);
    await post(q);
    expect(sample(await metrics(), 'graphql_response_cache_hits_total', { operation_name: 'Cached' })).toBe(1);
  });

  it('keeps label values plain: a hostile operation name is counted as anonymous', async () => {
    await post({ query: '{ __typename }', operationName: 'x"} evil{a="b' });
    const text = await metrics();
    expect(text).not.toContain('evil');
  });
});

describe('logs', () => {
  it('echo a sane incoming request id and stamp it on every line of the request', async () => {
    lines.length = 0;
    const res = await post({ query: 'query Logged { region(code: "UA-23") { code } }' }, { 'x-request-id': 'client-chosen-id-1234' });
    expect(res.headers.get('x-request-id')).toBe('client-chosen-id-1234');
    const ofRequest = lines.filter((l) => l.requestId === 'client-chosen-id-1234');
    expect(ofRequest.length).toBeGreaterThanOrEqual(2);
    // every line written while this request ran carries its id
    expect(lines.every((l) => l.requestId === 'client-chosen-id-1234')).toBe(true);
    const summary = ofRequest.find((l) => l.msg === 'request completed')!;
    expect(summary).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operations: ['Logged'], level: 30 });
    expect(typeof summary.durationMs).toBe('number');
    expect(typeof summary.time).toBe('string');
  });

  it('replace an unusable incoming id with a fresh one', async () => {
    const res = await post({ query: '{ __typename }' }, { 'x-request-id': 'bad id <script>' });
    const id = res.headers.get('x-request-id')!;
    expect(id).not.toContain('script');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptRequestId('x'.repeat(500))).not.toBe('x'.repeat(500));
  });

  it('hold no token, address, query text or variables', async () => {
    const { token } = await createToken(database.db, { name: 'log test', role: 'EDITOR' });
    lines.length = 0;
    const res = await post(
      { query: 'query Private($code: String!) { region(code: $code) { code } }', variables: { code: 'UA-23-personal-marker' } },
      { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.45', cookie: 'session=abc' },
    );
    expect(res.status).toBe(200);
    // a token that is refused must not reach the log either
    const refused = await post({ query: '{ __typename }' }, { authorization: 'Bearer tot_live_supersecret' });
    expect(refused.status).toBe(401);
    const text = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [token, token.slice(4, 20), 'supersecret', '203.0.113.45', 'personal-marker', 'session=abc', 'region(code']) {
      expect(text).not.toContain(secret);
    }
  });

  it('log unexpected errors with the request id and keep them from the client', async () => {
    // a database without its tables: every query fails inside PostgreSQL
    const empty = await createTestDatabase({ migrate: false });
    try {
      lines.length = 0;
      const res = await createApp({
        database: empty,
        config: loadConfig({ LOG_LEVEL: 'debug', NODE_ENV: 'test' }),
        logger: logger,
      }).fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': 'failing-request-0001' },
        body: JSON.stringify({ query: '{ region(code: "UA-09") { code } }' }),
      });
      const body = (await res.json()) as { errors: { message: string }[] };
      expect(body.errors[0]!.message).toBe('Unexpected error.');
      expect(JSON.stringify(body)).not.toMatch(/regions|select|does not exist/);
      const errorLines = lines.filter((l) => (l.level as number) >= 50);
      expect(errorLines.length).toBeGreaterThan(0);
      expect(errorLines.every((l) => l.requestId === 'failing-request-0001')).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it('log unexpected errors once, with the request id, at info level too (no AsyncLocalStorage there)', async () => {
    const empty = await createTestDatabase({ migrate: false });
    const infoLines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) infoLines.push(JSON.parse(line));
        done();
      },
    });
    try {
      const res = await createApp({
        database: empty,
        config: loadConfig({ LOG_LEVEL: 'info', NODE_ENV: 'test' }),
        logger: createLogger('info', sink),
      }).fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': 'failing-request-0002' },
        body: JSON.stringify({ query: '{ a: region(code: "UA-09") { code } b: region(code: "UA-14") { code } }' }),
      });
      const body = (await res.json()) as { errors: { message: string }[] };
      expect(body.errors.map((e) => e.message)).toEqual(['Unexpected error.', 'Unexpected error.']);
      const errorLines = infoLines.filter((l) => (l.level as number) >= 50);
      // one line per failed field, each with the id: yoga's own copy of the line is not written
      expect(errorLines.map((l) => [l.msg, l.requestId])).toEqual([
        ['unexpected error', 'failing-request-0002'],
        ['unexpected error', 'failing-request-0002'],
      ]);
      expect(infoLines.find((l) => l.msg === 'request completed')).toMatchObject({ requestId: 'failing-request-0002', errorCodes: ['INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR'] });
    } finally {
      await empty.close();
    }
  });
});
