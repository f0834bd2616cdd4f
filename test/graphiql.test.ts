// GraphiQL is served self-contained (no CDN: these machines and many newsrooms are offline) and opens
// on the documented default query.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GraphiQL', () => {
  it('is served at /graphql to browsers, with no external resource', async () => {
    const res = await t.app.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html.length).toBeGreaterThan(100_000); // the GraphiQL bundle is inlined
    const external = [...html.matchAll(/(?:src|href)\s*=\s*["'](https?:)?\/\/[^"']+/g)].map((m) => m[0]);
    expect(external).toEqual([]);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs|fonts\.googleapis/);
  });

  it('opens on the default query: 2024 figures by region with qualifiers and sources', async () => {
    const html = await (await t.app.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } })).text();
    const query = readFileSync(path.resolve(import.meta.dirname, '../docs/queries/figures-2024-by-region.graphql'), 'utf8');
    expect(html).toContain(JSON.stringify(query).slice(1, 60));
    const res = await t.post(query);
    expect(res.errors).toBeUndefined();
    // the six occupied regions, UA-TOT, the groups UA-SOUTH, UA-DONBAS, UA-CRIMEA, and RU, RU-SMD
    expect(res.data.regions).toHaveLength(12);
  });
});
