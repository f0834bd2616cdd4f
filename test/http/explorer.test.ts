// The explorer as plain HTTP (yoga.fetch, no browser): the page and every asset it loads are served
// with the right types and headers, nothing refers to another host, and the page's pure modules
// (formatting, rows, links) do what the page relies on.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_JS_PATH, CODEBOOK_PATH, EXPLORER_CSP, EXPLORER_DIR, loadExplorerAssets } from '../../src/http/explorer.js';
import { createToken } from '../../src/auth/tokens.js';
import { seedBundles } from '../../src/bundles/seed.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

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

describe('explorer modules: every source, running totals, citation', () => {
  const report = (slug: string, publisher: string, sourceKind: string, publishedOn: string | null = null) => ({ slug, title: slug, publisher, sourceKind, publishedOn, publishedOnPrecision: 'DAY' });
  const figure = (id: string, code: string, name: string, metric: string, periodEnd: string, best: number, r: any, extra: Record<string, unknown> = {}) => ({
    id,
    metric,
    unit: metric.endsWith('PERCENT') ? 'PERCENT' : 'PERSONS',
    periodKind: 'FLOW',
    periodStart: `${periodEnd.slice(0, 4)}-01-01`,
    periodStartPrecision: 'DAY',
    periodEnd,
    periodEndPrecision: 'DAY',
    region: { code, nameEn: name },
    report: r,
    value: { best, low: best, high: best, qualifier: 'EXACT', asStated: String(best) },
    ...extra,
  });

  it('keeps every report’s figure for one region and year, each on its own row, grouped by metric and unit', async () => {
    const { sourceGroups, reportsPerRegion } = await pageModule('model.js');
    const nrc = report('nrc', 'National Resistance Center', 'UKRAINIAN_OFFICIAL', '2025-01-16');
    const rbc = report('rbc', 'National Resistance Center', 'UKRAINIAN_OFFICIAL', '2024-12-06');
    const un = report('un', 'OHCHR', 'INTERNATIONAL_ORGANISATION', '2024-10-01');
    const groups = sourceGroups(
      [
        figure('a', 'UA-TOT', 'All', 'CONTRACTS_SIGNED', '2024-11-30', 9600, nrc),
        figure('b', 'UA-TOT', 'All', 'CONTRACTS_SIGNED', '2024-12-31', 4000, rbc),
        figure('c', 'UA-23', 'Zaporizhzhia', 'CONTRACTS_SIGNED', '2024-11-30', 330, nrc),
        figure('d', 'UA-TOT', 'All', 'PLAN_FULFILMENT_PERCENT', '2024-11-30', 93, nrc),
        figure('e', 'UA-14', 'Donetsk', 'CONTRACTS_SIGNED', '2024-09-30', 100, un),
        // counts towards 2025, not 2024
        figure('f', 'UA-TOT', 'All', 'CONTRACTS_SIGNED', '2025-01-31', 1, nrc),
      ],
      2024,
    );
    expect(groups.map((g: any) => `${g.metric}/${g.unit}`)).toEqual(['PLAN_FULFILMENT_PERCENT/PERCENT', 'CONTRACTS_SIGNED/PERSONS']);
    const contracts = groups[1];
    // the whole first with both its reports, then regions by name
    expect(contracts.figures.map((f: any) => f.id)).toEqual(['a', 'b', 'e', 'c']);
    expect(contracts.reports).toBe(3);
    expect(Object.fromEntries(reportsPerRegion(contracts))).toEqual({ 'UA-TOT': 2, 'UA-14': 1, 'UA-23': 1 });
  });

  it('labels each source row with its region, publisher, date and source kind, and its point with its words and period', async () => {
    const { rowLabels, figureLabel, compactLabel, sourcePoints } = await pageModule('sources-chart.js');
    const nrc = report('nrc', 'National Resistance Center', 'UKRAINIAN_OFFICIAL');
    const rbc = report('rbc', 'National Resistance Center', 'UKRAINIAN_OFFICIAL', '2024-12-06');
    const a = figure('a', 'UA-TOT', 'All temporarily occupied territories', 'CONTRACTS_SIGNED', '2024-11-30', 9600, nrc);
    const b = figure('b', 'UA-TOT', 'All temporarily occupied territories', 'CONTRACTS_SIGNED', '2024-12-31', 4000, rbc, { periodEndPrecision: 'MONTH', value: { best: 4000, low: 3500, high: 4500, qualifier: 'EXACT', asStated: 'only 4,000' } });
    expect(rowLabels([a, b])).toEqual([
      ['ALL TEMPORARILY', 'OCCUPIED TERRITORIES', 'National Resistance', 'Center, undated', '(Ukrainian official)'],
      ['National Resistance', 'Center, 6 Dec 2024', '(Ukrainian official)'],
    ]);
    expect(figureLabel(a, 'PERSONS')).toBe('9,600 · Jan–Nov 2024');
    expect(figureLabel(b, 'PERSONS')).toBe('4,000 · 1 Jan 2024 – Dec 2024');
    expect(compactLabel(b, 'PERSONS')).toEqual(['All temporarily occupied territories', 'National Resistance Center, 6 Dec 2024 (Ukrainian official)', '4,000 · 1 Jan 2024 – Dec 2024']);
    const points = sourcePoints({ figures: [a, b], unit: 'PERSONS', metric: 'CONTRACTS_SIGNED' }, new Set(['b']));
    expect(points.map((p: any) => [p.y, p.x, p.low, p.high, p.warned])).toEqual([
      [0, 9600, 9600, 9600, false],
      [1, 4000, 3500, 4500, true],
    ]);
  });

  it('chooses a logarithmic value axis only where figures span more than two orders of magnitude, with round ends', async () => {
    const { valueAxis, niceRange } = await pageModule('sources-chart.js');
    expect(valueAxis([{ x: 478, low: 478, high: 478 }, { x: 300000, low: 300000, high: null }])).toEqual({ type: 'logarithmic', min: 100, max: 1000000 });
    expect(valueAxis([{ x: 9600, low: 9550, high: 9650 }, { x: 4000, low: 3500, high: 4500 }])).toMatchObject({ type: 'linear' });
    expect(niceRange(9500, 10500)).toEqual({ min: 9000, max: 11000 });
    expect(niceRange(50, 148.5)).toEqual({ min: 40, max: 160 });
  });

  it('words periods and dates no more exactly than the source dates them', async () => {
    const { figurePeriod, formatDateAt } = await pageModule('format.js');
    expect(formatDateAt('2018-12-31', 'YEAR')).toBe('2018');
    expect(formatDateAt('2019-12-31', 'QUARTER')).toBe('Q4 2019');
    expect(formatDateAt('2017-11-30', 'MONTH')).toBe('Nov 2017');
    expect(formatDateAt('2024-12-04', 'DAY')).toBe('4 Dec 2024');
    const base = { periodStart: '2015-01-01', periodStartPrecision: 'YEAR', periodEnd: '2017-11-30', periodEndPrecision: 'MONTH' };
    expect(figurePeriod({ ...base, periodKind: 'CUMULATIVE' })).toBe('since 2015, as of Nov 2017');
    expect(figurePeriod({ ...base, periodKind: 'SNAPSHOT' })).toBe('as of Nov 2017');
    expect(figurePeriod({ ...base, periodKind: 'FLOW' })).toBe('2015 – Nov 2017');
    expect(figurePeriod({ periodKind: 'FLOW', periodStart: '2024-01-01', periodEnd: '2024-11-30' })).toBe('Jan–Nov 2024');
  });

  it('builds running-total series by region and metric, ordered by as-of date, the longest first', async () => {
    const { cumulativeSeries } = await pageModule('model.js');
    const chrg = report('chrg', 'Crimean Human Rights Group', 'NGO');
    const cumulative = { periodKind: 'CUMULATIVE' };
    const series = cumulativeSeries([
      figure('x2', 'UA-CRIMEA', 'Crimea with Sevastopol', 'CONSCRIPTED', '2019-12-31', 18000, chrg, cumulative),
      figure('x1', 'UA-CRIMEA', 'Crimea with Sevastopol', 'CONSCRIPTED', '2018-12-31', 12000, chrg, cumulative),
      figure('x3', 'UA-CRIMEA', 'Crimea with Sevastopol', 'CONSCRIPTED', '2025-12-31', 53000, chrg, cumulative),
      figure('y1', 'UA-14', 'Donetsk', 'MOBILISED', '2025-01-12', 300000, chrg, cumulative),
      // a flow is not a running total
      figure('z1', 'UA-CRIMEA', 'Crimea with Sevastopol', 'CONSCRIPTED', '2024-12-31', 5500, chrg),
    ]);
    expect(series.map((s: any) => s.key)).toEqual(['UA-CRIMEA:CONSCRIPTED:PERSONS', 'UA-14:MOBILISED:PERSONS']);
    expect(series[0].figures.map((f: any) => f.id)).toEqual(['x1', 'x2', 'x3']);
  });

  it('places a point dated to a month or year across that span, and spreads points of one span instead of stacking them', async () => {
    const { dateSpan } = await pageModule('model.js');
    const { seriesPoints, yearTicks } = await pageModule('series-chart.js');
    expect(dateSpan('2018-12-31', 'YEAR')).toEqual([Date.UTC(2018, 0, 1), Date.UTC(2018, 11, 31)]);
    expect(dateSpan('2019-12-31', 'QUARTER')).toEqual([Date.UTC(2019, 9, 1), Date.UTC(2019, 11, 31)]);
    expect(dateSpan('2017-11-30', 'MONTH')).toEqual([Date.UTC(2017, 10, 1), Date.UTC(2017, 10, 30)]);
    expect(dateSpan('2024-12-04', 'DAY')).toEqual([Date.UTC(2024, 11, 4), Date.UTC(2024, 11, 4)]);
    const r = report('r', 'P', 'NGO');
    const at = (id: string, periodEnd: string, precision: string, best: number, low: number | null, high: number | null) =>
      figure(id, 'UA-CRIMEA', 'Crimea', 'CONSCRIPTED', periodEnd, best, r, { periodKind: 'CUMULATIVE', periodEndPrecision: precision, value: { best, low, high, qualifier: 'AT_LEAST', asStated: String(best) } });
    const points = seriesPoints({ unit: 'PERSONS', metric: 'CONSCRIPTED', figures: [at('a', '2018-12-31', 'YEAR', 12000, 12000, null), at('b', '2018-12-31', 'YEAR', 12094, 12094, null), at('c', '2024-12-04', 'DAY', 50000, 45000, 50000)] });
    const [a, b, c] = points;
    // both 2018 figures lie inside 2018, apart from each other, with the year as their date whisker
    for (const p of [a, b]) {
      expect(p.x).toBeGreaterThan(Date.UTC(2018, 0, 1));
      expect(p.x).toBeLessThan(Date.UTC(2018, 11, 31));
      expect([p.low, p.high]).toEqual([Date.UTC(2018, 0, 1), Date.UTC(2018, 11, 31)]);
      expect(p.yHigh).toBeNull();
    }
    expect(a.x).not.toBe(b.x);
    // a day-exact date has no date whisker, only the value's
    expect(c).toMatchObject({ x: Date.UTC(2024, 11, 4), y: 50000, yLow: 45000, yHigh: 50000 });
    expect('low' in c).toBe(false);
    expect(yearTicks(points)).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => Date.UTC(y, 0, 1)));
  });

  it('finds the figures each warning names', async () => {
    const { issuesByFigure } = await pageModule('model.js');
    const issues = [
      { kind: 'CONFLICTING_REPORTS', figures: [{ id: 'a' }, { id: 'b' }] },
      { kind: 'RELAY_VARIANT', figures: [{ id: 'a' }] },
    ];
    const map = issuesByFigure(issues);
    expect(map.get('a').map((i: any) => i.kind)).toEqual(['CONFLICTING_REPORTS', 'RELAY_VARIANT']);
    expect(map.get('b').length).toBe(1);
    expect(map.has('c')).toBe(false);
  });

  it('reads the codebook’s Markdown into headings, paragraphs, lists and tables, links and code kept as runs', async () => {
    const { parseMarkdown, inline } = await pageModule('markdown.js');
    const blocks = parseMarkdown(
      '# Codebook\n\n<!-- generated -->\n\nLicence: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). See\n[releases.md](releases.md).\n\n## CSV\n\n- UTF-8, `CRLF`\n  line endings\n- **BOM** on request\n\n| # | column | description |\n|---|---|---|\n| 1 | `id` | a \\| pipe |\n',
    );
    expect(blocks.map((b: any) => b.type)).toEqual(['heading', 'paragraph', 'heading', 'list', 'table']);
    expect(blocks[1].text).toBe('Licence: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). See [releases.md](releases.md).');
    expect(blocks[3].items).toEqual(['UTF-8, `CRLF` line endings', '**BOM** on request']);
    expect(blocks[4]).toEqual({ type: 'table', head: ['#', 'column', 'description'], rows: [['1', '`id`', 'a | pipe']] });
    expect(inline('a `b` **c** [d](/e) f')).toEqual([{ text: 'a ' }, { code: 'b' }, { text: ' ' }, { strong: 'c' }, { text: ' ' }, { link: 'd', href: '/e' }, { text: ' f' }]);
  });

  it('links a release to its CSV download', async () => {
    const { releaseCsvLink } = await pageModule('api.js');
    expect(releaseCsvLink('2026.12.0')).toBe('/export/recruitment-figures.csv?release=2026.12.0');
  });
});

