// No N+1: each nested query shape of the README's examples sends the same number of SQL statements
// however many rows the database holds.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { insertManyFigures } from './helpers/fixtures.js';

const QUERIES_DIR = path.resolve(import.meta.dirname, '../docs/queries');

const SHAPES: Record<string, string> = {
  'regions -> figures -> report -> factors': `{ regions { code recruitmentFigures(first: 50) { totalCount edges { node { metric value { asStated } report { slug coercionFactors { slug regions { code } } } region { code } } } } } }`,
  'figures -> report, region -> parent': `{ recruitmentFigures(first: 100) { totalCount edges { node { id report { slug title publisher } region { code parent { code children { code } } } } } } }`,
  'reports -> figures -> region; factors -> reports': `{ reports(first: 100) { edges { node { slug recruitmentFigures(first: 10) { totalCount edges { node { region { code } } } } coercionFactors { slug reports { slug } } } } } }`,
  'factors -> regions, reports': `{ coercionFactors(first: 100) { totalCount edges { node { slug regions { code } reports { slug recruitmentFigures(first: 5) { edges { node { id } } } } } } } }`,
  'node -> figure -> report': `{ recruitmentFigures(first: 1) { edges { node { id } } } }`,
};

async function countStatements(t: TestApp, query: string): Promise<number> {
  t.database.statements.length = 0;
  const res = await t.post(query);
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
    await insertManyFigures(small.database.db, { reportCount: 1, years: [2024] });
    await insertManyFigures(large.database.db, { reportCount: 12, years: [2022, 2023, 2024] });
  });
  afterAll(async () => {
    await Promise.all([small.close(), large.close()]);
  });

  it.each(Object.entries(SHAPES))('%s', async (_name, query) => {
    const few = await countStatements(small, query);
    const many = await countStatements(large, query);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(4);
  });

  it.each(exampleQueries())('docs/queries/%s', async (_file, query) => {
    const few = await countStatements(small, query);
    const many = await countStatements(large, query);
    expect(many).toBe(few);
  });

  it('sends exactly 3 statements for regions -> figures (page and count) -> report', async () => {
    // regions; every region's page with reports folded in (one LATERAL statement); the counts
    expect(await countStatements(large, `{ regions { recruitmentFigures(first: 50) { totalCount edges { node { report { slug } } } } } }`)).toBe(3);
    // without totalCount, the count is never computed
    expect(await countStatements(large, `{ regions { recruitmentFigures(first: 50) { edges { node { report { slug } } } } } }`)).toBe(2);
    expect(await countStatements(large, `{ recruitmentFigures(first: 5) { totalCount } }`)).toBe(2);
    expect(await countStatements(large, `{ region(code: "UA-23") { code nameEn } }`)).toBe(1);
  });
});
