// The CSV export's fast path (PostgreSQL's COPY, src/export/copy.ts) against the row path
// (csv-stringify): the same bytes on the same data, the formula rule and number formatting in SQL equal
// to the TypeScript ones, and an abandoned or broken COPY leaving the pool usable.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALWAYS_NEUTRALISED, BLANKS, FORMULA_CHARS, neutraliseFormula } from '../../src/domain/csv-safety.js';
import { CrlfWriter, jsNumberSql, literal, neutraliseSql } from '../../src/export/copy.js';
import { csvChunks, type CsvWriter } from '../../src/http/export.js';
import type { FigureFilter } from '../../src/db/figure-filter.js';
import { rowsOf } from '../../src/db/statements.js';
import { createRelease, findRelease } from '../../src/store/release.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { usingPostgres } from '../helpers/db.js';
import { insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

let t: TestApp;

/** Cells a CSV writer or a spreadsheet could get wrong. */
const TRICKY = [
  '=1', '+1', '-1', '@x', '\t=1', '\r=1', '\n=1', ' =1', '   +1', '\u00a0-1', '\u3000@x', '\uFF1D1', '\uFF0B1', '\uFF0D1', '\uFF20x',
  '\u2028=1', '\ufeff=1', ' \t ', '\t', '\r', 'x=1', "'=1", '1-2', 'UA-23', '', ' ', 'a,b', 'say "hi"', '"', 'line\nbreak', 'cr\rlf\r\n',
  'back\\slash', "it's", 'Запорізька область', '\u{1F600} emoji', '\\.', 'E\'x\'', '\u0085=1', '\u200b=1',
];

const NUMBERS = [0, -0, 1, 330, 0.5, 0.1, 1 / 3, 2.5e-7, 1e-6, 9.99e-7, 0.0001, 0.00001, 123456.789, 1e15, 1.5e15, 9007199254740991, 9007199254740993, 2 ** 60, 1e20, 1e21, 1.7976931348623157e308, 5e-324];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const regions = await regionIds(db);
  const report = await insertReport(db, { slug: 'tricky', title: '=HYPERLINK("x")', publisher: 'a, "b"\nc', speaker: '', sourceUrl: 'https://example.org/?a=1,b' });
  await insertFigures(
    db,
    TRICKY.map((text, i) => ({
      reportId: report.id,
      regionId: regions[i % 2 === 0 ? 'UA-23' : 'UA-14']!,
      periodStart: `${2000 + i}-01-01`,
      periodEnd: `${2000 + i}-12-31`,
      best: Math.abs(NUMBERS[i % NUMBERS.length]!),
      low: i % 3 === 0 ? null : 0,
      high: i % 4 === 0 ? null : Math.abs(NUMBERS[i % NUMBERS.length]!) * 2,
      asStated: text.trim() === '' ? `blank ${i}` : text,
      note: text,
      periodAsStated: i % 2 === 0 ? text : null,
      quote: text,
    })),
  );
  await createRelease(db, { tokenId: null, actor: 'test' }, { version: '1.0.0' });
  // edited after the release: the release must still show the old cells
  await db.execute(sql`update recruitment_figures set note = '=changed', best = low where low is not null and report_id = ${report.id}`);
});
afterAll(() => t.close());