describe('explorer codebook page', () => {
  it('serves the codebook page and the codebook it shows, and no codebook route where there is no file', async () => {
    const page = await get('/explorer/codebook.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toMatch(/<script type="module" src="\/explorer\/v\/[\w-]{12}\/codebook\.js">/);
    // the explorer links to it by its own (revalidated) URL, which is served; so is every page link
    const links = [...(await (await get('/')).text()).matchAll(/<a\b[^>]*href="(\/explorer\/[^"]*)"/g)].map((m) => m[1]!);
    expect(links).toContain('/explorer/codebook.html');
    for (const link of links) expect((await get(link)).status, link).toBe(200);
    expect((await get(CODEBOOK_PATH)).status).toBe(200);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'codebook-'));
    try {
      const file = path.join(dir, 'codebook.md');
      writeFileSync(file, '# Codebook\n\n| # | column |\n|---|---|\n| 1 | `id` |\n');
      const withFile = loadExplorerAssets(EXPLORER_DIR, file);
      expect(withFile.get(CODEBOOK_PATH)?.contentType).toBe('text/markdown; charset=utf-8');
      expect(Buffer.from(withFile.get(CODEBOOK_PATH)!.body).toString('utf8')).toContain('`id`');
      expect(loadExplorerAssets(EXPLORER_DIR, path.join(dir, 'missing.md')).has(CODEBOOK_PATH)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The page's own operations over every encoded source (data/reports), read back through the page's own
// modules: what the explorer draws is what these return.

/**
 * The SQL statements each of the page's operations sends, whatever the data holds. On PostgreSQL the
 * year's regions and reports come in two batches each, not one (the loaders' batches close on the
 * driver's real network round trips), still the same for any year.
 */
const EXPLORER_STATEMENTS = process.env.TEST_DATABASE_URL ? { year: 10, series: 7, dataset: 3 } : { year: 8, series: 7, dataset: 3 };
describe('explorer operations over the encoded sources', () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await createTestApp();
    await seedBundles(s.database.db, path.resolve(import.meta.dirname, '../../data/reports'));
  }, 120_000);
  afterAll(() => s.close());

  async function year(y: number) {
    const { YEAR_QUERY, yearVariables } = await pageModule('api.js');
    return s.execute(YEAR_QUERY, yearVariables(y));
  }
  const slugsOf = (figures: any[]) => [...new Set(figures.map((f) => f.report.slug))].sort();

  it('2024: every report’s figure for the whole is its own row, and each carries its source kind', async () => {
    const { sourceGroups } = await pageModule('model.js');
    const data = await year(2024);
    const figures = data.recruitmentFigures.edges.map((e: any) => e.node);
    expect(data.recruitmentFigures.pageInfo.hasNextPage).toBe(false);
    const groups = sourceGroups(figures, 2024);
    // nothing lost or merged: every figure ending in 2024 is in exactly one row of one chart
    expect(groups.flatMap((g: any) => g.figures).length).toBe(figures.filter((f: any) => f.periodEnd.startsWith('2024')).length);
    const contracts = groups.find((g: any) => g.metric === 'CONTRACTS_SIGNED' && g.unit === 'PERSONS');
    const whole = contracts.figures.filter((f: any) => f.region.code === 'UA-TOT');
    expect(slugsOf(whole)).toEqual(expect.arrayContaining(['nrc-2024-12-target-10000-only-4000-recruited', 'nrc-2024-09-about-7000-contracts-since-start-of-year', 'nrc-2024-occupied-recruitment']));
    expect(whole.map((f: any) => f.value.asStated)).toEqual(expect.arrayContaining(['only 4,000', '9.6 thousand']));
    for (const f of figures) expect(f.report.sourceKind, f.report.slug).toMatch(/^[A-Z_]+$/);
    // the summary uses one report and names the others
    const summary = data.recruitmentSummaries.find((x: any) => x.region.code === 'UA-TOT');
    expect(summary.otherSources.length).toBeGreaterThan(0);
    const used = new Set(summary.sources.map((r: any) => r.slug));
    for (const other of summary.otherSources) expect(used.has(other.slug), other.slug).toBe(false);
  });

  it('2024: the warnings name the disagreeing figures, each with its words and report', async () => {
    const { issuesByFigure } = await pageModule('model.js');
    const data = await year(2024);
    const issues = data.dataQualityIssues;
    const conflict = issues.find(
      (i: any) => i.kind === 'CONFLICTING_REPORTS' && i.region?.code === 'UA-TOT' && i.figures.some((f: any) => f.value.asStated === 'only 4,000'),
    );
    expect(conflict, JSON.stringify(issues.map((i: any) => i.message))).toBeDefined();
    expect(conflict.figures.length).toBeGreaterThanOrEqual(2);
    expect(new Set(conflict.figures.map((f: any) => f.report.slug)).size).toBeGreaterThanOrEqual(2);
    for (const f of conflict.figures) expect(f).toMatchObject({ metric: 'CONTRACTS_SIGNED', region: { code: 'UA-TOT' }, report: { sourceKind: expect.any(String) } });
    const kinds = new Set(issues.map((i: any) => i.kind));
    for (const kind of ['CONFLICTING_REPORTS', 'GROUP_MEMBERS_CONFLICT', 'RELAY_VARIANT']) expect(kinds.has(kind), kind).toBe(true);
    // every figure a warning names is one the page shows (the charts mark it)
    const shown = new Set(data.recruitmentFigures.edges.map((e: any) => e.node.id));
    for (const id of issuesByFigure(issues).keys()) expect(shown.has(id), id).toBe(true);
  });

  it('2026: the plans for the regions and the Southern Military District, each with its source', async () => {
    const { sourceGroups } = await pageModule('model.js');
    const data = await year(2026);
    const groups = sourceGroups(data.recruitmentFigures.edges.map((e: any) => e.node), 2026);
    const plans = groups.find((g: any) => g.metric === 'PLANNED_RECRUITS');
    expect(plans.figures.map((f: any) => f.region.code).sort()).toEqual(expect.arrayContaining(['UA-23', 'UA-65', 'UA-40', 'UA-43']));
    expect(plans.figures.some((f: any) => f.region.kind === 'MILITARY_DISTRICT')).toBe(true);
    for (const f of plans.figures) expect(f.report.sourceKind).toBe('UKRAINIAN_MILITARY');
  });

  it('the running totals: Crimea’s conscripts since 2015 as the longest series, ordered by as-of date, with no warning that it falls', async () => {
    const { SERIES_QUERY } = await pageModule('api.js');
    const { cumulativeSeries, issuesByFigure } = await pageModule('model.js');
    const data = await s.execute(SERIES_QUERY);
    expect(data.recruitmentFigures.pageInfo.hasNextPage).toBe(false);
    const series = cumulativeSeries(data.recruitmentFigures.edges.map((e: any) => e.node));
    const crimea = series[0];
    expect(crimea.key).toBe('UA-CRIMEA:CONSCRIPTED:PERSONS');
    expect(crimea.figures.length).toBeGreaterThanOrEqual(20);
    const ends = crimea.figures.map((f: any) => f.periodEnd);
    expect(ends).toEqual([...ends].sort());
    expect(ends[0].slice(0, 4)).toBe('2017');
    expect(crimea.figures.every((f: any) => f.periodKind === 'CUMULATIVE' && f.periodEndPrecision)).toBe(true);
    expect(crimea.figures.map((f: any) => f.value.asStated)).toEqual(expect.arrayContaining(['at least 53,000 residents']));
    const warned = issuesByFigure(data.dataQualityIssues.filter((i: any) => i.kind === 'CUMULATIVE_DECREASE'));
    for (const f of crimea.figures) expect(warned.has(f.id), f.value.asStated).toBe(false);
  });

  it('sends as many statements for a year of 37 figures from 14 reports as for one of 7 from 2 (no N+1)', async () => {
    const { YEAR_QUERY, SERIES_QUERY, DATASET_QUERY, yearVariables } = await pageModule('api.js');
    const count = async (query: string, variables = {}) => {
      s.database.statements.length = 0;
      await s.execute(query, variables);
      return s.database.statements.length;
    };
    const big = await count(YEAR_QUERY, yearVariables(2024));
    expect(await count(YEAR_QUERY, yearVariables(2026))).toBe(big);
    expect({ year: big, series: await count(SERIES_QUERY), dataset: await count(DATASET_QUERY) }).toEqual(EXPLORER_STATEMENTS);
  });

  it('Cite this: the licence, and once a release is cut, its version, citation and CSV download', async () => {
    const { DATASET_QUERY, releaseCsvLink } = await pageModule('api.js');
    const before = (await s.execute(DATASET_QUERY)).dataset;
    expect(before).toMatchObject({ license: 'CC-BY-4.0', licenseUrl: 'https://creativecommons.org/licenses/by/4.0/', releases: [] });
    expect(before.citation).toMatch(/accessed|retrieved/i);
    const admin = await createToken(s.database.db, { name: 'Explorer test admin', role: 'ADMIN' });
    const created = await s.execute(
      'mutation { createRelease(input: { version: "2026.11.0", notes: "explorer test" }) { __typename ... on CreateReleaseSuccess { release { version } } } }',
      {},
      { authorization: `Bearer ${admin.token}` },
    );
    expect(created.createRelease).toEqual({ __typename: 'CreateReleaseSuccess', release: { version: '2026.11.0' } });
    const after = (await s.execute(DATASET_QUERY)).dataset;
    expect(after.releases[0]).toMatchObject({ version: '2026.11.0', notes: 'explorer test' });
    expect(after.releases[0].citation).toContain('2026.11.0');
    expect(after.releases[0].bibtex).toMatch(/^@/);
    const csv = await s.app.fetch(`http://localhost${releaseCsvLink('2026.11.0')}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toMatch(/^\uFEFF?id,/);
    expect(text).toContain('only 4,000');
    expect((await s.app.fetch(`http://localhost${releaseCsvLink('1999.1.0')}`)).status).toBe(404);
  });
});
