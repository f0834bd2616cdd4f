// Downloads per release, the Data Package and codebook that describe them, and cells a spreadsheet
// would run as formulas.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitmentFigures } from '../../src/db/schema.js';
import { DATASET } from '../../src/domain/dataset.js';
import { neutraliseFormula } from '../../src/domain/csv-safety.js';
import { EXPORT_COLUMNS } from '../../src/export/columns.js';
import { codebookMarkdown } from '../../src/export/codebook.js';
import { writeReleaseFiles } from '../../src/release/files.js';
import { createRelease, findRelease } from '../../src/store/release.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/bundles.js';
import { insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

let t: TestApp;
const today = () => new Date().toISOString().slice(0, 10);

async function get(pathAndQuery: string) {
  const res = await t.app.fetch(`http://localhost${pathAndQuery}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

const csvRows = (text: string): Record<string, string>[] => parse(text, { columns: true, bom: true });

const FORMULAS = ['=1+1', '+1', '-2 people', '@SUM(A1)', '\t=1+1', '\r=1+1', ' =HYPERLINK("x")', '\uFF1D1+1'];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const regions = await regionIds(db);
  const report = await insertReport(db, { slug: 'csv-report', title: '=HYPERLINK("http://evil")', publisher: '@publisher', sourceUrl: 'https://example.org/r' });
  await insertFigures(
    db,
    FORMULAS.map((asStated, i) => ({
      reportId: report.id,
      regionId: regions['UA-23']!,
      periodStart: `${2010 + i}-01-01`,
      periodEnd: `${2010 + i}-12-31`,
      best: i + 0.5,
      asStated,
      note: i === 0 ? '-starts with a minus' : 'plain',
    })),
  );
  await createRelease(db, { tokenId: null, actor: 'test' }, { version: '1.0.0' });
});

afterAll(() => t.close());

describe('formula cells', () => {
  it('are neutralised in text columns with a leading apostrophe, tabs and blanks included', async () => {
    const { text } = await get('/export/recruitment-figures.csv');
    const rows = csvRows(text);
    expect(rows.map((r) => r.as_stated).sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());
    expect(rows[0]).toMatchObject({ report_title: `'=HYPERLINK("http://evil")`, publisher: "'@publisher", note: "'-starts with a minus" });
    // numbers and dates stay as they are; harmless text is untouched
    expect(rows.map((r) => r.best).sort()).toEqual(FORMULAS.map((_, i) => String(i + 0.5)).sort());
    expect(rows.every((r) => r.source_url === 'https://example.org/r' && r.region_code === 'UA-23')).toBe(true);
    expect(rows.some((r) => r.note === 'plain')).toBe(true);
  });

  it('are left as stored in JSON, which no spreadsheet runs', async () => {
    const body = JSON.parse((await get('/export/recruitment-figures.json')).text);
    expect(body.rows.map((r: any) => r.as_stated).sort()).toEqual([...FORMULAS].sort());
  });

  it('are recognised on the raw value, never after trimming', () => {
    expect(neutraliseFormula('\t=1+1')).toBe("'\t=1+1");
    expect(neutraliseFormula('  -1')).toBe("'  -1");
    expect(neutraliseFormula('\n@x')).toBe("'\n@x");
    expect(neutraliseFormula('about 330')).toBe('about 330');
    expect(neutraliseFormula('UA-23')).toBe('UA-23');
    expect(neutraliseFormula('')).toBe('');
  });
});

describe('?bom', () => {
  it('puts a UTF-8 byte order mark before the CSV only when asked', async () => {
    const withBom = await get('/export/recruitment-figures.csv?bom=true');
    expect([...withBom.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.text.slice(1).split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    const without = await get('/export/recruitment-figures.csv?bom=false');
    expect(without.bytes[0]).toBe('i'.charCodeAt(0));
  });

  it('refuses a value other than true or false, and a BOM on JSON', async () => {
    const bad = await get('/export/recruitment-figures.csv?bom=yes');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.text).error.parameter).toBe('bom');
    const json = await get('/export/recruitment-figures.json?bom=true');
    expect(json.res.status).toBe(400);
  });
});

