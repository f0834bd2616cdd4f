// Abuse limits: what a heavy but honest client sends passes; bombs are refused before any SQL runs,
// with an error that names the limit and gives its value.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getIntrospectionQuery, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost } from '../../src/plugins/query-limits.js';
import { schema } from '../../src/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertFactor, insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

const QUERIES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/queries');

const HEAVY = `query Heavy { recruitmentFigures(first: 100) { totalCount edges { cursor node { id metric periodStart periodEnd
  value { best low high qualifier asStated } note report { slug title publisher coercionFactors { slug title } }
  region { code nameEn parent { code } } } } pageInfo { hasNextPage endCursor } } }`;

// What GraphiQL sends when it opens.
const GRAPHIQL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});

function depthBomb(levels: number): string {
  let inner = 'code';
  for (let i = 0; i < levels; i++) inner = i % 2 === 0 ? `parent { ${inner} }` : `children { ${inner} }`;
  return `{ region(code: "UA-23") { ${inner} } }`;
}

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const ids = await regionIds(t.database.db);
  const report = await insertReport(t.database.db, { slug: 'limits-report' });
  await insertFactor(t.database.db, { slug: 'limits-factor' }, { reportIds: [report.id] });
  await insertFigures(
    t.database.db,
    Array.from({ length: 120 }, (_, i) => ({
      reportId: report.id,
      regionId: ids[i % 2 ? 'UA-23' : 'UA-14']!,
      best: 100 + i,
      asStated: String(100 + i),
      periodStart: day(i),
      periodEnd: day(i),
    })),
  );
});
afterAll(() => t.close());

function expectRefused(body: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown }, code: string, limit: number) {
  expect(body.data ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]!.extensions).toMatchObject({ code, limit });
  expect(body.errors![0]!.message).toContain(`limit is ${limit}`);
}

describe('accepted', () => {
  it('a full page of 100 figures with their report, factors and region', async () => {
    const data = await t.execute(HEAVY);
    expect(data.recruitmentFigures.totalCount).toBe(120);
    expect(data.recruitmentFigures.edges).toHaveLength(100);
    expect(data.recruitmentFigures.edges[0].node.report.coercionFactors).toEqual([{ slug: 'limits-factor', title: 'Factor limits-factor' }]);
  });

  it("GraphiQL's introspection query", async () => {
    const data = await t.execute(GRAPHIQL_INTROSPECTION);
    expect(data.__schema.queryType.name).toBe('Query');
  });

  it('a batch of as many operations as allowed', async () => {
    const batch = Array.from({ length: t.config.MAX_BATCH_OPERATIONS }, (_, i) => ({ query: `{ region(code: "UA-23") { code } n${i}: __typename }` }));
    const res = await postRaw(batch);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown }[];
    expect(body).toHaveLength(t.config.MAX_BATCH_OPERATIONS);
    expect(body.every((r) => (r.data as { region: { code: string } }).region.code === 'UA-23')).toBe(true);
  });
});

