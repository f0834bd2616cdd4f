// GraphiQL is served self-contained (no CDN: these machines and many newsrooms are offline) and opens
// on the documented default query. Its 8 MB bundle comes from a versioned URL, cached and compressed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_SCRIPT, GRAPHIQL_STYLESHEET, GRAPHIQL_VERSION, renderGraphiQLPage } from '../../src/http/graphiql.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GraphiQL', () => {
  it('is served at /graphql to browsers, with no external resource: a small page and a versioned bundle', async () => {
    const res = await t.app.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html.length).toBeLessThan(5_000);
    const local = [...html.matchAll(/(?:src|href)\s*=\s*"(\/[^"]+)"/g)].map((m) => m[1]!);
    expect(local.sort()).toEqual([GRAPHIQL_STYLESHEET, GRAPHIQL_SCRIPT].sort());
    expect(GRAPHIQL_SCRIPT).toBe(`/graphiql/${GRAPHIQL_VERSION}/graphiql.js`);
    const external = [...html.matchAll(/(?:src|href)\s*=\s*["'](https?:)?\/\/[^"']+/g)].map((m) => m[0]);
    expect(external).toEqual([]);
    // the bundle: cached for a year (its URL changes with the version), compressed for browsers
    const bundle = await t.app.fetch(`http://localhost${GRAPHIQL_SCRIPT}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(bundle.headers.get('content-encoding')).toBe('br');
    const compressed = Buffer.from(await bundle.arrayBuffer());
    const js = brotliDecompressSync(compressed).toString('utf8');
    expect(js.length).toBeGreaterThan(5_000_000);
    expect(compressed.byteLength).toBeLessThan(js.length / 4);
    expect(js).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(js).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs|fonts\.googleapis/);
    const css = await t.app.fetch(`http://localhost${GRAPHIQL_STYLESHEET}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(css.headers.get('content-encoding')).toBe('gzip');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await t.app.fetch('http://localhost/graphiql/0.0.0/graphiql.js')).status).toBe(404);
  });

  it('keeps options from closing their script element', () => {
    const html = renderGraphiQLPage({ title: 'A <b>title</b>', defaultQuery: '# </script><script>alert(1)</script>\n{ __typename }' });
    expect(html).toContain('<title>A &#60;b&#62;title&#60;/b&#62;</title>');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('opens on the default query: 2024 figures by region with qualifiers and sources', async () => {
    const html = await (await t.app.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } })).text();
    // the options travel as JSON in the page, where the bundle reads them
    expect(JSON.parse(/<script type="application\/json" id="graphiql-options">([^<]*)<\/script>/.exec(html)![1]!).defaultQuery).toBe(
      readFileSync(path.resolve(import.meta.dirname, '../../docs/queries/figures-2024-by-region.graphql'), 'utf8'),
    );
    const query = readFileSync(path.resolve(import.meta.dirname, '../../docs/queries/figures-2024-by-region.graphql'), 'utf8');
    expect(html).toContain(JSON.stringify(query).slice(1, 60));
    const res = await t.post(query);
    expect(res.errors).toBeUndefined();
    // the six occupied regions, UA-TOT, the groups UA-SOUTH, UA-DONBAS, UA-CRIMEA, and RU, RU-SMD
    expect(res.data.regions).toHaveLength(12);
  });
});
