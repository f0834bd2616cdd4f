// The write API through HTTP: who may call each mutation, what each does to the database and the audit
// log, and every expected failure as a typed result with nothing written.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflictFromDatabaseError } from '../../src/store/constraint-errors.js';
import { recruitmentFigures, reportPublications } from '../../src/db/schema.js';
import { type Caller, createEditorsApp, type EditorsApp } from '../helpers/editors.js';
import { snapshot } from '../helpers/bundles.js';
import { AUDIT_LOG, factorInput, M, reportInput } from '../helpers/editors-ops.js';

let t: EditorsApp;
beforeAll(async () => {
  t = await createEditorsApp();
});
afterAll(() => t.close());

const figureInput = (report: string, overrides: Record<string, unknown> = {}) => ({
  report,
  regionCode: 'UA-23',
  metric: 'CONTRACTS_SIGNED',
  periodStart: '2024-01-01',
  periodEnd: '2024-11-30',
  periodAsStated: 'first 11 months of 2024',
  value: { best: 330, qualifier: 'MORE_THAN', asStated: 'over 330' },
  ...overrides,
});

/** The database id inside a global ID. */
function dbId(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
}

/** Runs a mutation and returns its (single) result field, failing on GraphQL errors. */
async function run(caller: Caller, op: keyof typeof M, variables: Record<string, unknown>) {
  const r = await t.as(caller, M[op], variables);
  if (r.errors) throw new Error(`${op} as ${caller}: ${JSON.stringify(r.errors)}`);
  return Object.values(r.data as Record<string, any>)[0];
}

async function createReport(caller: Caller = 'editor', overrides: Record<string, unknown> = {}) {
  const result = await run(caller, 'createReport', { input: reportInput(overrides) });
  expect(result.__typename, JSON.stringify(result)).toBe('CreateReportSuccess');
  return result.report;
}

async function createFigure(reportId: string, overrides: Record<string, unknown> = {}) {
  const result = await run('editor', 'createRecruitmentFigure', { input: figureInput(reportId, overrides) });
  expect(result.__typename, JSON.stringify(result)).toBe('CreateRecruitmentFigureSuccess');
  return result.recruitmentFigure;
}

async function createFactor(overrides: Record<string, unknown> = {}) {
  const result = await run('editor', 'createCoercionFactor', { input: factorInput(overrides) });
  expect(result.__typename, JSON.stringify(result)).toBe('CreateCoercionFactorSuccess');
  return result.coercionFactor;
}

/** Runs `action` and checks that no table changed, audit log included. */
async function expectNothingWritten(action: () => Promise<unknown>) {
  const before = await snapshot(t.database.db);
  await action();
  expect(await snapshot(t.database.db)).toEqual(before);
}

