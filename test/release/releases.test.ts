// Releases: a named state of the data that later edits, deletes and imports do not change, its changes
// since the previous release, who may cut one, and the dataset's own description and citation.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET } from '../../src/domain/dataset.js';
import { datasetReleases, recruitmentFigures, reportPublications, reports } from '../../src/db/schema.js';
import { dropReleaseViews, HISTORY_TABLES, NOT_HISTORY_TABLES, trackedTable } from '../../src/release/history.js';
import { createEditorsApp, type EditorsApp } from '../helpers/editors.js';
import { firstBundleJson } from '../helpers/bundles.js';
import { insertFactor, insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

const CREATE = `mutation($input: CreateReleaseInput!) {
  createRelease(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { issues { path message } }
    ... on ConflictError { kind constraint fields }
    ... on CreateReleaseSuccess { release { id version notes reportCount figureCount citation bibtex releasedAt } }
  }
}`;

const RELEASE = `query($version: String!, $first: Int) {
  release(version: $version) {
    version reportCount figureCount
    reports(first: 10, orderBy: { field: TITLE, direction: ASC }) {
      totalCount
      edges { node { slug title publications { url } coercionFactors { slug }
        recruitmentFigures(first: 10) { totalCount edges { node { value { asStated } } } } } }
    }
    recruitmentFigures(first: $first, orderBy: { field: VALUE, direction: ASC }) {
      totalCount
      edges { node { id metric periodStart value { best asStated } note report { slug title } region { code } } }
    }
  }
}`;

const IMPORT = `mutation($bundle: JSON!) { importReportBundle(bundle: $bundle) { __typename ... on Error { message } ... on ImportReportBundleSuccess { result { created deleted } } } }`;

const CHANGES = `query($version: String!, $first: Int, $after: String) {
  release(version: $version) {
    changes(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { kind entityType entityId summary } }
    }
  }
}`;

let app: EditorsApp;
let regions: Record<string, number>;

function rows(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) ?? [];
}

async function cut(version: string, notes?: string) {
  const res = await app.as('admin', CREATE, { input: { version, notes } });
  expect(res.errors).toBeUndefined();
  expect(res.data.createRelease.__typename).toBe('CreateReleaseSuccess');
  return res.data.createRelease.release;
}

async function releaseCount() {
  return rows(await app.database.db.execute(sql`select count(*)::int as n from ${datasetReleases}`))[0]!.n;
}

beforeAll(async () => {
  app = await createEditorsApp();
  regions = await regionIds(app.database.db);
});

afterAll(async () => {
  await app?.close();
});

