// Browser tests of the explorer over every encoded source (data/reports): each report's figure for a
// region and year on its own row with its source kind, the warnings naming the figures that disagree,
// the 2026 plans, Crimea's running total over time, and Cite this; on a desktop and a 390 px phone.
// Each test leaves a screenshot in test-results/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { hasChromium, launchBrowser, screenshot, SKIP_REASON, watchPage, type Browser } from './browser.js';
import { startServer, type RunningServer } from './server.js';

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)('the explorer over every source, in a browser', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }) {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(
      () => document.body.dataset.state !== 'loading' && document.querySelector('#series')?.getAttribute('data-state') !== 'loading' && document.querySelector('#cite')?.getAttribute('data-state') !== 'loading',
      null,
      { timeout: 60_000 },
    );
    return { page, problems };
  }

  interface DrawnSource {
    dataset: string;
    region: string;
    slug: string;
    kind: string;
    asStated: string;
    label: string | string[];
    px: number;
    py: number;
    row: number;
    expected: number;
  }

  /** What Chart.js drew in one of the "every source" charts, by metric: its points and row labels. */
  function sourceChart(page: Page, metric: string): Promise<{ points: DrawnSource[]; ticks: (string | string[])[]; yTicksShown: boolean }> {
    return page.evaluate((metric) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`.source-group[data-metric="${metric}"] canvas`)!;
      const chart = (globalThis as any).Chart.getChart(canvas);
      const points = chart.data.datasets.flatMap((d: any, i: number) =>
        d.data.map((p: any, j: number) => {
          const el = chart.getDatasetMeta(i).data[j].getProps(['x', 'y'], true);
          return { dataset: d.label, region: p.figure.region.code, slug: p.figure.report.slug, kind: p.figure.report.sourceKind, asStated: p.figure.value.asStated, label: p.label, px: el.x, py: el.y, row: p.y, expected: chart.scales.x.getPixelForValue(p.x) };
        }),
      );
      const ticks = chart.scales.y.ticks.map((t: any) => chart.options.scales.y.ticks.callback(t.value));
      return { points, ticks, yTicksShown: chart.options.scales.y.ticks.display !== false };
    }, metric);
  }

  it('2024: every report for the whole and the regions is its own point, with its source kind, and the warnings name the figures that disagree', async () => {
    const { page, problems } = await open('/?year=2024');
    try {
      expect(await page.locator('body').getAttribute('data-state'), (await page.locator('#status').textContent()) ?? '').toBe('ready');
      const contracts = await sourceChart(page, 'CONTRACTS_SIGNED');
      const whole = contracts.points.filter((p) => p.region === 'UA-TOT');
      // several reports for the whole: each drawn, on its own row, at its own value
      expect(new Set(whole.map((p) => p.slug)).size).toBeGreaterThanOrEqual(3);
      expect(new Set(whole.map((p) => p.row)).size).toBe(whole.length);
      const rows = whole.map((p) => p.py).sort((a, b) => a - b);
      for (let i = 1; i < rows.length; i++) expect(rows[i]! - rows[i - 1]!).toBeGreaterThan(20);
      for (const p of contracts.points) expect(Math.abs(p.px - p.expected)).toBeLessThan(1);
      expect(whole.map((p) => p.asStated)).toEqual(expect.arrayContaining(['only 4,000', '9.6 thousand']));
      // the row labels name each report's publisher and its kind
      expect(contracts.ticks.flat().join(' ')).toContain('(Ukrainian official)');
      // the disagreeing figures are drawn as warned
      expect(whole.find((p) => p.asStated === 'only 4,000')!.dataset).toBe('Named in a data-quality warning');
      // the text under the chart says the same, one line per figure, with the source kind beside it
      const list = page.locator('.source-group[data-metric="CONTRACTS_SIGNED"] .source-list li[data-region="UA-TOT"]');
      expect(await list.count()).toBe(whole.length);
      expect(await list.first().locator('.source-kind').textContent()).toBe('Ukrainian official');

      // the plan fulfilment stated by the NRC, for the whole and the south alike
      const fulfilment = await sourceChart(page, 'PLAN_FULFILMENT_PERCENT');
      expect(fulfilment.points.map((p) => p.region)).toEqual(expect.arrayContaining(['UA-TOT', 'UA-23', 'UA-14', 'UA-65', 'UA-43', 'UA-SOUTH']));

      // the warnings: reports disagree on the whole's contracts, naming both figures and their reports
      const conflict = page.locator('#warnings-list li[data-kind="CONFLICTING_REPORTS"]', { hasText: 'only 4,000' }).first();
      const named = await conflict.locator('.issue-figures > li').allTextContents();
      expect(named.length).toBeGreaterThanOrEqual(2);
      expect(named.some((t) => t.includes('“only 4,000”') && t.includes('National Resistance Center'))).toBe(true);
      expect(named.every((t) => /Contracts signed/.test(t))).toBe(true);
      for (const kind of ['GROUP_MEMBERS_CONFLICT', 'RELAY_VARIANT']) expect(await page.locator(`#warnings-list li[data-kind="${kind}"]`).count(), kind).toBeGreaterThan(0);
      // the summary uses one report for the whole and lists the others
      expect(await page.locator('#summary-table tr[data-region="UA-TOT"] .other-sources summary').textContent()).toMatch(/^\d+ other reports? for this region and year$/);
      // the figures table: each figure with its report's kind; warned ones marked
      expect(await page.locator('#figures-table tr.warned .warn-chip').count()).toBeGreaterThan(0);
      expect(await page.locator('#figures-table td[data-label="Report"] .source-kind').count()).toBe(await page.locator('#figures-table tbody tr').count());

      expect(problems.errors).toEqual([]);
      expect(problems.foreignRequests).toEqual([]);
      await screenshot(page, 'explorer-sources-2024.png');
    } finally {
      await page.close();
    }
  });

  it('2026: the plans for the regions and the Southern Military District, each from its source', async () => {
    const { page, problems } = await open('/?year=2026');
    try {
      const plans = await sourceChart(page, 'PLANNED_RECRUITS');
      expect(plans.points.map((p) => p.region)).toEqual(expect.arrayContaining(['UA-23', 'UA-65', 'UA-40', 'UA-43', 'RU-SMD']));
      expect(new Set(plans.points.map((p) => p.kind))).toEqual(new Set(['UKRAINIAN_MILITARY']));
      expect(plans.points.find((p) => p.region === 'UA-23')!.label).toMatch(/^about 530 · 2026$/);
      expect(await page.locator('#sources-heading').textContent()).toBe('Every source, 2026');
      expect(problems.errors).toEqual([]);
      await screenshot(page, 'explorer-plans-2026.png', { selector: '#sources' });
    } finally {
      await page.close();
    }
  });

  it('Crimea’s conscripts since 2015: a point per figure at its as-of date, within the span its source dates it, with its interval', async () => {
    const { page, problems } = await open('/');
    try {
      expect(await page.locator('#series-select').inputValue()).toBe('UA-CRIMEA:CONSCRIPTED:PERSONS');
      expect(await page.locator('#series-heading').textContent()).toBe('Running totals over time: Crimea with Sevastopol, conscripted');
      interface DrawnPoint {
        kind: string;
        end: string;
        precision: string;
        x: number;
        low: number | null;
        high: number | null;
        value: number;
        offX: number;
        offY: number;
        painted: boolean;
      }
      const drawn: DrawnPoint[] = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('#series-chart')!;
        const chart = (globalThis as any).Chart.getChart(canvas);
        const ctx = canvas.getContext('2d')!;
        const ratio = canvas.width / canvas.clientWidth;
        const painted = (x: number, y: number) => ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data[3]! > 0;
        return chart.data.datasets.flatMap((d: any, i: number) =>
          d.data.map((p: any, j: number) => {
            const el = chart.getDatasetMeta(i).data[j].getProps(['x', 'y'], true);
            const f = p.figure;
            return {
              kind: d.label,
              end: f.periodEnd,
              precision: f.periodEndPrecision,
              x: p.x,
              low: p.low ?? null,
              high: p.high ?? null,
              value: p.y,
              offX: Math.abs(el.x - chart.scales.x.getPixelForValue(p.x)),
              offY: Math.abs(el.y - chart.scales.y.getPixelForValue(p.y)),
              painted: painted(el.x, el.y),
            };
          }),
        );
      });
      const rows = await page.locator('#series-table tbody tr').count();
      expect(drawn.length).toBe(rows);
      expect(rows).toBeGreaterThanOrEqual(20);
      for (const p of drawn) {
        expect(p.offX).toBeLessThan(1);
        expect(p.offY).toBeLessThan(1);
        expect(p.painted).toBe(true);
        // the point lies in its as-of date's span: the whole year for "2018", the month for "Nov 2017"
        const year = Number(p.end.slice(0, 4));
        expect(new Date(p.x).getUTCFullYear()).toBe(year);
        if (p.precision === 'DAY') expect(p.low).toBeNull();
        else expect(p.high! - p.low!).toBeGreaterThan(20 * 86_400_000);
      }
      expect(new Set(drawn.map((p) => p.kind)).size).toBeGreaterThanOrEqual(3);
      const first = page.locator('#series-table tbody tr').first();
      expect(await first.locator('th').textContent()).toBe('Nov 2017');
      expect(await page.locator('#series-table').textContent()).toContain('at least 53,000 residents');
      // a consistent series: no running total falls; the warnings under it are relays' wordings
      expect(await page.locator('#series-warnings li[data-kind="CUMULATIVE_DECREASE"]').count()).toBe(0);
      expect(await page.locator('#series-verdict').textContent()).toBe('No running total of this series lies wholly below an earlier one from the same or an earlier start.');
      const seriesWarnings = await page.locator('#series-warnings .warnings > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
      expect(seriesWarnings.length).toBeGreaterThan(0);
      expect(new Set(seriesWarnings)).toEqual(new Set(['RELAY_VARIANT']));
      expect(await page.locator('#series-warnings').textContent()).toContain('Intent.press: "близько 50 тисяч"');
      expect(problems.errors).toEqual([]);
      await screenshot(page, 'explorer-series-crimea.png', { selector: '#series' });
    } finally {
      await page.close();
    }
  });

  it('Cite this: the licence, then a release’s version, citation and CSV; About the data opens the codebook', async () => {
    let { page } = await open('/');
    try {
      expect(await page.locator('#licence a').textContent()).toBe('CC-BY-4.0');
      expect(await page.locator('#licence a').getAttribute('href')).toBe('https://creativecommons.org/licenses/by/4.0/');
      expect(await page.locator('#release-citation').textContent()).toContain('No release has been made yet');
      await page.close();

      const admin = await createToken(server.database.db, { name: 'e2e admin', role: 'ADMIN' });
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify({ query: 'mutation { createRelease(input: { version: "2026.11.1" }) { __typename } }' }),
      });
      expect((await res.json()).data.createRelease.__typename).toBe('CreateReleaseSuccess');

      ({ page } = await open('/'));
      expect(await page.locator('#release-version').textContent()).toBe('2026.11.1');
      expect(await page.locator('#citation-text').textContent()).toContain('2026.11.1');
      const link = page.locator('#release-csv-link');
      expect(await link.isVisible()).toBe(true);
      expect(await link.getAttribute('href')).toBe('/export/recruitment-figures.csv?release=2026.11.1');
      const csv = await page.request.get(`${server.url}${await link.getAttribute('href')}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
      expect(await csv.text()).toContain('only 4,000');
      await screenshot(page, 'explorer-cite.png', { selector: '#cite' });

      await page.locator('#codebook-link').click();
      await page.waitForURL(/\/explorer\/codebook\.html$/);
      await page.waitForFunction(() => document.body.dataset.state !== 'loading');
      expect(await page.locator('body').getAttribute('data-state')).toBe('ready');
      expect(await page.locator('#codebook h1').textContent()).toMatch(/^Codebook/);
      // one card per column of the download, the column's name in its "column" cell
      expect(await page.locator('.codebook-table td[data-label="column"] code', { hasText: /^report_slug$/ }).count()).toBe(1);
      expect(await page.locator('#codebook a', { hasText: /CC-BY-4\.0/ }).count()).toBeGreaterThan(0);
      await screenshot(page, 'explorer-codebook.png');
    } finally {
      await page.close();
    }
  });

  it('on a 390 px phone: the source charts carry their labels above the points, and nothing needs scrolling sideways', async () => {
    const { page, problems } = await open('/?year=2024', { width: 390, height: 844 });
    try {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      const contracts = await sourceChart(page, 'CONTRACTS_SIGNED');
      expect(contracts.yTicksShown).toBe(false);
      for (const p of contracts.points) {
        expect(p.label).toHaveLength(3);
        expect(p.label[1]).toMatch(/\((Ukrainian official|Ukrainian military|NGO|media|research|international organisation|Russian official)\)$/);
      }
      // every canvas and every table cell of the new sections lies within the screen
      const outside = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('#sources canvas, #series canvas, #series-table td, #warnings li, #cite *')]
          .map((el) => ({ el: `${el.tagName}${el.id ? `#${el.id}` : ''}`, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.left < 0 || r.right > 390))
          .map(({ el, r }) => `${el} ${Math.round(r.left)}-${Math.round(r.right)}`),
      );
      expect(outside).toEqual([]);
      expect(problems.errors).toEqual([]);
      await screenshot(page, 'explorer-sources-phone.png');
    } finally {
      await page.close();
    }
  });
});
