// graphql-jit answers only the operations it answers as graphql-js does (src/plugins/jit.ts). Every
// example operation in docs/queries and every bench operation is sent to the app twice, with graphql-jit
// and without it, on the repository's own reports: the answers must hold the same data (graphql-jit
// writes keys in selection order, the default executor sometimes does not, so keys are compared
// sorted) and send the same number of statements. jitServes is checked on its own, so that the
// comparison cannot pass by running graphql-js twice.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { seedIfEmpty } from '../../src/bundles/seed.js';
import { createLogger } from '../../src/logger.js';
import { jitServes } from '../../src/plugins/jit.js';
import { schema } from '../../src/schema/index.js';
import { createApp, type App } from '../../src/yoga.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), 'utf8');
const examples = readdirSync(path.join(ROOT, 'docs/queries'))
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => ({ name: `docs/queries/${f}`, query: read('docs/queries', f) }));
const bench = {
  Q1: read('bench/queries/q1-region.graphql'),
  Q2: read('bench/queries/q2-regions-figures.graphql'),
  Q3: read('bench/queries/q3-deep-page.graphql'),
};

let t: TestApp;
let withoutJit: App;
// some examples are for admins (the audit log): every example is sent with an admin's token
let authorization = '';
beforeAll(async () => {
  t = await createTestApp();
  await seedIfEmpty(t.database.db, t.config.BUNDLES_DIR);
  authorization = `Bearer ${(await createToken(t.database.db, { name: 'jit test', role: 'ADMIN' })).token}`;
  withoutJit = createApp({ database: t.database, config: t.config, logger: createLogger('silent'), leaveOut: new Set(['jit']) });
}, 120_000);
afterAll(() => t.close());

async function send(app: App, query: string, variables?: Record<string, unknown>, token = false) {
  t.database.statements.length = 0;
  const res = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, statements: t.database.statements.length };
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
      : v;

async function bothWays(query: string, variables?: Record<string, unknown>, token = false) {
  // the first request with a token looks it up and records its use: both measured requests come after
  if (token) await send(withoutJit, query, variables, token);
  const jit = await send(t.app, query, variables, token);
  const plain = await send(withoutJit, query, variables, token);
  expect(sortKeys(jit.body)).toEqual(sortKeys(plain.body));
  expect(jit.status).toBe(plain.status);
  expect(jit.statements).toBe(plain.statements);
  return jit;
}

describe('graphql-jit and graphql-js give the same answers', () => {
  it.each(examples)('$name', async ({ query }) => {
    const { body } = await bothWays(query, undefined, true);
    expect(body.errors).toBeUndefined();
  });

  it('the bench operations (Q1 one region, Q2 regions -> figures -> report, Q3 a page after a cursor)', async () => {
    await bothWays(bench.Q1, { code: 'UA-23' });
    await bothWays(bench.Q1, { code: 'XX-00' });
    const q2 = await bothWays(bench.Q2);
    expect((q2.body as any).data.regions.some((r: any) => r.recruitmentFigures.edges.length > 0)).toBe(true);
    const first = await bothWays(bench.Q3, { code: 'UA-23' });
    const page = (first.body as any).data.region.recruitmentFigures;
    expect(page.edges.length).toBeGreaterThan(1);
    await bothWays(bench.Q3, { code: 'UA-23', after: page.edges[0].cursor });
    // a cursor that is not one: the same error both ways
    const bad = await bothWays(bench.Q3, { code: 'UA-23', after: 'not-a-cursor' });
    expect((bad.body as any).errors?.length).toBeGreaterThan(0);
  });

  it('a variable of the wrong type gets graphql-js\'s own error', async () => {
    const { body } = await bothWays(bench.Q1, { code: 5 });
    expect((body as any).errors[0].message).toMatch(/String cannot represent a non string value: 5/);
  });
});

describe('Query.region and Query.regions from plain rows', () => {
  it('answers as plugin-drizzle does, in one statement', async () => {
    const fields = 'id code katottg nameEn nameUk kind __typename';
    for (const code of ['UA-23', 'UA-TOT', 'XX-00']) {
      // plain columns only: one plain select, marked plain (src/schema/region.ts)
      const plain = await send(t.app, `query ($code: String!) { region(code: $code) { ${fields} } }`, { code });
      // the plain select, not the relational query (whose rows come back as JSON)
      const plainStatement = t.database.statements[0] ?? '';
      // a relation in the selection: plugin-drizzle's relational query
      const planned = await send(t.app, `query ($code: String!) { region(code: $code) { ${fields} parent { code } } }`, { code });
      expect(plain.statements).toBe(1);
      expect(plainStatement).toMatch(/from "regions" where "regions"\."code" = \$1 limit/);
      expect(t.database.statements[0]).not.toBe(plainStatement);
      const { parent: _parent, ...rest } = ((planned.body as any).data.region ?? { parent: null }) as Record<string, unknown>;
      expect((plain.body as any).data.region).toEqual(code === 'XX-00' ? null : rest);
    }
  });

  it('regions, all or of one kind: as plugin-drizzle answers, in one plain statement', async () => {
    const fields = 'id code katottg nameEn nameUk kind __typename';
    for (const args of ['', '(kind: OBLAST)', '(kind: AGGREGATE)', '(kind: COUNTRY)']) {
      const plain = await send(t.app, `{ regions${args} { ${fields} } }`);
      const plainStatement = t.database.statements[0] ?? '';
      const planned = await send(t.app, `{ regions${args} { ${fields} parent { code } } }`);
      expect(plain.statements, args).toBe(1);
      expect(plainStatement).toMatch(/from "regions" (where "regions"\."kind" = \$1 )?order by "regions"\."code" asc/);
      expect(t.database.statements[0]).not.toBe(plainStatement);
      const expected = ((planned.body as any).data.regions as Record<string, unknown>[]).map(({ parent: _parent, ...rest }) => rest);
      expect(expected.length, args).toBeGreaterThan(0);
      expect((plain.body as any).data.regions, args).toEqual(expected);
    }
  });
});

describe('which operations graphql-jit compiles', () => {
  const serves = (query: string) => jitServes(schema, parse(query));

  it('the bench operations, plain columns and fast-path figure connections', () => {
    expect(serves(bench.Q1)).toBe(true);
    expect(serves(bench.Q2)).toBe(true);
    expect(serves(bench.Q3)).toBe(true);
    expect(serves('{ recruitmentFigures(first: 5) { edges { node { id value { best } report { slug } } } } }')).toBe(true);
  });

  it('nothing that resolves a relation per parent, a directive, a default, a mutation or an abstract type', () => {
    expect(serves('{ regions { code parent { code } } }')).toBe(false);
    expect(serves('{ regions { code recruitmentFigures(first: 2) { edges { node { report { slug publications { url } } } } } } }')).toBe(false);
    expect(serves('{ regions { code @include(if: true) } }')).toBe(false);
    expect(serves('query ($code: String! = "UA-23") { region(code: $code) { code } }')).toBe(false);
    expect(serves('{ node(id: "UmVnaW9uOjE=") { id } }')).toBe(false);
    expect(serves('{ __schema { types { name } } }')).toBe(false);
    expect(serves('mutation { __typename }')).toBe(false);
  });
});
