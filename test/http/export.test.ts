// The CSV/JSON export, as a client downloads it, compared with what GraphQL answers for the same filter.
import { parse } from 'csv-parse/sync';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { EXPORT_COLUMNS, exportBatches, exportFileName } from '../../src/http/export.js';
import { FIRST_BUNDLE, insertReport, loadFirstReport, NRC_SLUG } from '../helpers/analytics-fixture.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { usingPostgres } from '../helpers/db.js';

let t: TestApp;
beforeAll(async () => {
  // No response cache: the tests count statements and repeat queries. No rate limit: they send many.
  t = await createTestApp({ RESPONSE_CACHE_ENABLED: 'false', RATE_LIMIT_POINTS: '0' });
  await loadFirstReport(t.database.db);
  // A figure whose wording needs quoting in CSV: commas, quotes, a line break, Cyrillic.
  await insertReport(t.database.db, {
    slug: 'suspilne-zaporizhzhia-2024',
    title: 'Suspilne Zaporizhzhia',
    publisher: 'Suspilne, Zaporizhzhia "bureau"',
    publishedOn: '2024-11-20',
    language: 'uk',
    figures: [
      {
        region: 'UA-23',
        metric: 'CONTRACTS_SIGNED',
        periodStart: '2024-01-01',
        periodEnd: '2024-11-01',
        periodAsStated: 'з початку січня до початку листопада 2024 року',
        best: 330,
        low: 297,
        high: 363,
        qualifier: 'APPROXIMATELY',
        asStated: 'близько 330 осіб',
        note: 'Relays say "over 330";\nthis one says "about", so, both readings kept',
      },
    ],
  });
});
afterAll(() => t.close());

async function download(query: string, format: 'csv' | 'json' = 'csv') {
  const res = await t.app.fetch(`http://localhost/export/recruitment-figures.${format}${query}`);
  return { res, text: await res.text() };
}

const today = () => new Date().toISOString().slice(0, 10);

function csvRows(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true });
}

const FIGURES = `query ($filter: RecruitmentFigureFilter, $after: String) {
  recruitmentFigures(first: 100, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id metric unit periodKind periodStart periodStartPrecision periodEnd periodEndPrecision periodAsStated note
      attributedTo quote quoteEn
      report { slug publisher title publishedOn publishedOnPrecision sourceUrl language sourceKind speaker }
      region { code nameEn nameUk }
      value { best low high qualifier asStated }
    } }
  }
}`;

/** Every figure GraphQL gives for the filter, as the export's rows (CSV text: '' for null). */
async function graphqlRows(filter: Record<string, unknown> | null) {
  const rows: Record<string, string>[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await t.execute(FIGURES, { filter, after });
    for (const { node: n } of data.recruitmentFigures.edges) {
      const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      rows.push({
        id: n.id,
        report_slug: n.report.slug,
        publisher: n.report.publisher,
        region_code: n.region.code,
        region_name_en: n.region.nameEn,
        region_name_uk: n.region.nameUk,
        metric: n.metric,
        period_start: n.periodStart,
        period_end: n.periodEnd,
        period_as_stated: text(n.periodAsStated),
        best: text(n.value.best),
        low: text(n.value.low),
        high: text(n.value.high),
        qualifier: n.value.qualifier,
        as_stated: n.value.asStated,
        note: text(n.note),
        report_title: n.report.title,
        report_published_on: text(n.report.publishedOn),
        source_url: text(n.report.sourceUrl),
        report_language: n.report.language,
        report_published_on_precision: n.report.publishedOnPrecision,
        source_kind: n.report.sourceKind,
        speaker: text(n.report.speaker),
        unit: n.unit,
        period_kind: n.periodKind,
        period_start_precision: n.periodStartPrecision,
        period_end_precision: n.periodEndPrecision,
        attributed_to: text(n.attributedTo),
        quote: text(n.quote),
        quote_en: text(n.quoteEn),
      });
    }
    if (!data.recruitmentFigures.pageInfo.hasNextPage) break;
    after = data.recruitmentFigures.pageInfo.endCursor;
  }
  return rows.sort((a, b) => a.id!.localeCompare(b.id!));
}

const byId = (rows: Record<string, string>[]) => [...rows].sort((a, b) => a.id!.localeCompare(b.id!));


