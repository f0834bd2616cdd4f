// No N+1: each nested query shape of the README's examples sends the same number of SQL statements
// however many rows the database holds. docs/queries holds an example for every root query field, and
// each runs here with the number of statements it sends written down.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { seedBundles } from '../../src/bundles/seed.js';
import { createRelease } from '../../src/store/release.js';
import { schema } from '../../src/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertManyFigures } from '../helpers/fixtures.js';

const QUERIES_DIR = path.resolve(import.meta.dirname, '../../docs/queries');

const SHAPES: Record<string, string> = {
  'regions -> figures -> report -> factors': `{ regions { code recruitmentFigures(first: 50) { totalCount edges { node { metric value { asStated } report { slug coercionFactors { slug regions { code } } } region { code } } } } } }`,
  'figures -> report, region -> parent': `{ recruitmentFigures(first: 100) { totalCount edges { node { id report { slug title publisher } region { code parent { code children { code } } } } } } }`,
  'reports -> figures -> region; factors -> reports': `{ reports(first: 100) { edges { node { slug recruitmentFigures(first: 10) { totalCount edges { node { region { code } } } } coercionFactors { slug reports { slug } } } } } }`,
  'factors -> regions, reports': `{ coercionFactors(first: 100) { totalCount edges { node { slug regions { code } reports { slug recruitmentFigures(first: 5) { edges { node { id } } } } } } } }`,
  'node -> figure -> report': `{ recruitmentFigures(first: 1) { edges { node { id } } } }`,
};

const BUNDLES_DIR = path.resolve(import.meta.dirname, '../../data/reports');

/**
 * The statements each example sends, whatever the data holds. auditLog is ADMIN-only: its example runs
 * with a token, whose lookup is one of its statements.
 */
const EXAMPLE_STATEMENTS: Record<string, number> = {
  'audit-log.graphql': 3,
  'coercion-factor-by-slug.graphql': 1,
  // the issues, then their regions and their reports, one statement each (data/reports raises 25 issues)
  'data-quality-issues.graphql': 3,
  'dataset-citation.graphql': 3,
  'everything-nested.graphql': 3,
  'figures-2024-by-region.graphql': 2,
  'metrics.graphql': 1,
  'node-by-id.graphql': 1,
  'nodes-by-ids.graphql': 2,
  'passport-factors.graphql': 1,
  'plans-and-fulfilment.graphql': 2,
  'recruitment-summaries.graphql': 4,
  'region-figures-page.graphql': 2,
  'release-figures.graphql': 6, // release statements run inside BEGIN, SET search_path, ..., COMMIT (src/db/as-of.ts)
  'report-by-slug.graphql': 3,
  'reports-with-factors.graphql': 4,
  'search.graphql': 3,
};

const adminTokens = new WeakMap<TestApp, string>();

async function countStatements(t: TestApp, query: string): Promise<number> {
  const admin = /\bauditLog\b/.test(query) ? adminTokens.get(t) : undefined;
  const headers: Record<string, string> = admin ? { authorization: `Bearer ${admin}` } : {};
  // The token's last use is recorded once a minute; record it now so that it is not counted below.
  if (admin) await t.post('{ __typename }', undefined, headers);
  t.database.statements.length = 0;
  const res = await t.post(query, undefined, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return t.database.statements.length;
}

function exampleQueries(): [string, string][] {
  return readdirSync(QUERIES_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => [f, readFileSync(path.join(QUERIES_DIR, f), 'utf8')]);
}

describe('statements per request do not grow with the data', () => {
  let small: TestApp;
  let large: TestApp;
  beforeAll(async () => {
    [small, large] = await Promise.all([createTestApp(), createTestApp()]);
    // The published report first (the examples' default slugs and IDs name its records), then bulk.
    for (const t of [small, large]) {
      await seedBundles(t.database.db, BUNDLES_DIR);
      // the release the release example reads (docs/queries/release-figures.graphql), cut before the bulk
      await createRelease(t.database.db, { tokenId: null, actor: 'statement counts' }, { version: '2026.1' });
      adminTokens.set(t, (await createToken(t.database.db, { name: 'statement counts', role: 'ADMIN' })).token);
    }
    await insertManyFigures(small.database.db, { reportCount: 1, years: [2024] });
    await insertManyFigures(large.database.db, { reportCount: 12, years: [2022, 2023, 2024] });
    // two databases with every bundle: ~15 s alone, past the default 60 s at a load of 10 on 2 cores
  }, 180_000);
  afterAll(async () => {
    await Promise.all([small.close(), large.close()]);
  });

  it.each(Object.entries(SHAPES))('%s', async (_name, query) => {
    const few = await countStatements(small, query);
    const many = await countStatements(large, query);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(4);
  });

  it.each(exampleQueries())('docs/queries/%s', async (file, query) => {
    const few = await countStatements(small, query);
    const many = await countStatements(large, query);
    expect(many).toBe(few);
    expect(many, `statements of ${file}`).toBe(EXAMPLE_STATEMENTS[file]);
  });

  it('docs/queries has an example for every root query field', () => {
    const used = new Set(
      exampleQueries().flatMap(([, query]) =>
        parse(query)
          .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.operation === 'query')
          .flatMap((op) => op.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []))),
      ),
    );
    const fields = Object.keys(schema.getQueryType()!.getFields()).sort();
    expect(fields.filter((f) => !used.has(f))).toEqual([]);
    expect(Object.keys(EXAMPLE_STATEMENTS).sort()).toEqual(exampleQueries().map(([f]) => f).sort());
  });

  it('sends exactly 2 statements for regions -> figures (page and count) -> report', async () => {
    // the regions with every region's page, reports folded in (src/schema/region.ts); the counts
    expect(await countStatements(large, `{ regions { recruitmentFigures(first: 50) { totalCount edges { node { report { slug } } } } } }`)).toBe(2);
    // without totalCount, the count is never computed
    expect(await countStatements(large, `{ regions { recruitmentFigures(first: 50) { edges { node { report { slug } } } } } }`)).toBe(1);
    // a relation of the region (parent): the general path, the regions with their parents, then the pages
    expect(await countStatements(large, `{ regions { parent { code } recruitmentFigures(first: 50) { edges { node { report { slug } } } } } }`)).toBe(2);
    expect(await countStatements(large, `{ recruitmentFigures(first: 5) { totalCount } }`)).toBe(2);
    expect(await countStatements(large, `{ region(code: "UA-23") { code nameEn } }`)).toBe(1);
  });
});