describe('refused, before any SQL is sent', () => {
  it('a depth bomb: region { parent { children { parent { ... } } } }', async () => {
    t.database.statements.length = 0;
    const body = await t.post(depthBomb(30));
    expectRefused(body, 'QUERY_TOO_DEEP', t.config.MAX_DEPTH);
    expect(body.errors![0]!.extensions!.found).toBe(32);
    expect(t.database.statements).toEqual([]);
  });

  it('one level past the depth limit, while the limit itself passes', async () => {
    // region(1) + N relation levels + code: depth N + 2
    expect((await t.post(depthBomb(t.config.MAX_DEPTH - 2))).errors).toBeUndefined();
    expectRefused(await t.post(depthBomb(t.config.MAX_DEPTH - 1)), 'QUERY_TOO_DEEP', t.config.MAX_DEPTH);
  });

  it('an alias bomb', async () => {
    t.database.statements.length = 0;
    const aliases = Array.from({ length: 500 }, (_, i) => `r${i}: region(code: "UA-23") { code }`).join(' ');
    // 500 aliases also exceed the token limit; raise it so this test sees the alias limit alone
    const app = await createTestApp({ MAX_TOKENS: '100000' });
    try {
      const body = await app.post(`{ ${aliases} }`);
      expectRefused(body, 'TOO_MANY_ALIASES', app.config.MAX_ALIASES);
      expect(body.errors![0]!.extensions!.found).toBe(500);
      expect(app.database.statements).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('too many directives', async () => {
    const fields = Array.from({ length: 60 }, () => '__typename @include(if: true)').join(' ');
    const body = await t.post(`{ ${fields} }`);
    expectRefused(body, 'TOO_MANY_DIRECTIVES', t.config.MAX_DIRECTIVES);
    expect(body.errors![0]!.extensions!.found).toBe(60);
  });

  it('a document of too many tokens', async () => {
    t.database.statements.length = 0;
    const fields = Array.from({ length: 1200 }, () => '__typename').join(' ');
    const body = await t.post(`{ ${fields} }`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_TOKENS', limit: t.config.MAX_TOKENS });
    expect(body.errors?.[0]?.message).toContain(`limit is ${t.config.MAX_TOKENS} tokens`);
    expect(t.database.statements).toEqual([]);
  });

  it('a query that costs too much: pages of pages', async () => {
    t.database.statements.length = 0;
    const body = await t.post(`{ regions { recruitmentFigures(first: 100) { edges { node {
      report { recruitmentFigures(first: 100) { edges { node { id value { best } } } } } } } } } }`);
    expectRefused(body, 'QUERY_TOO_COSTLY', t.config.MAX_COST);
    expect(body.errors![0]!.extensions!.found).toBeGreaterThan(t.config.MAX_COST);
    expect(t.database.statements).toEqual([]);
  });

  it('the same cost hidden in variables', async () => {
    const query = `query Pages($n: Int, $m: Int) { regions { recruitmentFigures(first: $n) { edges { node {
      report { recruitmentFigures(first: $m) { edges { node { id value { best } } } } } } } } } }`;
    expect((await t.post(query, { n: 2, m: 2 })).errors).toBeUndefined();
    expectRefused(await t.post(query, { n: 100, m: 100 }), 'QUERY_TOO_COSTLY', t.config.MAX_COST);
  });

  const reportIds = (n: number) => Array.from({ length: n }, (_, i) => encodeGlobalID('Report', i + 1));
  const NODES = `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Report { slug
    recruitmentFigures(first: 100) { edges { node { id value { best } } } } } } }`;

  it('nodes(ids:) with more IDs than a request may look up (2,000 reports x 100 figures each)', async () => {
    t.database.statements.length = 0;
    const body = await t.post(NODES, { ids: reportIds(2000) });
    expectRefused(body, 'TOO_MANY_IDS', t.config.MAX_NODE_IDS);
    expect(body.status).toBe(400);
    expect(body.errors![0]!.extensions!.found).toBe(2000);
    expect(t.database.statements).toEqual([]);
  });

  it('IDs counted across aliases and literal lists alike', async () => {
    const list = (n: number, from: number) => JSON.stringify(Array.from({ length: n }, (_, i) => encodeGlobalID('Report', from + i)));
    const body = await t.post(`{ a: nodes(ids: ${list(60, 1)}) { id } b: nodes(ids: ${list(60, 100)}) { id } }`);
    expectRefused(body, 'TOO_MANY_IDS', t.config.MAX_NODE_IDS);
    expect(body.errors![0]!.extensions!.found).toBe(120);
  });

  it('the cost of nodes(ids:) grows with the IDs: 100 reports x 100 figures is too costly', async () => {
    t.database.statements.length = 0;
    const body = await t.post(NODES, { ids: reportIds(100) });
    expectRefused(body, 'QUERY_TOO_COSTLY', t.config.MAX_COST);
    expect(t.database.statements).toEqual([]);
    const few = await t.post(NODES, { ids: reportIds(3) });
    expect(few.errors).toBeUndefined();
    expect(few.data.nodes).toHaveLength(3);
  });

  it('a huge batch', async () => {
    t.database.statements.length = 0;
    const res = await postRaw(Array.from({ length: 1000 }, () => ({ query: '{ region(code: "UA-23") { code } }' })));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'TOO_MANY_OPERATIONS', limit: t.config.MAX_BATCH_OPERATIONS, found: 1000 });
    expect(body.errors[0]!.message).toContain(`limit is ${t.config.MAX_BATCH_OPERATIONS} operations`);
    expect(t.database.statements).toEqual([]);
  });

  it('limits are configurable', async () => {
    const app = await createTestApp({ MAX_DEPTH: '4', MAX_COST: '10' });
    try {
      expectRefused(await app.post('{ region(code: "UA-23") { parent { parent { parent { code } } } } }'), 'QUERY_TOO_DEEP', 4);
      expectRefused(await app.post('{ recruitmentFigures(first: 5) { edges { node { id } } } }'), 'QUERY_TOO_COSTLY', 10);
    } finally {
      await app.close();
    }
  });
});

describe('field suggestions', () => {
  it('are given in development', async () => {
    const body = await t.post('{ regoin(code: "UA-23") { code } }');
    expect(body.errors?.[0]?.message).toContain('Did you mean "region"');
  });

  it('are hidden in production, where the schema is not to be guessed from errors', async () => {
    const app = await createTestApp({ NODE_ENV: 'production' });
    try {
      const body = await app.post('{ regoin(code: "UA-23") { code } }');
      expect(body.errors?.[0]?.message).toBeDefined();
      expect(body.errors?.[0]?.message).not.toContain('Did you mean');
      expect(body.errors?.[0]?.message).not.toContain('region');
      // introspection stays on in production: researchers use GraphiQL
      expect((await app.execute('{ __schema { queryType { name } } }')).__schema.queryType.name).toBe('Query');
    } finally {
      await app.close();
    }
  });
});

describe('cost model', () => {
  const limits = { defaultPageSize: 20, maxPageSize: 100, maxCost: 0 };
  const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), variables, limits);

  it('counts a connection without first/last at the default page size', () => {
    expect(cost('{ recruitmentFigures { edges { node { id } } } }')).toBe(cost('{ recruitmentFigures(first: 20) { edges { node { id } } } }'));
  });

  it('reads page sizes from variables', () => {
    const query = 'query($n: Int) { recruitmentFigures(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 50 })).toBe(cost('{ recruitmentFigures(first: 50) { edges { node { id } } } }'));
    expect(cost(query, { n: 100 })).toBeGreaterThan(cost(query, { n: 50 }));
  });

  it('caps a page at the largest page the server returns', () => {
    expect(cost('{ recruitmentFigures(last: 5000) { edges { node { id } } } }')).toBe(cost('{ recruitmentFigures(first: 100) { edges { node { id } } } }'));
  });

  it('charges nodes(ids:) once per ID, a variable list as much as a literal one', () => {
    const one = cost('{ nodes(ids: ["a"]) { id __typename } }');
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id __typename } }')).toBe(3 * one);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', { ids: ['a', 'b', 'c'] })).toBe(3 * one);
  });

  it('does not charge introspection', () => {
    expect(cost(GRAPHIQL_INTROSPECTION)).toBe(0);
  });

  it('accepts the example queries, the heavy page and 100 reports x 20 figures; refuses 100 x 50', () => {
    const max = t.config.MAX_COST;
    for (const file of readdirSync(QUERIES_DIR).filter((f) => f.endsWith('.graphql'))) {
      expect(cost(readFileSync(path.join(QUERIES_DIR, file), 'utf8')), file).toBeLessThan(max);
    }
    expect(cost(HEAVY) * 10).toBeLessThan(max);
    const reportsTimes = (n: number) => `{ reports(first: 100) { edges { node { slug recruitmentFigures(first: ${n}) { totalCount
      edges { node { id metric periodStart periodEnd value { best low high qualifier asStated } region { code } } } }
      coercionFactors { slug reports { slug } } } } } }`;
    expect(cost(reportsTimes(20))).toBeLessThan(max);
    expect(cost(reportsTimes(50))).toBeGreaterThan(max);
  });
});

function postRaw(body: unknown): Promise<Response> {
  return Promise.resolve(
    t.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}