/** 40,000 figures: streams read a few batches of 5000 ahead, so most are still unread when it fails. */
async function insertBulkFigures(app: TestApp) {
  await app.database.db.execute(sql`insert into reports (slug, title, publisher, language) values ('bulk', 'Bulk', 'Generator', 'en')`);
  await app.database.db.execute(sql`
    insert into recruitment_figures (report_id, region_id, metric, period_start, period_end, best, qualifier, as_stated)
    select (select id from reports where slug = 'bulk'), (select id from regions where code = 'UA-09'), 'CONTRACTS_SIGNED',
      date '2000-01-01' + n, date '2000-01-01' + n, n, 'EXACT', n::text
    from generate_series(1, 40000) n`);
}

/** Takes the database away mid-export, as a server restart or a network failure would. */
async function failDatabase(app: TestApp) {
  if (usingPostgres) {
    // kill every connection of this database but the one that sends the kill, the cursor's included
    await app.database.db.execute(sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`);
  } else {
    await app.database.close();
  }
}

describe('GET /export/recruitment-figures.csv', () => {
  it('exports every figure, one row each, as GraphQL gives them', async () => {
    const { res, text } = await download('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="recruitment-figures_live_${today()}.csv"`);
    // RFC 4180: CRLF after every record, the header's too
    expect(text.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(text.replace(/"[^"]*"/g, '').match(/(?<!\r)\n/g)).toBeNull();
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = csvRows(text);
    expect(rows).toHaveLength(FIRST_BUNDLE.figures.length + 1);
    expect(byId(rows)).toEqual(await graphqlRows(null));
  });

  it('keeps quotes, commas, line breaks and Cyrillic intact', async () => {
    const rows = csvRows((await download('?reportSlugs=suspilne-zaporizhzhia-2024')).text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      publisher: 'Suspilne, Zaporizhzhia "bureau"',
      region_name_uk: 'Запорізька область',
      as_stated: 'близько 330 осіб',
      note: 'Relays say "over 330";\nthis one says "about", so, both readings kept',
      best: '330',
      low: '297',
      high: '363',
    });
  });

  it('writes unbounded sides as empty fields', async () => {
    const rows = csvRows((await download('?regionCodes=UA-14&metrics=CONTRACTS_SIGNED')).text);
    expect(rows).toEqual([expect.objectContaining({ best: '3150', low: '3150', high: '', as_stated: 'over 3150 people', period_as_stated: 'not restated; given right after the figures for the first 11 months of 2024' })]);
  });

  const filters: [string, Record<string, unknown>][] = [
    ['?regionCodes=UA-23', { regionCodes: ['UA-23'] }],
    ['?regionCodes=UA-14,UA-23', { regionCodes: ['UA-14', 'UA-23'] }],
    ['?regionCodes=UA-14&regionCodes=UA-23,UA-TOT', { regionCodes: ['UA-14', 'UA-23', 'UA-TOT'] }],
    ['?metrics=PLAN_FULFILMENT_PERCENT', { metrics: ['PLAN_FULFILMENT_PERCENT'] }],
    ['?reportSlugs=nrc-2024-occupied-recruitment&metrics=CONTRACTS_SIGNED,PLANNED_RECRUITS', { reportSlugs: ['nrc-2024-occupied-recruitment'], metrics: ['CONTRACTS_SIGNED', 'PLANNED_RECRUITS'] }],
    ['?periodFrom=2024-11-15', { periodFrom: '2024-11-15' }],
    ['?periodTo=2024-06-30&periodFrom=2024-06-01', { periodFrom: '2024-06-01', periodTo: '2024-06-30' }],
    ['?periodFrom=2024-11-02&regionCodes=UA-23', { periodFrom: '2024-11-02', regionCodes: ['UA-23'] }],
    ['?regionCodes=UA-99', { regionCodes: ['UA-99'] }],
  ];
  it.each(filters)('filters %s as GraphQL does', async (query, filter) => {
    const rows = csvRows((await download(query)).text);
    expect(byId(rows)).toEqual(await graphqlRows(filter));
  });

  it('names the file after what was exported', async () => {
    const { res } = await download('?regionCodes=UA-23&periodFrom=2024-01-01&periodTo=2024-12-31');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="recruitment-figures_live_${today()}_UA-23_2024-01-01_2024-12-31.csv"`);
    expect(exportFileName({ metrics: ['CONTRACTS_SIGNED'], periodTo: '2024-12-31' }, 'json')).toBe('recruitment-figures_CONTRACTS_SIGNED_to-2024-12-31.json');
    expect(exportFileName({ regionCodes: ['UA-14', 'UA-23', 'UA-65', 'UA-43'] }, 'csv')).toBe('recruitment-figures_4-regions.csv');
    expect(exportFileName({ reportSlugs: ['a"b\r\nc'] }, 'csv')).toBe('recruitment-figures_a-b-c.csv');
  });

  it('writes the header alone when nothing matches', async () => {
    const { res, text } = await download('?regionCodes=UA-99');
    expect(res.status).toBe(200);
    expect(text).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
  });
});

describe('GET /export/recruitment-figures.json', () => {
  it('is an object of metadata and the same rows, with numbers and nulls', async () => {
    const { res, text } = await download('', 'json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="recruitment-figures_live_${today()}.json"`);
    const body = JSON.parse(text) as { metadata: Record<string, unknown>; rows: Record<string, unknown>[] };
    expect(body.metadata).toMatchObject({ version: null, license: { name: 'CC-BY-4.0' }, columns: [...EXPORT_COLUMNS] });
    expect(body.metadata.citation).toContain(`Accessed ${today()}`);
    expect(Date.parse(String(body.metadata.retrievedAt))).toBeGreaterThan(Date.now() - 60_000);
    const rows = body.rows;
    const csv = csvRows((await download('')).text);
    expect(rows.map((r) => Object.keys(r))).toEqual(rows.map(() => [...EXPORT_COLUMNS]));
    const asText = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));
    expect(asText).toEqual(csv);
    const zap = rows.find((r) => r.region_code === 'UA-23' && r.as_stated === 'over 330 people')!;
    expect(zap).toMatchObject({ best: 330, low: 330, high: null, qualifier: 'MORE_THAN', report_slug: 'nrc-2024-occupied-recruitment' });
    expect(rows.find((r) => r.report_slug === 'suspilne-zaporizhzhia-2024')).toMatchObject({ note: expect.stringContaining('\n') });
    expect(rows.filter((r) => r.note === null)).toEqual([]);
  });

  it('has no rows when nothing matches', async () => {
    expect(JSON.parse((await download('?reportSlugs=none', 'json')).text).rows).toEqual([]);
  });
});

