// importReportBundle through HTTP: dry runs write nothing, real runs write everything with its audit
// entries or nothing at all, and a bad bundle is a ValidationError naming each bad place.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemPath } from '../../src/schema/mutations/import.js';
import { createEditorsApp, type EditorsApp } from '../helpers/editors.js';
import { snapshot } from '../helpers/bundles.js';
import { ERRORS } from '../helpers/editors-ops.js';
import { firstBundleJson } from '../helpers/bundles.js';

let t: EditorsApp;
beforeAll(async () => {
  t = await createEditorsApp();
});
afterAll(() => t.close());

const IMPORT = `mutation($bundle: JSON!, $dryRun: Boolean) {
  importReportBundle(bundle: $bundle, dryRun: $dryRun) {
    ${ERRORS}
    ... on ImportReportBundleSuccess { result { dryRun created updated deleted changes { action entityType entityId before after } report { slug version } } }
  }
}`;

async function importAs(caller: 'editor' | 'admin' | 'none', bundle: unknown, dryRun?: boolean) {
  const r = await t.as(caller, IMPORT, { bundle, ...(dryRun === undefined ? {} : { dryRun }) });
  return r;
}

async function expectNothingWritten(action: () => Promise<unknown>) {
  const before = await snapshot(t.database.db);
  await action();
  expect(await snapshot(t.database.db)).toEqual(before);
}