async function csv(writer: CsvWriter, filter: FigureFilter = {}, options: { bom?: boolean; dataVersion?: number } = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of csvChunks(t.database, filter, { bom: options.bom ?? false, exportTimeoutMs: 0, dataVersion: options.dataVersion, writer })) {
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

describe('the formula rule in SQL', () => {
  it('is made of the same blanks as JavaScript\'s \\s', () => {
    const js: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (/\s/.test(String.fromCharCode(c))) js.push(String.fromCharCode(c));
    expect([...BLANKS].sort()).toEqual(js.sort());
    expect([...ALWAYS_NEUTRALISED].every((c) => BLANKS.includes(c))).toBe(true);
    expect(FORMULA_CHARS).toContain('=');
  });

  it('neutralises exactly the cells neutraliseFormula does', async () => {
    const cells = TRICKY.map((v) => literal(v));
    const result = await t.database.db.execute(
      // '|' first: PGlite's text decoder would drop a byte order mark at the start of a value
      sql.raw(`select '|' || v as v, '|' || ${neutraliseSql('v')} as safe from unnest(array[${cells.join(', ')}]::text[]) with ordinality as u(v, n) order by n`),
    );
    const rows = rowsOf<{ v: string; safe: string }>(result).map((r) => ({ v: r.v.slice(1), safe: r.safe.slice(1) }));
    expect(rows.map((r) => r.v)).toEqual(TRICKY);
    expect(rows.map((r) => r.safe)).toEqual(TRICKY.map(neutraliseFormula));
    // the corpus does hold both kinds
    expect(TRICKY.filter((v) => neutraliseFormula(v) !== v).length).toBeGreaterThan(10);
    expect(TRICKY.filter((v) => neutraliseFormula(v) === v).length).toBeGreaterThan(10);
  });

  it('writes numbers as JavaScript does', async () => {
    const values = [...NUMBERS, ...NUMBERS.map((n) => -n), 3.14159, 2 ** 53, 1e-7, 123e-20, 4.35, 0.3];
    const result = await t.database.db.execute(
      sql.raw(`select ${jsNumberSql('v')} as text from unnest(array[${values.map((v) => `'${v}'`).join(', ')}]::float8[]) with ordinality as u(v, n) order by n`),
    );
    expect(rowsOf<{ text: string }>(result).map((r) => r.text)).toEqual(values.map((v) => String(v)));
  });

  it('quotes literals so that nothing escapes them', async () => {
    const nasty = ["a'b", 'a\\b', "\\'; drop table regions; --", 'line\nbreak', 'Запоріжжя'];
    const result = await t.database.db.execute(sql.raw(`select ${nasty.map((v, i) => `${literal(v)} as v${i}`).join(', ')}`));
    expect(Object.values(rowsOf(result)[0]!)).toEqual(nasty);
    expect(() => literal('a\0b')).toThrow(/NUL/);
  });
});

describe('CrlfWriter', () => {
  it('turns record ends into CRLF and leaves line breaks in quoted fields alone, wherever chunks are cut', () => {
    const input = Buffer.from('a,"x\ny",b\n"""q""\n",2\n\n,"\r\n"\nlast\n', 'utf8');
    const expected = 'a,"x\ny",b\r\n"""q""\n",2\r\n\r\n,"\r\n"\r\nlast\r\n';
    for (let cut = 0; cut <= input.length; cut++) {
      for (const size of [1, 3, input.length]) {
        const writer = new CrlfWriter();
        const out: Buffer[] = [];
        const pieces = [input.subarray(0, cut), ...Array.from({ length: Math.ceil((input.length - cut) / size) }, (_, i) => input.subarray(cut + i * size, cut + (i + 1) * size))];
        for (const piece of pieces) out.push(...writer.write(piece));
        const last = writer.flush();
        if (last) out.push(last);
        expect(Buffer.concat(out).toString('utf8')).toBe(expected);
      }
    }
  });

  it('hands on full buffers of 64 KB and keeps the rest', () => {
    const writer = new CrlfWriter();
    const row = Buffer.from(`${'x'.repeat(99)}\n`);
    const out: Buffer[] = [];
    for (let i = 0; i < 2000; i++) out.push(...writer.write(row));
    expect(out.every((b) => b.length === CrlfWriter.SIZE)).toBe(true);
    out.push(writer.flush()!);
    expect(Buffer.concat(out).toString()).toBe(`${'x'.repeat(99)}\r\n`.repeat(2000));
  });
});

describe('COPY and the row path', () => {
  const filters: FigureFilter[] = [{}, { regionCodes: ['UA-23'] }, { regionCodes: ["UA-'23", 'a\\b'] }, { metrics: ['CONTRACTS_SIGNED'], periodFrom: '2010-01-01', periodTo: '2020-12-31' }, { reportSlugs: ['tricky'] }, { regionCodes: ['UA-99'] }];

  it.each(filters)('give the same bytes for %j', async (filter) => {
    const rows = await csv('rows', filter);
    expect(rows.length).toBeGreaterThan(0);
    expect((await csv('copy', filter)).equals(rows)).toBe(true);
  });

  it('give the same bytes with a BOM and for a release, which edits since do not change', async () => {
    expect((await csv('copy', {}, { bom: true })).equals(await csv('rows', {}, { bom: true }))).toBe(true);
    const release = (await findRelease(t.database.db, '1.0.0'))!;
    const released = await csv('copy', {}, { dataVersion: release.dataVersion });
    expect(released.equals(await csv('rows', {}, { dataVersion: release.dataVersion }))).toBe(true);
    expect(released.toString()).not.toContain('=changed');
    expect((await csv('copy')).toString()).toContain("'=changed");
  });

  it('is what the download serves, live and by release', async () => {
    for (const [query, version] of [['', undefined], ['?release=1.0.0&bom=true', '1.0.0']] as const) {
      const res = await t.app.fetch(`http://localhost/export/recruitment-figures.csv${query}`);
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      const dataVersion = version ? (await findRelease(t.database.db, version))!.dataVersion : undefined;
      expect(body.equals(await csv('rows', {}, { bom: Boolean(version), dataVersion }))).toBe(true);
    }
  });

  it.runIf(usingPostgres)('leaves the streaming pool usable after downloads abandoned midway', async () => {
    const big = await insertReport(t.database.db, { slug: 'bulk-copy', title: 'Bulk', publisher: 'Generator' });
    await t.database.db.execute(sql`
      insert into recruitment_figures (report_id, region_id, metric, period_start, period_end, best, qualifier, as_stated, note)
      select ${big.id}, (select id from regions where code = 'UA-09'), 'CONTRACTS_SIGNED', date '2000-01-01' + n, date '2000-01-01' + n, n, 'EXACT', n::text, repeat('x', 200)
      from generate_series(1, 30000) n`);
    // more abandoned downloads than the streaming pool has connections (2)
    for (let i = 0; i < 4; i++) {
      const chunks = csvChunks(t.database, { reportSlugs: ['bulk-copy'] }, { bom: false, exportTimeoutMs: 0, writer: 'copy' });
      expect((await chunks.next()).done).toBe(false);
      await chunks.return(undefined);
    }
    const rows = (await csv('copy', { reportSlugs: ['bulk-copy'] })).toString().split('\r\n');
    expect(rows).toHaveLength(30000 + 2);
    // and nothing is left running on the server
    const active = await t.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query like '%figureExportCopy%' and state = 'active' and pid <> pg_backend_pid()`);
    expect(rowsOf<{ n: number }>(active)[0]!.n).toBe(0);
  });
});