describe('who may write', () => {
  const REFUSED: Caller[] = ['none', 'malformed', 'unknown', 'revoked', 'expired'];

  it('nobody without a valid token can call any mutation, and nothing is written', async () => {
    const report = await createReport();
    const figure = await createFigure(report.id);
    const factor = await createFactor({ reports: [report.id], regionCodes: ['UA-14'] });
    const calls: [keyof typeof M, Record<string, unknown>][] = [
      ['createReport', { input: reportInput() }],
      ['updateReport', { input: { id: report.id, expectedVersion: 1, title: 'x' } }],
      ['deleteReport', { input: { id: report.id, expectedVersion: 1 } }],
      ['createRecruitmentFigure', { input: figureInput(report.id, { regionCode: 'UA-09' }) }],
      ['updateRecruitmentFigure', { input: { id: figure.id, expectedVersion: 1, note: 'x' } }],
      ['deleteRecruitmentFigure', { input: { id: figure.id, expectedVersion: 1 } }],
      ['createCoercionFactor', { input: factorInput() }],
      ['updateCoercionFactor', { input: { id: factor.id, expectedVersion: 1, title: 'x' } }],
      ['deleteCoercionFactor', { input: { id: factor.id, expectedVersion: 1 } }],
      ['linkCoercionFactorToReport', { input: { factor: factor.id, report: report.id } }],
      ['unlinkCoercionFactorFromReport', { input: { factor: factor.id, report: report.id } }],
      ['linkCoercionFactorToRegion', { input: { factor: factor.id, regionCode: 'UA-23' } }],
      ['unlinkCoercionFactorFromRegion', { input: { factor: factor.id, regionCode: 'UA-14' } }],
      ['restoreFromAudit', { id: '1' }],
    ];
    await expectNothingWritten(async () => {
      for (const [op, variables] of calls) {
        for (const caller of REFUSED) {
          const r = await t.as(caller, M[op], variables);
          expect(r.data ?? null, `${op} as ${caller}`).toBeNull();
          expect(r.errors?.[0]?.extensions?.code, `${op} as ${caller}`).toBe('UNAUTHENTICATED');
          expect(r.status, `${op} as ${caller}`).toBe(caller === 'none' ? 200 : 401);
        }
      }
      // Bad input from an anonymous caller still says UNAUTHENTICATED: authorization comes first.
      const r = await t.as('none', M.createReport, { input: reportInput({ slug: 'NOT A SLUG' }) });
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      // An editor may not restore.
      const editor = await t.as('editor', M.restoreFromAudit, { id: '1' });
      expect(editor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  it.each(['editor', 'admin'] as const)('an %s can call every mutation', async (caller) => {
    const report = await createReport(caller);
    const updated = await run(caller, 'updateReport', { input: { id: report.id, expectedVersion: 1, title: 'Renamed' } });
    expect(updated.report).toMatchObject({ title: 'Renamed', version: 2 });
    const created = await run(caller, 'createRecruitmentFigure', { input: figureInput(report.id) });
    const figure = created.recruitmentFigure;
    expect((await run(caller, 'updateRecruitmentFigure', { input: { id: figure.id, expectedVersion: 1, note: 'read as over 330' } })).recruitmentFigure.note).toBe(
      'read as over 330',
    );
    const factor = (await run(caller, 'createCoercionFactor', { input: factorInput() })).coercionFactor;
    expect((await run(caller, 'updateCoercionFactor', { input: { id: factor.id, expectedVersion: 1, title: 'New title' } })).coercionFactor.title).toBe('New title');
    expect((await run(caller, 'linkCoercionFactorToReport', { input: { factor: factor.id, report: report.id } })).coercionFactor.reports).toEqual([
      { slug: report.slug },
    ]);
    expect((await run(caller, 'unlinkCoercionFactorFromReport', { input: { factor: factor.id, report: report.id } })).coercionFactor.reports).toEqual([]);
    expect((await run(caller, 'linkCoercionFactorToRegion', { input: { factor: factor.id, regionCode: 'UA-65' } })).coercionFactor.regions).toEqual([
      { code: 'UA-65' },
    ]);
    expect((await run(caller, 'unlinkCoercionFactorFromRegion', { input: { factor: factor.id, regionCode: 'UA-65' } })).coercionFactor.regions).toEqual([]);
    expect((await run(caller, 'deleteRecruitmentFigure', { input: { id: figure.id, expectedVersion: 2 } })).deletedId).toBe(figure.id);
    expect((await run(caller, 'deleteCoercionFactor', { input: { id: factor.id, expectedVersion: 2 } })).deletedId).toBe(factor.id);
    expect((await run(caller, 'deleteReport', { input: { id: report.id, expectedVersion: 2 } })).deletedId).toBe(report.id);
    const read = await t.post(`{ report(slug: "${report.slug}") { id } }`);
    expect(read.data.report).toBeNull();
  });
});

describe('an editor adds a report, corrects a figure, and sees both in reads and the audit log', () => {
  it('works end to end', async () => {
    const report = await createReport('editor', { slug: 'nrc-2024-11-end-to-end' });
    const figure = await createFigure(report.id, {
      metric: 'PLANNED_RECRUITS',
      value: { best: 10400, qualifier: 'EXACT', asStated: '10.4 thousand', precision: 100 },
    });
    // Bounds from the shared bounds module: 10.4 thousand stands for 10,350 to 10,450.
    expect(figure.value).toEqual({ best: 10400, qualifier: 'EXACT', low: 10350, high: 10450, asStated: '10.4 thousand' });
    const factor = await createFactor({ reports: [report.id], regionCodes: ['UA-23', 'UA-14'] });
    expect(factor.regions.map((r: { code: string }) => r.code).sort()).toEqual(['UA-14', 'UA-23']);

    const corrected = await run('editor', 'updateRecruitmentFigure', {
      input: { id: figure.id, expectedVersion: 1, value: { best: 9600, qualifier: 'APPROXIMATELY', asStated: 'about 9.6 thousand' } },
    });
    expect(corrected.__typename).toBe('UpdateRecruitmentFigureSuccess');
    expect(corrected.recruitmentFigure).toMatchObject({
      version: 2,
      metric: 'PLANNED_RECRUITS',
      value: { best: 9600, qualifier: 'APPROXIMATELY', low: 8640, high: 10560, asStated: 'about 9.6 thousand' },
    });

    const read = await t.post(
      `{ report(slug: "nrc-2024-11-end-to-end") { title recruitmentFigures(first: 5) { edges { node { value { best qualifier } } } } coercionFactors { slug } } }`,
    );
    expect(read.data.report.recruitmentFigures.edges).toEqual([{ node: { value: { best: 9600, qualifier: 'APPROXIMATELY' } } }]);
    expect(read.data.report.coercionFactors).toEqual([{ slug: factor.slug }]);

    const figureId = String(dbId(figure.id));
    const audit = await t.as('admin', AUDIT_LOG, { filter: { entityType: 'RecruitmentFigure', entityId: figureId } });
    expect(audit.errors).toBeUndefined();
    const entries = audit.data.auditLog;
    expect(entries.totalCount).toBe(2);
    const [update, create] = entries.edges.map((e: any) => e.node);
    expect(create).toMatchObject({ action: 'CREATE', entity: figure.id, before: null, actor: 'Test editor' });
    expect(create.token).toEqual({ tokenId: t.tokenIds.editor, name: 'Test editor', role: 'EDITOR' });
    expect(update).toMatchObject({ action: 'UPDATE', entityType: 'RecruitmentFigure', entityId: figureId });
    expect(update.before).toMatchObject({ best: 10400, low: 10350, version: 1 });
    expect(update.after).toMatchObject({ best: 9600, low: 8640, version: 2 });
    expect(update.before.search).toBeUndefined();
  });

  it('an update that changes nothing writes nothing', async () => {
    const report = await createReport();
    await expectNothingWritten(async () => {
      const r = await run('editor', 'updateReport', { input: { id: report.id, expectedVersion: 1, title: report.title } });
      expect(r.report.version).toBe(1);
    });
  });
});

describe('typed errors, with nothing written', () => {
  it('ValidationError lists every bad field with its path', async () => {
    await expectNothingWritten(async () => {
      const r = await run('editor', 'createReport', {
        input: reportInput({ slug: 'Not A Slug', title: '   ', language: 'english!', sourceUrl: 'ftp://x', periodStart: '2024-12-01', periodEnd: '2024-01-01' }),
      });
      expect(r.__typename).toBe('ValidationError');
      const paths = r.issues.map((i: { path: string[] }) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['input.slug', 'input.title', 'input.language', 'input.sourceUrl']));
    });
  });

  it('ValidationError for a period that ends before it starts, also against the stored value', async () => {
    const report = await createReport();
    await expectNothingWritten(async () => {
      const r = await run('editor', 'createReport', { input: reportInput({ periodStart: '2024-12-01', periodEnd: '2024-01-01' }) });
      expect(r.issues).toEqual([{ path: ['input', 'periodEnd'], message: 'must not be before periodStart' }]);
      const u = await run('editor', 'updateReport', { input: { id: report.id, expectedVersion: 1, periodEnd: '2023-01-01' } });
      expect(u.__typename).toBe('ValidationError');
      expect(u.issues[0].path).toEqual(['input', 'periodEnd']);
    });
  });

  it('ValidationError for bounds the qualifier cannot have, from the bounds module', async () => {
    const report = await createReport();
    await expectNothingWritten(async () => {
      const range = await run('editor', 'createRecruitmentFigure', {
        input: figureInput(report.id, { value: { best: 57000, qualifier: 'RANGE', asStated: '55-60 thousand', high: 60000 } }),
      });
      expect(range.__typename).toBe('ValidationError');
      expect(range.issues).toEqual([{ path: ['input', 'value', 'low'], message: 'a RANGE needs an explicit low' }]);
      const negative = await run('editor', 'createRecruitmentFigure', {
        input: figureInput(report.id, { value: { best: -1, qualifier: 'EXACT', asStated: '-1' } }),
      });
      expect(negative.issues[0].path).toEqual(['input', 'value', 'best']);
      const wrongBound = await run('editor', 'createRecruitmentFigure', {
        input: figureInput(report.id, { value: { best: 100, qualifier: 'EXACT', asStated: '100', low: 200 } }),
      });
      expect(wrongBound.issues[0].path).toEqual(['input', 'value', 'low']);
    });
  });

  it('ValidationError for an ID of the wrong type or a malformed one', async () => {
    const report = await createReport();
    await expectNothingWritten(async () => {
      const region = await t.post('{ region(code: "UA-23") { id } }');
      const wrongType = await run('editor', 'createRecruitmentFigure', { input: figureInput(region.data.region.id) });
      expect(wrongType.issues).toEqual([{ path: ['input', 'report'], message: 'must be the ID of a Report' }]);
      const garbage = await run('editor', 'updateReport', { input: { id: 'garbage', expectedVersion: 1, title: 'x' } });
      expect(garbage.issues[0].path).toEqual(['input', 'id']);
      const noVersion = await run('editor', 'updateReport', { input: { id: report.id, expectedVersion: 0, title: 'x' } });
      expect(noVersion.issues[0].path).toEqual(['input', 'expectedVersion']);
    });
  });

  it('NotFoundError for records that do not exist', async () => {
    const report = await createReport();
    const factor = await createFactor();
    await expectNothingWritten(async () => {
      const missing = encodeGlobalID('Report', 999999);
      const u = await run('editor', 'updateReport', { input: { id: missing, expectedVersion: 1, title: 'x' } });
      expect(u).toMatchObject({ __typename: 'NotFoundError', entityType: 'Report', reference: missing });
      const d = await run('editor', 'deleteRecruitmentFigure', { input: { id: encodeGlobalID('RecruitmentFigure', 999999), expectedVersion: 1 } });
      expect(d.__typename).toBe('NotFoundError');
      const region = await run('editor', 'createRecruitmentFigure', { input: figureInput(report.id, { regionCode: 'UA-99' }) });
      expect(region).toMatchObject({ __typename: 'NotFoundError', entityType: 'Region', reference: 'UA-99' });
      const reportMissing = await run('editor', 'createRecruitmentFigure', { input: figureInput(missing) });
      expect(reportMissing).toMatchObject({ __typename: 'NotFoundError', entityType: 'Report' });
      const unlink = await run('editor', 'unlinkCoercionFactorFromReport', { input: { factor: factor.id, report: report.id } });
      expect(unlink).toMatchObject({ __typename: 'NotFoundError', entityType: 'CoercionFactorReport' });
      const factorLinks = await run('editor', 'createCoercionFactor', { input: factorInput({ reports: [report.id, missing] }) });
      expect(factorLinks).toMatchObject({ __typename: 'NotFoundError', reference: missing });
    });
  });

  it('ConflictError names the unique constraint that refused the write', async () => {
    const report = await createReport();
    const other = await createReport();
    await createFigure(report.id);
    const factor = await createFactor({ reports: [report.id] });
    await expectNothingWritten(async () => {
      const slug = await run('editor', 'createReport', { input: reportInput({ slug: report.slug }) });
      expect(slug).toMatchObject({ __typename: 'ConflictError', kind: 'UNIQUE', constraint: 'reports_slug_key', fields: ['slug'] });
      const renamed = await run('editor', 'updateReport', { input: { id: other.id, expectedVersion: 1, slug: report.slug } });
      expect(renamed).toMatchObject({ __typename: 'ConflictError', constraint: 'reports_slug_key' });
      const twice = await run('editor', 'createRecruitmentFigure', { input: figureInput(report.id) });
      expect(twice).toMatchObject({ __typename: 'ConflictError', kind: 'UNIQUE', constraint: 'recruitment_figures_identity_key' });
      const factorSlug = await run('editor', 'createCoercionFactor', { input: factorInput({ slug: factor.slug }) });
      expect(factorSlug).toMatchObject({ __typename: 'ConflictError', constraint: 'coercion_factors_slug_key' });
      const link = await run('editor', 'linkCoercionFactorToReport', { input: { factor: factor.id, report: report.id } });
      expect(link).toMatchObject({ __typename: 'ConflictError', constraint: 'coercion_factor_reports_pkey' });
    });
  });

  it('foreign-key violations are mapped by constraint name at the database boundary', async () => {
    let caught: unknown;
    try {
      await t.database.db.insert(reportPublications).values({ reportId: 999999, outlet: 'x', url: 'https://x' });
    } catch (error) {
      caught = error;
    }
    const conflict = conflictFromDatabaseError(caught);
    expect(conflict).toMatchObject({ kind: 'FOREIGN_KEY', constraint: 'report_publications_report_id_reports_id_fkey', fields: ['report'] });
    expect(conflictFromDatabaseError(new Error('boom'))).toBeNull();
  });

  it('StaleWriteError when someone else changed the record first: two editors, one wins', async () => {
    const report = await createReport();
    const figure = await createFigure(report.id);
    // Both editors read version 1. The first correction lands.
    const first = await run('editor', 'updateRecruitmentFigure', { input: { id: figure.id, expectedVersion: 1, note: 'first' } });
    expect(first.recruitmentFigure.version).toBe(2);
    await expectNothingWritten(async () => {
      const second = await run('admin', 'updateRecruitmentFigure', { input: { id: figure.id, expectedVersion: 1, note: 'second' } });
      expect(second).toMatchObject({
        __typename: 'StaleWriteError',
        entityType: 'RecruitmentFigure',
        entityId: figure.id,
        expectedVersion: 1,
        currentVersion: 2,
      });
      const del = await run('admin', 'deleteReport', { input: { id: report.id, expectedVersion: 7 } });
      expect(del).toMatchObject({ __typename: 'StaleWriteError', currentVersion: 1 });
    });
    const [row] = await t.database.db.select().from(recruitmentFigures).where(eq(recruitmentFigures.id, dbId(figure.id)));
    expect(row!.note).toBe('first');
  });

  it('StaleWriteError also under concurrency: of two simultaneous updates from one version, one wins', async () => {
    const report = await createReport();
    const results = await Promise.all(
      ['a', 'b', 'c'].map((s) => run('editor', 'updateReport', { input: { id: report.id, expectedVersion: 1, summary: `by ${s}` } })),
    );
    const kinds = results.map((r) => r.__typename).sort();
    expect(kinds).toEqual(['StaleWriteError', 'StaleWriteError', 'UpdateReportSuccess']);
  });
});

describe('the audit log', () => {
  it('filters by entity, token and time, newest first, in pages', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const report = await createReport('admin');
    const reportId = String(dbId(report.id));
    await run('admin', 'updateReport', { input: { id: report.id, expectedVersion: 1, title: 'Second title' } });
    await run('admin', 'updateReport', { input: { id: report.id, expectedVersion: 2, title: 'Third title' } });

    const byEntity = await t.as('admin', AUDIT_LOG, { first: 2, filter: { entityType: 'Report', entityId: reportId } });
    const page = byEntity.data.auditLog;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e: any) => e.node.action)).toEqual(['UPDATE', 'UPDATE']);
    expect(page.edges[0].node.after.title).toBe('Third title');
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await t.as('admin', AUDIT_LOG, { first: 2, after: page.pageInfo.endCursor, filter: { entityType: 'Report', entityId: reportId } });
    expect(next.data.auditLog.edges.map((e: any) => e.node.action)).toEqual(['CREATE']);

    const byToken = await t.as('admin', AUDIT_LOG, { first: 100, filter: { tokenId: t.tokenIds.admin, from: start } });
    const nodes = byToken.data.auditLog.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    expect(nodes.every((n: any) => n.token.tokenId === t.tokenIds.admin)).toBe(true);

    const future = await t.as('admin', AUDIT_LOG, { filter: { from: '2999-01-01T00:00:00Z' } });
    expect(future.data.auditLog).toMatchObject({ totalCount: 0, edges: [] });
    const backwards = await t.as('admin', AUDIT_LOG, { filter: { from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' } });
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the audit log pages like every other connection', () => {
  it('reads the cursors plugin-drizzle issued before it did, and refuses a page over the maximum by name', async () => {
    const report = await createReport('admin');
    await run('admin', 'updateReport', { input: { id: report.id, expectedVersion: 1, title: 'Second title' } });
    await run('admin', 'updateReport', { input: { id: report.id, expectedVersion: 2, title: 'Third title' } });
    const all = (await t.as('admin', AUDIT_LOG, { first: 100 })).data.auditLog;
    expect(all.edges.length).toBeGreaterThanOrEqual(3);
    const entryId = all.edges[0].node.entryId;
    // plugin-drizzle's cursor for an order by id: base64 of DC:N:<id>
    const old = Buffer.from(`DC:N:${entryId}`, 'utf8').toString('base64');
    const first = (await t.as('admin', AUDIT_LOG, { first: 1 })).data.auditLog;
    const viaOld = (await t.as('admin', AUDIT_LOG, { first: 2, after: old })).data.auditLog;
    const viaNew = (await t.as('admin', AUDIT_LOG, { first: 2, after: first.pageInfo.endCursor })).data.auditLog;
    expect(viaOld).toEqual(viaNew);
    expect(viaOld.edges.map((e: any) => e.node.entryId)).toEqual(all.edges.slice(1, 3).map((e: any) => e.node.entryId));

    for (const [variables, argument] of [
      [{ first: 101 }, 'first'],
      [{ after: 'nonsense' }, 'after'],
      [{ after: Buffer.from('DC:N:x').toString('base64') }, 'after'],
    ] as const) {
      const refused = await t.as('admin', AUDIT_LOG, variables);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});

describe('restore from the audit log', () => {
  it('puts back a deleted report exactly, with its figures, publications and factor links', async () => {
    const db = t.database.db;
    const report = await createReport('editor', { note: 'read from the Telegram post' });
    await createFigure(report.id);
    await createFigure(report.id, { regionCode: 'UA-65', metric: 'PLANNED_RECRUITS', value: { best: 9600, qualifier: 'EXACT', asStated: '9.6 thousand', precision: 100 } });
    const reportId = dbId(report.id);
    await db.insert(reportPublications).values({ reportId, outlet: '112.ua', url: 'https://112.ua/x', language: 'uk' });
    const factor = await createFactor({ reports: [report.id], regionCodes: ['UA-23'] });
    const whole = await snapshot(db);

    const deleted = await run('editor', 'deleteReport', { input: { id: report.id, expectedVersion: 1 } });
    expect(deleted.deletedId).toBe(report.id);
    const gone = await snapshot(db);
    expect(gone.reports.find((r) => r.id === reportId)).toBeUndefined();
    expect(gone.figures.filter((f) => f.reportId === reportId)).toEqual([]);
    expect(gone.factorReports.filter((l) => l.reportId === reportId)).toEqual([]);

    const log = await t.as('admin', AUDIT_LOG, { first: 1, filter: { entityType: 'Report', entityId: String(reportId) } });
    const entry = log.data.auditLog.edges[0].node;
    expect(entry.action).toBe('DELETE');
    const restored = await run('admin', 'restoreFromAudit', { id: entry.entryId });
    expect(restored.__typename).toBe('RestoreFromAuditSuccess');
    expect(restored.entries.map((e: any) => e.entityType)).toEqual([
      'Report',
      'ReportPublication',
      'RecruitmentFigure',
      'RecruitmentFigure',
      'CoercionFactorReport',
    ]);
    expect(restored.entries.every((e: any) => e.action === 'RESTORE')).toBe(true);

    // Every row of every table is as it was before the delete, all columns compared.
    const back = await snapshot(db);
    const { audit: _a, ...rowsBack } = back;
    const { audit: _b, ...rowsBefore } = whole;
    expect(rowsBack).toEqual(rowsBefore);
    expect(factor.slug).toBeTruthy();
    // The restore itself is audited, by the admin.
    expect(back.audit.slice(-5).every((e) => e.action === 'RESTORE' && e.tokenId === t.tokenIds.admin)).toBe(true);

    // A second restore of the same entry is a conflict, and writes nothing.
    await expectNothingWritten(async () => {
      const again = await run('admin', 'restoreFromAudit', { id: entry.entryId });
      expect(again).toMatchObject({ __typename: 'ConflictError', constraint: 'reports_pkey' });
    });
    // The restored report reads as before.
    const read = await t.post(`{ report(slug: "${report.slug}") { note recruitmentFigures(first: 5) { totalCount } coercionFactors { slug } } }`);
    expect(read.data.report).toEqual({ note: 'read from the Telegram post', recruitmentFigures: { totalCount: 2 }, coercionFactors: [{ slug: factor.slug }] });
  });

  it('puts back a deleted coercion factor with its links', async () => {
    const db = t.database.db;
    const report = await createReport();
    const factor = await createFactor({ reports: [report.id], regionCodes: ['UA-23', 'UA-09'], effectiveFrom: '2024-06-01' });
    const whole = await snapshot(db);
    await run('editor', 'deleteCoercionFactor', { input: { id: factor.id, expectedVersion: 1 } });
    const factorId = String(dbId(factor.id));
    const log = await t.as('admin', AUDIT_LOG, { first: 1, filter: { entityType: 'CoercionFactor', entityId: factorId } });
    const restored = await run('admin', 'restoreFromAudit', { id: log.data.auditLog.edges[0].node.entryId });
    expect(restored.entries).toHaveLength(4);
    const { audit: _a, ...rowsBack } = await snapshot(db);
    const { audit: _b, ...rowsBefore } = whole;
    expect(rowsBack).toEqual(rowsBefore);
  });

  it('puts back an overwritten figure, with a new version so that stale editors are told', async () => {
    const report = await createReport();
    const figure = await createFigure(report.id);
    const figureId = dbId(figure.id);
    const [original] = await t.database.db.select().from(recruitmentFigures).where(eq(recruitmentFigures.id, figureId));
    await run('editor', 'updateRecruitmentFigure', {
      input: { id: figure.id, expectedVersion: 1, note: 'wrong', value: { best: 1, qualifier: 'EXACT', asStated: '1' } },
    });
    const log = await t.as('admin', AUDIT_LOG, { first: 1, filter: { entityType: 'RecruitmentFigure', entityId: String(figureId) } });
    const entry = log.data.auditLog.edges[0].node;
    expect(entry.action).toBe('UPDATE');
    const restored = await run('admin', 'restoreFromAudit', { id: entry.entryId });
    expect(restored.entries[0]).toMatchObject({ action: 'RESTORE', before: { note: 'wrong', version: 2 }, after: { best: 330, version: 3 } });
    const [row] = await t.database.db.select().from(recruitmentFigures).where(eq(recruitmentFigures.id, figureId));
    // valid_from is the data version the restored row began at: a new one, as for any write
    const { version: v1, updatedAt: u1, validFrom: f1, ...content1 } = original!;
    const { version: v3, updatedAt: u3, validFrom: f3, ...content3 } = row!;
    expect(content3).toEqual(content1);
    expect(f3).toBeGreaterThan(f1);
    expect([v1, v3]).toEqual([1, 3]);
    expect(u3.getTime()).toBeGreaterThanOrEqual(u1.getTime());
    // An editor still holding version 2 is refused.
    const stale = await run('editor', 'updateRecruitmentFigure', { input: { id: figure.id, expectedVersion: 2, note: 'x' } });
    expect(stale.__typename).toBe('StaleWriteError');
  });

  it('refuses entries with nothing to put back, and rows whose parent is gone', async () => {
    const report = await createReport();
    const figure = await createFigure(report.id);
    const figureId = String(dbId(figure.id));
    const log = await t.as('admin', AUDIT_LOG, { first: 1, filter: { entityType: 'RecruitmentFigure', entityId: figureId } });
    const createEntry = log.data.auditLog.edges[0].node.entryId;
    await expectNothingWritten(async () => {
      const r = await run('admin', 'restoreFromAudit', { id: createEntry });
      expect(r.__typename).toBe('BaseError');
      expect(r.message).toContain('no earlier row');
    });
    // Delete the figure, then its report: the figure cannot come back before the report does.
    await run('editor', 'deleteRecruitmentFigure', { input: { id: figure.id, expectedVersion: 1 } });
    await run('editor', 'deleteReport', { input: { id: report.id, expectedVersion: 1 } });
    const del = await t.as('admin', AUDIT_LOG, { first: 1, filter: { entityType: 'RecruitmentFigure', entityId: figureId } });
    await expectNothingWritten(async () => {
      const r = await run('admin', 'restoreFromAudit', { id: del.data.auditLog.edges[0].node.entryId });
      expect(r).toMatchObject({ __typename: 'ConflictError', kind: 'FOREIGN_KEY', constraint: 'recruitment_figures_report_id_reports_id_fkey' });
    });
  });
});

describe('after a write', () => {
  it('drops the cached reads of every type a write can make stale, and survives a failing cache', async () => {
    const { afterWrite } = await import('../../src/schema/mutations/write.js');
    const dropped: unknown[] = [];
    const ctx = { logger: { error: () => {} }, responseCache: { invalidate: async (e: Iterable<unknown>) => void dropped.push(...e) } };
    await afterWrite(ctx as never);
    expect(dropped).toEqual(expect.arrayContaining([{ typename: 'Report' }, { typename: 'RecruitmentFigure' }, { typename: 'CoercionFactor' }]));
    const errors: unknown[] = [];
    const failing = { logger: { error: (o: unknown) => errors.push(o) }, responseCache: { invalidate: async () => Promise.reject(new Error('down')) } };
    await afterWrite(failing as never);
    expect(errors).toHaveLength(1);
  });
});
