// MAX_BODY_BYTES over a real socket: a stated Content-Length is checked before the body is read, a body
// without one (chunked) is counted as it streams, and a refused request runs nothing.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const LIMIT = 2048;
const QUERY = '{ region(code: "UA-23") { code } }';
/** A request body of exactly `bytes` bytes that is a valid GraphQL request (padded with a comment). */
const bodyOf = (bytes: number) => {
  const base = JSON.stringify({ query: `${QUERY}\n#` });
  return JSON.stringify({ query: `${QUERY}\n#${'x'.repeat(bytes - base.length)}` });
};

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

let t: TestApp;
let server: Server;
let url: string;
beforeAll(async () => {
  t = await createTestApp({ MAX_BODY_BYTES: String(LIMIT) });
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** POSTs `chunks`; with `stated`, a Content-Length of their length, else chunked transfer encoding. */
function post(chunks: string[], stated: boolean): Promise<Answer> {
  const total = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...(stated ? { 'content-length': total } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    // a refused request may be answered before its body is written: the write may then fail
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('the request body limit (MAX_BODY_BYTES)', () => {
  it('answers a body of exactly the limit, stated or chunked', async () => {
    const body = bodyOf(LIMIT);
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    for (const stated of [true, false]) {
      const answer = await post([body.slice(0, 1000), body.slice(1000)], stated);
      expect(answer, `stated=${stated}`).toEqual({ status: 200, body: { data: { region: { code: 'UA-23' } } } });
    }
  });

  it('refuses a stated length past the limit with 413, running nothing', async () => {
    t.database.statements.length = 0;
    const answer = await post([bodyOf(LIMIT + 1)], true);
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: `Request body too large: the limit is ${LIMIT} bytes.`,
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit: LIMIT },
    });
    expect(answer.body.data).toBeUndefined();
    expect(t.database.statements).toEqual([]);
  });

  it('counts a chunked body as it streams and refuses it past the limit, running nothing', async () => {
    t.database.statements.length = 0;
    const body = bodyOf(LIMIT * 3);
    const answer = await post([body.slice(0, 1500), body.slice(1500, 3000), body.slice(3000)], false);
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_ENTITY_TOO_LARGE', limit: LIMIT });
    expect(t.database.statements).toEqual([]);
  });

  it('refuses a Content-Length that is not one integer (in process: Node refuses it on a socket)', async () => {
    for (const length of ['12, 12', '-1', 'abc']) {
      const res = await t.app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': length },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(res.status, length).toBe(400);
      expect(((await res.json()) as Answer['body']).errors?.[0]?.message).toBe('Content-Length header is invalid.');
    }
  });
});