describe('refused requests', () => {
  const bad: [string, string, RegExp][] = [
    ['?region=UA-23', 'region', /Unknown query parameter "region"/],
    ['?regionCodes=UA-23&format=xml', 'format', /Unknown query parameter "format"/],
    ['?periodFrom=2024-02-30', 'periodFrom', /calendar date written YYYY-MM-DD/],
    ['?periodTo=2024-1-1', 'periodTo', /calendar date/],
    ['?periodTo=yesterday', 'periodTo', /got "yesterday"/],
    ['?periodFrom=2024-01-01&periodFrom=2024-02-01', 'periodFrom', /given 2 times/],
    ['?periodFrom=2024-12-31&periodTo=2024-01-01', 'periodTo', /before "periodFrom"/],
    ['?metrics=CONTRACTS', 'metrics', /unknown metric "CONTRACTS"/],
    ['?regionCodes=', 'regionCodes', /empty value/],
    ['?regionCodes=UA-23,,UA-14', 'regionCodes', /empty value/],
  ];
  it.each(bad)('%s is a 400 naming %s', async (query, parameter, message) => {
    for (const format of ['csv', 'json'] as const) {
      const { res, text } = await download(query, format);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = JSON.parse(text);
      expect(body.error.parameter).toBe(parameter);
      expect(body.error.message).toMatch(message);
      expect(body.error.message).toContain(parameter);
    }
  });

  it('answers other methods with 405', async () => {
    const res = await t.app.fetch('http://localhost/export/recruitment-figures.csv', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves other paths alone', async () => {
    const res = await t.app.fetch('http://localhost/export/recruitment-figures.xml');
    expect(res.status).toBe(404);
  });
});

// Each test here opens a database of its own and writes 12,000-40,000 figures through the history triggers:
// seconds on a quiet machine, more than the default 30 s on a loaded one.
describe('streaming', { timeout: 120_000 }, () => {
  it('reads the figures in batches, never all at once', async () => {
    const batches: number[] = [];
    for await (const batch of exportBatches(t.database, {}, 4)) batches.push(batch.length);
    // the first report's 11 figures and the relay's one
    expect(batches).toEqual([4, 4, 4]);
    const filtered: number[] = [];
    for await (const batch of exportBatches(t.database, { regionCodes: ['UA-TOT'] }, 3)) filtered.push(batch.length);
    expect(filtered).toEqual([3, 1]);
  });

  it('exports many batches over HTTP, every row once, in id order', async () => {
    // 12,000 generated figures: more than two batches of 5000
    await t.database.db.execute(sql`
      insert into reports (slug, title, publisher, language) values ('bulk', 'Bulk', 'Generator', 'en')`);
    await t.database.db.execute(sql`
      insert into recruitment_figures (report_id, region_id, metric, period_start, period_end, best, low, high, qualifier, as_stated)
      select (select id from reports where slug = 'bulk'), (select id from regions where code = 'UA-09'), 'CONTRACTS_SIGNED',
        date '2000-01-01' + n, date '2000-01-01' + n, n, n, n, 'EXACT', n::text
      from generate_series(1, 12000) n`);
    const { res, text } = await download('?reportSlugs=bulk');
    expect(res.status).toBe(200);
    const rows = csvRows(text);
    expect(rows).toHaveLength(12000);
    expect(rows.map((r) => Number(r.best))).toEqual(Array.from({ length: 12000 }, (_, i) => i + 1));
    const json = JSON.parse((await download('?reportSlugs=bulk&periodFrom=2030-01-01', 'json')).text).rows as unknown[];
    // 2000-01-01 + n reaches 2030-01-01 at n = 30 x 365 + 8 leap days = 10958
    expect(json).toHaveLength(12000 - 10958 + 1);
  });

  it('breaks the download, rather than ending it cleanly, when the database fails midway', async () => {
    const other = await createTestApp();
    try {
      await insertBulkFigures(other);
      const res = await other.app.fetch('http://localhost/export/recruitment-figures.csv');
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      // Streams read a little ahead (two or three batches of 5000); 40,000 rows leave most unread.
      const first = await reader.read();
      expect(first.done).toBe(false);
      await failDatabase(other);
      let failed = false;
      try {
        for (;;) if ((await reader.read()).done) break;
      } catch {
        failed = true;
      }
      expect(failed).toBe(true);
    } finally {
      await other.close().catch(() => {});
    }
  });

  it('over a real HTTP server, cuts the connection on a failure midway and keeps serving', async () => {
    const other = await createTestApp();
    const server = createServer(other.app);
    try {
      await insertBulkFigures(other);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/export/recruitment-figures.csv`);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      await failDatabase(other);
      let failed = false;
      try {
        for (;;) if ((await reader.read()).done) break;
      } catch {
        failed = true;
      }
      // a broken download, not one that looks complete; and the process is still up and answering
      expect(failed).toBe(true);
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await other.close().catch(() => {});
    }
  });

  it.runIf(usingPostgres)('outlives the statement timeout while a slow client downloads, within its own limit', async () => {
    const slow = await openDatabase({ url: t.database.url, statementTimeoutMs: 200, poolSize: 2 });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
    try {
      let rows = 0;
      for await (const batch of exportBatches(slow, { reportSlugs: [NRC_SLUG] }, 2, 0)) {
        rows += batch.length;
        await pause();
      }
      expect(rows).toBe(FIRST_BUNDLE.figures.length);
      // the export's own limit still applies
      await expect(
        (async () => {
          for await (const _ of exportBatches(slow, { reportSlugs: [NRC_SLUG] }, 2, 150)) await pause();
        })(),
      ).rejects.toMatchObject({ code: '57014' });
      // and the connection went back to the pool clean: an ordinary query still works
      expect(await slow.db.execute(sql`select 1 as one`)).toBeTruthy();
    } finally {
      await slow.close();
    }
  });
});