describe('a release', () => {
  let frozen: unknown;

  it('answers exactly as the data stood, whatever is edited, deleted or imported afterwards', async () => {
    const db = app.database.db;
    const a = await insertReport(db, { slug: 'rel-a', title: 'Report A', sourceUrl: 'https://example.org/a' });
    const b = await insertReport(db, { slug: 'rel-b', title: 'Report B' });
    await db.insert(reportPublications).values({ reportId: a.id, outlet: 'Outlet', url: 'https://outlet.example/a' });
    await insertFigures(db, [
      { reportId: a.id, regionId: regions['UA-23']!, best: 330, qualifier: 'MORE_THAN', low: 330, asStated: 'over 330' },
      { reportId: a.id, regionId: regions['UA-14']!, best: 1200, asStated: '1200' },
      { reportId: b.id, regionId: regions['UA-23']!, metric: 'PLANNED_RECRUITS', best: 5000, asStated: '5000' },
    ]);
    await insertFactor(db, { slug: 'rel-factor' }, { reportIds: [a.id], regionIds: [regions['UA-23']!] });

    const release = await cut('2026.1.0', 'First release');
    expect(release).toMatchObject({ version: '2026.1.0', notes: 'First release', reportCount: 2, figureCount: 3 });
    frozen = (await app.execute(RELEASE, { version: '2026.1.0', first: 20 })).release;
    expect((frozen as any).recruitmentFigures.totalCount).toBe(3);

    // edits through the API, raw SQL, deletes (with cascades), an insert: the release does not move
    const [fig] = await db.select().from(recruitmentFigures).where(sql`${recruitmentFigures.asStated} = 'over 330'`);
    await db.update(recruitmentFigures).set({ best: 330, qualifier: 'APPROXIMATELY', low: null, asStated: 'about 330' }).where(sql`id = ${fig!.id}`);
    await db.update(reports).set({ title: 'Report A, corrected' }).where(sql`id = ${a.id}`);
    await db.delete(reportPublications);
    await db.delete(reports).where(sql`id = ${b.id}`);
    const c = await insertReport(db, { slug: 'rel-c', title: 'Report C' });
    await insertFigures(db, [{ reportId: c.id, regionId: regions['UA-09']!, best: 7, asStated: '7' }]);
    await db.execute(sql`update coercion_factors set title = 'changed'`);
    await db.execute(sql`delete from coercion_factor_reports`);
    // a bundle import through the API, then the same bundle edited and imported again (updates, deletes)
    const bundle = firstBundleJson();
    const imported = await app.as('admin', IMPORT, { bundle });
    expect(imported.data.importReportBundle.__typename).toBe('ImportReportBundleSuccess');
    bundle.figures = bundle.figures.slice(1);
    const reimported = await app.as('admin', IMPORT, { bundle });
    expect(reimported.data.importReportBundle.result.deleted).toBeGreaterThan(0);
    await db.execute(sql`delete from reports where slug = ${bundle.report?.slug ?? bundle.slug}`);

    app.database.statements.length = 0;
    expect((await app.execute(RELEASE, { version: '2026.1.0', first: 20 })).release).toEqual(frozen);
    // the counts of all of a release: live rows less those begun since, plus the superseded versions valid
    // then (src/schema/connection.ts, releaseCountAll), and the same numbers as before the changes
    expect(app.database.statements.filter((s) => s.includes('/* releaseCountAll */'))).toHaveLength(2);
    // while the live data did move
    const live = await app.execute(`{ recruitmentFigures(first: 100) { totalCount } reports(first: 10) { totalCount } }`);
    expect(live.recruitmentFigures.totalCount).toBe(3);
    expect(live.reports.totalCount).toBe(2);
  });

  it('is read through the same query as live data, side by side in one request', async () => {
    const both = await app.execute(`{
      release(version: "2026.1.0") { reports(first: 10, orderBy: { field: TITLE, direction: ASC }) { edges { node { title } } } }
      reports(first: 10, orderBy: { field: TITLE, direction: ASC }) { edges { node { title } } }
    }`);
    expect(both.release.reports.edges.map((e: any) => e.node.title)).toEqual(['Report A', 'Report B']);
    expect(both.reports.edges.map((e: any) => e.node.title)).toEqual(['Report A, corrected', 'Report C']);
  });

  it('pages through its figures and reaches nested records of the release', async () => {
    const first = await app.execute(`{ release(version: "2026.1.0") { recruitmentFigures(first: 2, orderBy: { field: VALUE, direction: ASC }) {
      pageInfo { hasNextPage endCursor } edges { node { value { asStated } region { code recruitmentFigures(first: 5) { edges { node { value { asStated } } } } } } } } } }`);
    const page = first.release.recruitmentFigures;
    expect(page.edges.map((e: any) => e.node.value.asStated)).toEqual(['over 330', '1200']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    // UA-23's figures as of the release: the old wording, and report B's figure which has since been deleted
    const ua23 = page.edges[0].node.region.recruitmentFigures.edges.map((e: any) => e.node.value.asStated).sort();
    expect(ua23).toEqual(['5000', 'over 330']);
    const next = await app.execute(`query($after: String) { release(version: "2026.1.0") { recruitmentFigures(first: 2, after: $after, orderBy: { field: VALUE, direction: ASC }) {
      pageInfo { hasNextPage } edges { node { value { asStated } } } } } }`, { after: page.pageInfo.endCursor });
    expect(next.release.recruitmentFigures.edges.map((e: any) => e.node.value.asStated)).toEqual(['5000']);
    expect(next.release.recruitmentFigures.pageInfo.hasNextPage).toBe(false);
  });

  it('lists, for the first release, every record as added', async () => {
    const res = await app.execute(CHANGES, { version: "2026.1.0", first: 20 });
    const changes = res.release.changes;
    const reportsAdded = changes.edges.filter((e: any) => e.node.entityType === 'Report');
    expect(reportsAdded.map((e: any) => e.node.summary)).toEqual(['report rel-a added: "Report A"', 'report rel-b added: "Report B"']);
    expect(changes.edges.filter((e: any) => e.node.entityType === 'RecruitmentFigure').map((e: any) => e.node.summary)).toContain(
      'UA-23 CONTRACTS_SIGNED 2024: over 330 added (rel-a)',
    );
    expect(changes.edges.every((e: any) => e.node.kind === 'ADDED')).toBe(true);
    expect(changes.totalCount).toBe(changes.edges.length);
  });

  it('lists the changes since the previous release, one readable line each, page by page', async () => {
    await cut('2026.2.0');
    const all: any[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const res: any = await app.execute(CHANGES, { version: '2026.2.0', first: 2, after });
      const c = res.release.changes;
      total = c.totalCount;
      all.push(...c.edges.map((e: any) => e.node));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(all.length).toBe(total);
    const lines = all.map((n) => `${n.kind} ${n.entityType} ${n.summary}`);
    expect(lines).toContain('CHANGED RecruitmentFigure UA-23 CONTRACTS_SIGNED 2024: over 330 -> about 330 (rel-a)');
    expect(lines).toContain('REMOVED RecruitmentFigure UA-23 PLANNED_RECRUITS 2024: 5000 removed (rel-b)');
    expect(lines).toContain('ADDED RecruitmentFigure UA-09 CONTRACTS_SIGNED 2024: 7 added (rel-c)');
    expect(lines).toContain('REMOVED Report report rel-b removed');
    expect(lines).toContain('ADDED Report report rel-c added: "Report C"');
    const reportA = lines.find((l) => l.startsWith('CHANGED Report report rel-a'));
    expect(reportA).toContain('publications changed');
    expect(reportA).toContain('title "Report A" -> "Report A, corrected"');
    const factor = lines.find((l) => l.startsWith('CHANGED CoercionFactor'));
    expect(factor).toContain('reports [rel-a] -> []');
    // the entity IDs are the records' global IDs
    const figure = all.find((n) => n.summary.startsWith('UA-23 CONTRACTS_SIGNED 2024: over 330'));
    expect(Buffer.from(figure.entityId, 'base64').toString()).toMatch(/^RecruitmentFigure:\d+$/);
    // the order is Region, Report, CoercionFactor, RecruitmentFigure
    const order = all.map((n) => n.entityType);
    expect(order).toEqual([...order].sort((x, y) => ['Region', 'Report', 'CoercionFactor', 'RecruitmentFigure'].indexOf(x) - ['Region', 'Report', 'CoercionFactor', 'RecruitmentFigure'].indexOf(y)));
  });

  it('counts no change for a record edited and edited back', async () => {
    const db = app.database.db;
    await db.execute(sql`update reports set summary = 'temporary' where slug = 'rel-c'`);
    await db.execute(sql`update reports set summary = null where slug = 'rel-c'`);
    await cut('2026.3.0');
    const res = await app.execute(CHANGES, { version: '2026.3.0', first: 10 });
    expect(res.release.changes).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('refuses a cursor it did not issue, and paging backwards', async () => {
    const bad = await app.post(CHANGES, { version: '2026.2.0', first: 2, after: 'nonsense' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    const big = await app.post(CHANGES, { version: '2026.2.0', first: 101 });
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('is null for an unknown version, and found by its global ID', async () => {
    const res = await app.execute(`{ release(version: "9.9.9") { version } bad: release(version: "../etc") { version } }`);
    expect(res).toEqual({ release: null, bad: null });
    const { release } = await app.execute(`{ release(version: "2026.1.0") { id } }`);
    const node = await app.execute(`query($id: ID!) { node(id: $id) { __typename ... on DatasetRelease { version figureCount } } }`, { id: release.id });
    expect(node.node).toEqual({ __typename: 'DatasetRelease', version: '2026.1.0', figureCount: 3 });
  });

  it('carries a citation in text and BibTeX', async () => {
    const { release } = await app.execute(`{ release(version: "2026.1.0") { citation bibtex csvUrl dataPackageUrl releasedAt } }`);
    const year = new Date(release.releasedAt).getUTCFullYear();
    expect(release.citation).toContain(`(Version 2026.1.0)`);
    expect(release.citation).toContain(`${DATASET.creator} (${year})`);
    expect(release.citation).toContain('http://localhost:4000/export/recruitment-figures.csv?release=2026.1.0');
    expect(release.citation).toContain('CC-BY-4.0');
    expect(release.bibtex).toMatch(/^@misc\{tot_recruitment_2026_1_0,\n/);
    expect(release.bibtex).toContain('version = {2026.1.0}');
    expect(release.bibtex).toContain(`year = {${year}}`);
    expect(release.csvUrl).toBe('http://localhost:4000/export/recruitment-figures.csv?release=2026.1.0');
    expect(release.dataPackageUrl).toBe('http://localhost:4000/export/datapackage.json?release=2026.1.0');
  });
});

describe('createRelease', () => {
  it('is for ADMIN tokens only; nothing is written otherwise', async () => {
    const before = await releaseCount();
    const anonymous = await app.as('none', CREATE, { input: { version: '2030.1.0' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const editor = await app.as('editor', CREATE, { input: { version: '2030.1.0' } });
    expect(editor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await releaseCount()).toBe(before);
  });

  it('never reuses a version, and writes nothing when refused', async () => {
    const before = await releaseCount();
    const again = await app.as('admin', CREATE, { input: { version: '2026.1.0', notes: 'again' } });
    expect(again.data.createRelease).toMatchObject({ __typename: 'ConflictError', kind: 'UNIQUE', constraint: 'dataset_releases_version_key', fields: ['version'] });
    expect(again.data.createRelease.message).toContain('2026.1.0');
    const malformed = await app.as('admin', CREATE, { input: { version: 'v1/../x' } });
    expect(malformed.data.createRelease.__typename).toBe('ValidationError');
    expect(malformed.data.createRelease.issues[0].path).toEqual(['input', 'version']);
    expect(await releaseCount()).toBe(before);
  });
});

describe('dataset_releases', () => {
  it('refuses to change or delete a release, whoever asks', async () => {
    const db = app.database.db;
    await expect(db.execute(sql`update dataset_releases set notes = 'rewritten'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from dataset_releases`)).rejects.toThrow();
    expect(await releaseCount()).toBe(3);
  });
});

describe('Query.dataset', () => {
  it('describes the dataset, its licence and releases, and cites the live data with the access date', async () => {
    const { dataset } = await app.execute(`{ dataset { title description license licenseUrl updatedAt citation
      latestRelease { version } releases { version } } }`);
    expect(dataset).toMatchObject({ title: DATASET.title, license: 'CC-BY-4.0', licenseUrl: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(dataset.latestRelease.version).toBe('2026.3.0');
    expect(dataset.releases.map((r: any) => r.version)).toEqual(['2026.3.0', '2026.2.0', '2026.1.0']);
    expect(dataset.citation).toContain(`Accessed ${new Date().toISOString().slice(0, 10)}`);
    expect(Date.parse(dataset.updatedAt)).toBeGreaterThan(Date.now() - 600_000);
  });

  it('moves updatedAt when the data changes', async () => {
    const before = (await app.execute(`{ dataset { updatedAt } }`)).dataset.updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    await app.database.db.execute(sql`update reports set note = 'moved' where slug = 'rel-c'`);
    const after = (await app.execute(`{ dataset { updatedAt } }`)).dataset.updatedAt;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });
});

describe('the row history', () => {
  it('keeps every table that refers to a data table', async () => {
    const tracked = new Set(HISTORY_TABLES.map((t) => trackedTable(t).name));
    const referring = rows(
      await app.database.db.execute(sql`select distinct c.conrelid::regclass::text as name from pg_constraint c
        where c.contype = 'f' and c.confrelid::regclass::text = any(${sql.param([...tracked])}::text[])`),
    ).map((r) => String(r.name));
    for (const name of referring) expect(tracked.has(name) || NOT_HISTORY_TABLES.includes(name), name).toBe(true);
  });

  it('never leaves a release setting on a connection, even when a release statement fails', async () => {
    const db = app.database.db;
    const [row] = rows(await db.execute(sql`select data_version from dataset_releases where version = '2026.1.0'`));
    const release = app.database.asOf(Number(row!.data_version));
    await expect(release.execute(sql`select 1 / 0`)).rejects.toThrow();
    await expect(release.execute(sql`select * from no_such_table`)).rejects.toThrow();
    expect(rows(await release.execute(sql`select current_setting('search_path') as path`))[0]!.path).toMatch(/^tot_release, /);
    // every pooled connection reads live data afterwards
    const paths = await Promise.all(
      Array.from({ length: 8 }, async () => rows(await db.execute(sql`select current_setting('search_path') as path, current_setting('tot.as_of', true) as as_of`))[0]!),
    );
    for (const p of paths) {
      expect(String(p.path)).not.toContain('tot_release');
      expect(p.as_of ?? '').toBe('');
    }
    // and a release handle refuses to write
    await expect(Promise.resolve().then(() => release.transaction(async () => {}))).rejects.toThrow(/read-only/);
  });

  it('returns columns added after a release was cut, without anyone listing them', async () => {
    const db = app.database.db;
    await db.execute(sql`alter table reports add column extra_for_test text`);
    await app.database.migrate(); // what a deployment does after migrations: the views follow the table
    try {
      const result = rows(await app.database.asOf(Number(rows(await db.execute(sql`select data_version from dataset_releases where version = '2026.1.0'`))[0]!.data_version)).execute(sql`select slug, extra_for_test from reports order by slug`));
      expect(result).toEqual([{ slug: 'rel-a', extra_for_test: null }, { slug: 'rel-b', extra_for_test: null }]);
    } finally {
      await dropReleaseViews(db as never); // as a migration would run: views depend on every column
      await db.execute(sql`alter table reports drop column extra_for_test`);
      await app.database.migrate();
    }
  });
});