describe('importReportBundle', () => {
  it('needs an editor token; authorization comes before the bundle is looked at', async () => {
    await expectNothingWritten(async () => {
      for (const bundle of [firstBundleJson(), { not: 'a bundle' }]) {
        const r = await importAs('none', bundle);
        expect(r.data ?? null).toBeNull();
        expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    });
  });

  it('a dry run lists what would be created and writes nothing', async () => {
    let result: any;
    await expectNothingWritten(async () => {
      const r = await importAs('editor', firstBundleJson(), true);
      expect(r.errors).toBeUndefined();
      result = r.data.importReportBundle.result;
    });
    expect(result.dryRun).toBe(true);
    expect(result.report).toBeNull();
    expect(result.created).toBeGreaterThan(11);
    expect(result.updated).toBe(0);
    expect(result.deleted).toBe(0);
    expect(result.changes.filter((c: any) => c.entityType === 'RecruitmentFigure')).toHaveLength(11);
    expect(result.changes[0]).toMatchObject({ action: 'CREATE', entityType: 'Report', before: null });
  });

  it('a real run writes everything with one audit entry per change, in one transaction', async () => {
    const dry = (await importAs('editor', firstBundleJson(), true)).data.importReportBundle.result;
    const before = (await snapshot(t.database.db)).audit.length;
    const r = await importAs('editor', firstBundleJson());
    expect(r.errors).toBeUndefined();
    const result = r.data.importReportBundle.result;
    expect(result).toMatchObject({ dryRun: false, created: dry.created, updated: 0, deleted: 0 });
    expect(result.report).toEqual({ slug: 'nrc-2024-occupied-recruitment', version: 1 });
    const audit = (await snapshot(t.database.db)).audit.slice(before);
    expect(audit).toHaveLength(result.changes.length);
    expect(audit.every((e) => e.tokenId === t.tokenIds.editor && e.action === 'CREATE')).toBe(true);
    expect(new Set(audit.map((e) => e.at)).size).toBe(1); // one transaction, one timestamp
    expect(audit.map((e) => [e.entityType, e.entityId])).toEqual(result.changes.map((c: any) => [c.entityType, c.entityId]));

    const read = await t.post('{ report(slug: "nrc-2024-occupied-recruitment") { recruitmentFigures(first: 50) { totalCount } coercionFactors { slug } } }');
    expect(read.data.report.recruitmentFigures.totalCount).toBe(11);
  });

  it('importing the same bundle again changes nothing and records nothing', async () => {
    await expectNothingWritten(async () => {
      const result = (await importAs('admin', firstBundleJson())).data.importReportBundle.result;
      expect(result).toMatchObject({ created: 0, updated: 0, deleted: 0, changes: [] });
    });
  });

  it('a changed bundle updates and removes rows, dry run first', async () => {
    const bundle = firstBundleJson();
    bundle.figures[0].note = 'Corrected reading.';
    bundle.figures.pop();
    const dry = await importAs('editor', bundle, true);
    await expectNothingWritten(async () => {
      await importAs('editor', bundle, true);
    });
    const dryResult = dry.data.importReportBundle.result;
    expect(dryResult).toMatchObject({ dryRun: true, created: 0, updated: 1, deleted: 1 });
    const real = (await importAs('editor', bundle)).data.importReportBundle.result;
    expect(real.changes.map((c: any) => [c.action, c.entityType, c.entityId])).toEqual(
      dryResult.changes.map((c: any) => [c.action, c.entityType, c.entityId]),
    );
    const update = real.changes.find((c: any) => c.action === 'UPDATE');
    expect(update.before.note).not.toBe('Corrected reading.');
    expect(update.after).toMatchObject({ note: 'Corrected reading.', version: 2 });
  });

  it('a bad bundle is a ValidationError with the path of every problem, and nothing is written', async () => {
    const bundle = firstBundleJson();
    bundle.figures[2].value.qualifier = 'ROUGHLY';
    bundle.report.slug = 'Not A Slug';
    bundle.surprise = true;
    await expectNothingWritten(async () => {
      const r = await importAs('editor', bundle);
      const result = r.data.importReportBundle;
      expect(result.__typename).toBe('ValidationError');
      const paths = result.issues.map((i: any) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['bundle.figures.2.value.qualifier', 'bundle.report.slug', 'bundle.surprise']));
    });
    const unknownRegion = firstBundleJson();
    unknownRegion.figures[1].regionCode = 'UA-99';
    await expectNothingWritten(async () => {
      const r = await importAs('editor', unknownRegion, true);
      expect(r.data.importReportBundle.__typename).toBe('ValidationError');
      expect(r.data.importReportBundle.issues[0].path).toEqual(['bundle', 'figures', '1', 'regionCode']);
    });
    const notJson = await importAs('editor', 'just a string');
    expect(notJson.data.importReportBundle.__typename).toBe('ValidationError');
  });

  it('an import that fails halfway writes nothing, audit included', async () => {
    const db = t.database.db;
    // A new report whose last write (a new coercion factor) fails after the report, its figures and
    // its publications have been written inside the transaction.
    const bundle = firstBundleJson();
    bundle.report.slug = 'nrc-2024-halfway';
    bundle.coercionFactors.push({ ...bundle.coercionFactors[0], slug: 'fails-on-insert' });
    await db.execute(sql`create function tot_test_fail() returns trigger language plpgsql as $$
      begin
        if new.slug = 'fails-on-insert' then raise exception 'simulated failure halfway'; end if;
        return new;
      end $$`);
    await db.execute(sql`create trigger tot_test_fail before insert on coercion_factors for each row execute function tot_test_fail()`);
    try {
      await expectNothingWritten(async () => {
        const r = await importAs('editor', bundle);
        expect(r.data ?? null).toBeNull();
        // An unexpected failure: masked, no SQL or stack reaches the client.
        expect(r.errors?.[0]?.message).toBe('Unexpected error.');
        expect(JSON.stringify(r)).not.toContain('simulated');
      });
      // The statements really did run before the failure.
      expect(t.database.statements.some((s) => s.startsWith('insert into "recruitment_figures"'))).toBe(true);
    } finally {
      await db.execute(sql`drop trigger tot_test_fail on coercion_factors`);
      await db.execute(sql`drop function tot_test_fail()`);
    }
  });

  it('a delete through a bundle can be restored from the audit log', async () => {
    await importAs('editor', firstBundleJson());
    const bundle = firstBundleJson();
    const gone = bundle.figures.pop();
    const result = (await importAs('editor', bundle)).data.importReportBundle.result;
    const deletion = result.changes.find((c: any) => c.action === 'DELETE' && c.entityType === 'RecruitmentFigure');
    expect(deletion.before).toMatchObject({ metric: gone.metric, periodStart: gone.periodStart });
    const [entry] = (await snapshot(t.database.db)).audit.filter((e) => e.action === 'DELETE' && e.entityId === deletion.entityId);
    const restored = await t.as('admin', `mutation { restoreFromAudit(entryId: "${entry!.id}") { __typename } }`);
    expect(restored.data.restoreFromAudit.__typename).toBe('RestoreFromAuditSuccess');
    const read = await t.post('{ report(slug: "nrc-2024-occupied-recruitment") { recruitmentFigures(first: 50) { totalCount } } }');
    expect(read.data.report.recruitmentFigures.totalCount).toBe(11);
  });
});

describe('problemPath', () => {
  it('turns a bundle JSON path into a GraphQL issue path', () => {
    expect(problemPath('(root)')).toEqual(['bundle']);
    expect(problemPath('figures[3].value.qualifier')).toEqual(['bundle', 'figures', '3', 'value', 'qualifier']);
    expect(problemPath('report["odd key"]')).toEqual(['bundle', 'report', 'odd key']);
  });
});
