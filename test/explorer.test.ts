// The explorer as plain HTTP (yoga.fetch, no browser): the page and every asset it loads are served
// with the right types and headers, nothing refers to another host, and the page's pure modules
// (formatting, rows, links) do what the page relies on.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_JS_PATH, EXPLORER_CSP, EXPLORER_DIR, loadExplorerAssets } from '../src/http/explorer.js';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string, init: RequestInit = {}) => t.app.fetch(`http://localhost${url}`, init);

/** The page's own modules, as the browser loads them (plain ES modules, no types). */
async function pageModule(name: string): Promise<any> {
  return import(pathToFileURL(path.join(EXPLORER_DIR, name)).href);
}

/** Every URL the page and its scripts load: script src, stylesheet href, and module imports. */
async function referencedAssets(): Promise<string[]> {
  const html = await (await get('/')).text();
  const found = new Set<string>();
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)) {
    if (!m[1]!.startsWith('data:')) found.add(m[1]!);
  }
  const queue = [...found].filter((u) => u.endsWith('.js') && u.startsWith('/explorer/'));
  while (queue.length) {
    const url = queue.pop()!;
    const js = await (await get(url)).text();
    for (const m of js.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.\/[^']+)'/gm)) {
      const next = new URL(m[1]!, `http://localhost${url}`).pathname;
      if (!found.has(next)) {
        found.add(next);
        queue.push(next);
      }
    }
  }
  return [...found].sort();
}