describe('?release=', () => {
  it('downloads a release as it stood, named with its version and date', async () => {
    const before = await get('/export/recruitment-figures.csv?release=1.0.0');
    await t.database.db.update(recruitmentFigures).set({ asStated: 'edited later', best: 1, low: null, high: null, qualifier: 'EXACT' });
    await t.database.db.execute(sql`delete from recruitment_figures where as_stated = 'edited later' and id = (select min(id) from recruitment_figures)`);
    const after = await get('/export/recruitment-figures.csv?release=1.0.0');
    expect(after.res.status).toBe(200);
    expect(after.text).toBe(before.text);
    expect(csvRows(after.text)).toHaveLength(FORMULAS.length);
    const live = csvRows((await get('/export/recruitment-figures.csv')).text);
    expect(live).toHaveLength(FORMULAS.length - 1);
    expect(live.every((r) => r.as_stated === 'edited later')).toBe(true);
    const release = (await findRelease(t.database.db, '1.0.0'))!;
    const day = release.releasedAt.toISOString().slice(0, 10);
    expect(after.res.headers.get('content-disposition')).toBe(`attachment; filename="recruitment-figures_1.0.0_${day}.csv"`);
    const filtered = await get('/export/recruitment-figures.json?release=1.0.0&regionCodes=UA-23');
    expect(filtered.res.headers.get('content-disposition')).toBe(`attachment; filename="recruitment-figures_1.0.0_${day}_UA-23.json"`);
  });

  it('carries the release, its licence and citation in the JSON metadata', async () => {
    const body = JSON.parse((await get('/export/recruitment-figures.json?release=1.0.0')).text);
    expect(body.metadata).toMatchObject({
      version: '1.0.0',
      license: { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' },
      dataPackage: 'http://localhost:4000/export/datapackage.json?release=1.0.0',
    });
    expect(body.metadata.citation).toContain('(Version 1.0.0)');
    expect(body.rows).toHaveLength(FORMULAS.length);
    expect(Object.keys(body.rows[0])).toEqual([...EXPORT_COLUMNS]);
  });

  it('is a 404 naming an unknown version', async () => {
    for (const version of ['9.9.9', 'not a version', 'x'.repeat(100)]) {
      const res = await get(`/export/recruitment-figures.csv?release=${encodeURIComponent(version)}`);
      expect(res.res.status).toBe(404);
      const body = JSON.parse(res.text);
      expect(body.error.parameter).toBe('release');
      expect(body.error.message).toContain(JSON.stringify(version.slice(0, 60)).slice(0, 40));
    }
    expect((await get('/export/datapackage.json?release=9.9.9')).res.status).toBe(404);
  });

  it('is written to disk by db:release exactly as served', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'release-files-'));
    try {
      const release = (await findRelease(t.database.db, '1.0.0'))!;
      const files = await writeReleaseFiles(t.database, release, dir, 'http://localhost:4000');
      expect(readFileSync(files.csv, 'utf8')).toBe((await get('/export/recruitment-figures.csv?release=1.0.0')).text);
      const descriptor = JSON.parse(readFileSync(files.dataPackage, 'utf8'));
      expect(descriptor.version).toBe('1.0.0');
      expect(descriptor.resources[0].path).toBe('recruitment-figures.csv');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('/export/datapackage.json', () => {
  it('describes every column of the CSV, in order, with type, description and constraints', async () => {
    const { res, text } = await get('/export/datapackage.json');
    expect(res.status).toBe(200);
    const pkg = JSON.parse(text);
    const header = (await get('/export/recruitment-figures.csv')).text.split('\r\n')[0]!.split(',');
    const fields = pkg.resources[0].schema.fields;
    expect(fields.map((f: any) => f.name)).toEqual(header);
    for (const f of fields) {
      expect(['string', 'number', 'integer', 'date', 'boolean']).toContain(f.type);
      expect(f.description.length).toBeGreaterThan(10);
    }
    expect(fields.find((f: any) => f.name === 'best')).toMatchObject({ type: 'number', constraints: { required: true, minimum: 0 } });
    expect(fields.find((f: any) => f.name === 'metric').constraints.enum).toContain('CONTRACTS_SIGNED');
    expect(fields.find((f: any) => f.name === 'period_end')).toMatchObject({ type: 'date' });
    expect(pkg).toMatchObject({
      profile: 'tabular-data-package',
      licenses: [{ name: 'CC-BY-4.0' }],
      resources: [{ path: 'http://localhost:4000/export/recruitment-figures.csv', format: 'csv', encoding: 'utf-8', dialect: { lineTerminator: '\r\n' } }],
    });
    expect(pkg.sources.length).toBeGreaterThan(0);
    expect(pkg.version).toBeUndefined();
  });

  it('describes a release with its version and the release CSV', async () => {
    const pkg = JSON.parse((await get('/export/datapackage.json?release=1.0.0')).text);
    expect(pkg.version).toBe('1.0.0');
    expect(pkg.resources[0].path).toBe('http://localhost:4000/export/recruitment-figures.csv?release=1.0.0');
  });

  it('refuses parameters it does not take', async () => {
    const res = await get('/export/datapackage.json?regionCodes=UA-23');
    expect(res.res.status).toBe(400);
  });
});

describe('licence and codebook', () => {
  it('states the licence in the download headers', async () => {
    const { res } = await get('/export/recruitment-figures.csv');
    expect(res.headers.get('link')).toContain('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="recruitment-figures_live_${today()}.csv"`);
  });

  it('has docs/codebook.md generated from the column declaration (npm run docs:codebook)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/codebook.md'), 'utf8')).toBe(codebookMarkdown());
    for (const name of EXPORT_COLUMNS) expect(codebookMarkdown()).toContain(`| \`${name}\` |`);
  });

  it('has CITATION.cff and LICENSE agree with the API', () => {
    const cff = readFileSync(path.join(ROOT, 'CITATION.cff'), 'utf8');
    expect(cff).toContain(`title: "${DATASET.title}"`);
    expect(cff).toContain(`license: ${DATASET.codeLicense}`);
    expect(cff).toContain(DATASET.license.spdx);
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('CC BY 4.0');
  });
});