/** Hosts named in http(s) URLs, leaving out /* block comments *\/ (licence banners name project sites). */
function externalHosts(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...code.matchAll(/https?:\/\/([^/\s"'`)<>]+)/g)]
    .map((m) => m[1]!)
    .filter((host) => !/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host));
}

describe('explorer routes', () => {
  it('serves the page at / as HTML with a same-origin Content-Security-Policy', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('<canvas id="fulfilment-chart" role="img"');
    expect(html).toContain('<table id="summary-table">');
  });

  it('serves every script, stylesheet and module the page loads, with its content type', async () => {
    const assets = await referencedAssets();
    // The page loads its files from versioned URLs (/explorer/v/<version>/main.js, /vendor/chart.js@4.6.1/…).
    const unversioned = assets.map((u) => u.replace(/^\/explorer\/v\/[\w-]+\//, '/explorer/').replace(/^\/vendor\/chart\.js@[\d.]+\//, '/vendor/'));
    expect(unversioned).toEqual(
      expect.arrayContaining([CHART_JS_PATH, '/explorer/explorer.css', '/explorer/main.js', '/explorer/api.js', '/explorer/format.js', '/explorer/model.js', '/explorer/fulfilment-chart.js', '/explorer/interval-plot.js']),
    );
    expect(assets.every((u) => /^\/explorer\/v\/[\w-]{12}\/|^\/vendor\/chart\.js@\d+\.\d+\.\d+\//.test(u))).toBe(true);
    for (const url of assets) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      const expected = url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect(res.headers.get('content-type'), url).toBe(expected);
      expect(Number(res.headers.get('content-length')), url).toBeGreaterThan(100);
    }
    const chart = await (await get(CHART_JS_PATH)).text();
    expect(chart).toMatch(/Chart\.js v4\./);
  });

  it('caches versioned files for a year and revalidates the page and unversioned URLs; a changed file changes the version', async () => {
    const assets = await referencedAssets();
    for (const url of assets) {
      const res = await get(url);
      expect(res.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
    }
    for (const url of ['/', '/explorer/main.js', CHART_JS_PATH]) expect((await get(url)).headers.get('cache-control'), url).toBe('no-cache');
    const version = (routes: Map<string, unknown>) => [...routes.keys()].find((k) => k.startsWith('/explorer/v/'))!.split('/')[3];
    const copy = mkdtempSync(path.join(os.tmpdir(), 'explorer-'));
    try {
      cpSync(EXPLORER_DIR, copy, { recursive: true });
      const before = version(loadExplorerAssets(copy));
      expect(before).toBe(version(loadExplorerAssets(EXPLORER_DIR)));
      appendFileSync(path.join(copy, 'format.js'), '\n// changed\n');
      expect(version(loadExplorerAssets(copy))).not.toBe(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('sends brotli or gzip to clients that accept it, with an ETag per encoding, and identity to others', async () => {
    const plain = await get('/explorer/main.js');
    const text = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    const br = await get('/explorer/main.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brotliDecompressSync(brBody).toString('utf8')).toBe(text);
    expect(Number(br.headers.get('content-length'))).toBe(brBody.byteLength);
    expect(brBody.byteLength).toBeLessThan(Buffer.byteLength(text) / 2);
    const gz = await get('/explorer/main.js', { headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(text);
    const etags = new Set([plain, br, gz].map((r) => r.headers.get('etag')));
    expect(etags.size).toBe(3);
    // any of them revalidates
    const revalidated = await get('/explorer/main.js', { headers: { 'accept-encoding': 'br', 'if-none-match': gz.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect((await get('/explorer/main.js', { headers: { 'accept-encoding': 'identity' } })).headers.get('content-encoding')).toBeNull();
  });

  it('refers to no other host in any page, script or stylesheet it serves', async () => {
    const files = ['/', ...(await referencedAssets())];
    // Every file of the folder, loaded by the page or not, is served; check them all.
    for (const name of readdirSync(EXPLORER_DIR)) files.push(`/explorer/${name}`);
    for (const url of new Set(files)) {
      const text = await (await get(url)).text();
      expect(externalHosts(text), url).toEqual([]);
      expect(text, url).not.toMatch(/(?:src|href)\s*=\s*["']\/\//);
    }
    expect(EXPLORER_CSP).toContain("default-src 'none'");
    expect(EXPLORER_CSP).not.toMatch(/https?:|\*/);
  });

  it('the external-URL check catches a URL in code but not in a licence comment', () => {
    expect(externalHosts('/*! https://www.chartjs.org */ fetch("http://localhost:4000/graphql")')).toEqual([]);
    expect(externalHosts('<script src="https://cdn.example.org/chart.js"></script>')).toEqual(['cdn.example.org']);
  });

  it('answers HEAD without a body, a matching If-None-Match with 304, and other methods with 405', async () => {
    const head = await get('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);

    const cached = await get('/', { headers: { 'if-none-match': etag! } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');

    const post = await get('/', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves nothing outside its route table, however the path is written', async () => {
    for (const url of ['/explorer/', '/explorer/missing.js', '/explorer/%2e%2e/package.json', '/explorer/..%2fpackage.json', '/vendor/chart.js', '/package.json']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('"name": "tot-recruitment-api"');
    }
  });

  it('leaves /graphql to GraphQL', async () => {
    expect(await t.execute('{ __typename }')).toEqual({ __typename: 'Query' });
  });
});

describe('explorer modules', () => {
  it('words intervals, open sides included', async () => {
    const { formatInterval } = await pageModule('format.js');
    expect(formatInterval(121.5, 148.5, '%')).toBe('121.5% – 148.5%');
    expect(formatInterval(330, null)).toBe('330 or more');
    expect(formatInterval(null, 80, '%')).toBe('80% or less');
    expect(formatInterval(null, null)).toBe('unbounded');
    expect(formatInterval(10350, 10450)).toBe('10,350 – 10,450');
  });

  it('shows a computed estimate no more exactly than two significant digits, its interval rounded outwards', async () => {
    const { formatEstimate, roundSignificant } = await pageModule('format.js');
    // over 330 contracts at about 135% of the plan: 330 / 1.35 = 244.4, low 330 / 1.485 = 222.2, high unbounded
    expect(formatEstimate({ best: 244.44, low: 222.22, high: null })).toBe('≈ 240 (220 or more)');
    // 9.6 thousand of 10.4 thousand: 92.31%, between 9550 / 10450 = 91.39% and 9650 / 10350 = 93.24%
    expect(formatEstimate({ best: 92.31, low: 91.39, high: 93.24 }, '%')).toBe('≈ 92% (91% – 94%)');
    expect(roundSignificant(3150 / 1.155, 2, 'down')).toBe(2700);
    expect(roundSignificant(0.1234, 2, 'up')).toBe(0.13);
    expect(formatEstimate({ best: 50, low: 50, high: 50 }, '%')).toBe('≈ 50%');
    expect(formatEstimate(null)).toBe('—');
  });

  it('puts the qualifier in front of every short label', async () => {
    const { shortLabel } = await pageModule('format.js');
    expect(shortLabel({ best: 135, qualifier: 'APPROXIMATELY', low: 121.5, high: 148.5 }, '%')).toBe('about 135%');
    expect(shortLabel({ best: 80, qualifier: 'JUST_OVER', low: 80, high: 84 }, '%')).toBe('just over 80%');
    expect(shortLabel({ best: 3150, qualifier: 'MORE_THAN', low: 3150, high: null })).toBe('over 3,150');
    expect(shortLabel({ best: 93, qualifier: 'EXACT', low: 93, high: 93 }, '%')).toBe('93%');
    expect(shortLabel({ best: 57500, qualifier: 'RANGE', low: 55000, high: 60000 })).toBe('55,000 – 60,000');
  });

  it('words periods as a reader would', async () => {
    const { formatPeriod } = await pageModule('format.js');
    expect(formatPeriod('2024-01-01', '2024-12-31')).toBe('2024');
    expect(formatPeriod('2024-01-01', '2024-11-30')).toBe('Jan–Nov 2024');
    expect(formatPeriod('2024-02-01', '2024-02-29')).toBe('Feb 2024');
    expect(formatPeriod('2023-07-01', '2024-06-30')).toBe('Jul 2023 – Jun 2024');
    expect(formatPeriod('2024-01-01', '2024-11-01')).toBe('1 Jan 2024 – 1 Nov 2024');
  });

  it('builds rows from figures alone by the latest period end, the whole first', async () => {
    const { regionRows } = await pageModule('model.js');
    const report = (slug: string, publishedOn: string | null) => ({ slug, title: slug, publisher: 'P', publishedOn });
    const fig = (code: string, metric: string, periodEnd: string, best: number, r = report('a', '2024-12-01')) => ({
      metric,
      periodStart: '2024-01-01',
      periodEnd,
      region: { code, nameEn: code },
      report: r,
      value: { best, low: best, high: best, qualifier: 'EXACT', asStated: String(best) },
    });
    const rows = regionRows({
      year: 2024,
      summaries: null,
      figures: [
        fig('UA-23', 'PLAN_FULFILMENT_PERCENT', '2024-11-30', 135),
        fig('UA-23', 'PLAN_FULFILMENT_PERCENT', '2024-06-30', 60),
        fig('UA-14', 'PLAN_FULFILMENT_PERCENT', '2024-11-30', 105),
        fig('UA-14', 'PLAN_FULFILMENT_PERCENT', '2024-11-30', 110, report('b', '2025-01-10')),
        fig('UA-TOT', 'CONTRACTS_SIGNED', '2024-11-30', 9600),
        // a period that ends in 2025 counts towards 2025, not 2024
        fig('UA-65', 'PLAN_FULFILMENT_PERCENT', '2025-03-31', 90),
      ],
    });
    expect(rows.map((r: any) => [r.code, r.fulfilment?.best ?? null])).toEqual([
      ['UA-TOT', null],
      ['UA-23', 135],
      ['UA-14', 110],
    ]);
    expect(rows.find((r: any) => r.code === 'UA-14').sources.map((s: any) => s.slug)).toEqual(['a', 'b']);
  });

  it('links GraphiQL to the same query with the variables written in, and the CSV to the same filter', async () => {
    const { graphiqlLink, inlineVariables, csvLink, yearVariables, YEAR_QUERY } = await pageModule('api.js');
    const inlined = inlineVariables(YEAR_QUERY, yearVariables(2024));
    expect(inlined).toMatch(/^query ExplorerYear \{/m);
    expect(inlined).toContain('recruitmentSummaries(year: 2024)');
    expect(inlined).toContain('filter: { periodFrom: "2024-01-01", periodTo: "2024-12-31" }');
    expect(inlined).not.toContain('$');
    const link = graphiqlLink(YEAR_QUERY, yearVariables(2024));
    expect(link.startsWith('/graphql?query=')).toBe(true);
    expect(decodeURIComponent(link.slice('/graphql?query='.length))).toBe(inlined);
    expect(csvLink(2023)).toBe('/export/recruitment-figures.csv?periodFrom=2023-01-01&periodTo=2023-12-31');
  });

  it('the inlined GraphiQL query runs against this server as it stands', async () => {
    const { inlineVariables, yearVariables, YEAR_QUERY, YEAR_QUERY_CORE } = await pageModule('api.js');
    const full = await t.post(inlineVariables(YEAR_QUERY, yearVariables(2024)));
    if (full.errors?.some((e) => /Cannot query field "recruitmentSummaries"/.test(e.message))) {
      // A server without the analytics fields: the page falls back to the core query, which must run.
      const core = await t.post(inlineVariables(YEAR_QUERY_CORE, yearVariables(2024)));
      expect(core.errors).toBeUndefined();
      expect(core.data.recruitmentFigures.totalCount).toBeTypeOf('number');
    } else {
      expect(full.errors).toBeUndefined();
      expect(full.data.recruitmentSummaries).toBeInstanceOf(Array);
    }
  });

  it('recognises a server without analytics only by the missing root fields', async () => {
    const { GraphQLRequestError, isMissingAnalytics } = await pageModule('api.js');
    const missing = new GraphQLRequestError('x', { errors: [{ message: 'Cannot query field "dataQualityIssues" on type "Query".' }] });
    const other = new GraphQLRequestError('x', { errors: [{ message: 'Cannot query field "nope" on type "RecruitmentSummary".' }] });
    expect(isMissingAnalytics(missing)).toBe(true);
    expect(isMissingAnalytics(other)).toBe(false);
    expect(isMissingAnalytics(new Error('network'))).toBe(false);
  });
});
