// A corpus of hostile requests against the real server (a process of its own, seeded with the
// bundles in data/reports), on PGlite and, with TEST_DATABASE_URL, on PostgreSQL. Every answer must be
// a client error or a plain success: no 5xx, no internal error, no stack, no SQL; and nothing is written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { seedIfEmpty } from '../../src/bundles/seed.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { BUNDLES_DIR, firstBundleJson, snapshot } from '../helpers/bundles.js';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../helpers/db.js';
import { startServer, type RunningServer } from './server.js';

interface HostileRequest {
  name: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  /** a JSON body (stringified here) or raw text */
  json?: unknown;
  raw?: string;
  as?: 'editor' | 'admin';
}

const gql = (query: string, variables?: unknown) => ({ json: { query, variables } });
const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
const PAGE = (orderBy: string) =>
  `query($after: String) { recruitmentFigures(first: 1, after: $after, orderBy: ${orderBy}) { edges { cursor node { id } } } }`;

function depthBomb(levels: number): string {
  let inner = 'code';
  for (let i = 0; i < levels; i++) inner = i % 2 === 0 ? `parent { ${inner} }` : `children { ${inner} }`;
  return `{ region(code: "UA-23") { ${inner} } }`;
}

function bundleWith(change: (bundle: any) => void) {
  const bundle = firstBundleJson();
  change(bundle);
  return gql('mutation($bundle: JSON!) { importReportBundle(bundle: $bundle) { __typename } }', { bundle });
}

/** The corpus; `orderNames` are the cursor names of the figure orderings, read from the server. */
function corpus(orderNames: { periodEnd: string; value: string }): HostileRequest[] {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => encodeGlobalID('Report', i + 1));
  return [
    // bombs the limits refuse before any SQL
    { name: 'depth bomb', ...gql(depthBomb(30)) },
    { name: 'alias bomb', ...gql(`{ ${Array.from({ length: 500 }, (_, i) => `r${i}: region(code: "UA-23") { code }`).join(' ')} }`) },
    { name: 'directive bomb', ...gql(`{ ${Array.from({ length: 60 }, () => '__typename @include(if: true)').join(' ')} }`) },
    { name: 'token bomb', ...gql(`{ ${Array.from({ length: 1200 }, () => '__typename').join(' ')} }`) },
    {
      name: 'cost bomb',
      ...gql(`{ regions { recruitmentFigures(first: 100) { edges { node { report { recruitmentFigures(first: 100) { edges { node { id } } } } } } } } }`),
    },
    { name: 'batch bomb', json: Array.from({ length: 1000 }, () => ({ query: '{ __typename }' })) },
    {
      name: 'nodes(ids:) with 2,000 reports x 100 figures',
      ...gql('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Report { recruitmentFigures(first: 100) { edges { node { id } } } } } }', {
        ids: ids(2000),
      }),
    },
    { name: 'fragment cycle', ...gql('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }') },
    { name: 'variables 50,000 deep', raw: `{"query":"query($v: JSON) { __typename }","variables":{"v":${'['.repeat(50_000)}${']'.repeat(50_000)}}}` },
    // crafted cursors
    { name: 'cursor id above 2^31-1', ...gql(PAGE('{ field: PERIOD_END, direction: ASC }'), { after: cursor([orderNames.periodEnd, '2024-01-31', 2 ** 31]) }) },
    { name: 'cursor 99999-99-99', ...gql(PAGE('{ field: PERIOD_END, direction: ASC }'), { after: cursor([orderNames.periodEnd, '99999-99-99', 1]) }) },
    { name: 'cursor 1e999', ...gql(PAGE('{ field: VALUE, direction: ASC }'), { after: cursor([orderNames.value, '1e999', 1]) }) },
    { name: 'cursor that is no cursor', ...gql(PAGE('{ field: VALUE, direction: ASC }'), { after: "'; drop table reports; --" }) },
    // text PostgreSQL cannot store, injection and markup
    { name: 'NUL in a filter variable', ...gql('query($c: String!) { region(code: $c) { code } }', { c: 'UA-23\u0000' }) },
    { name: 'NUL in a document literal', ...gql('{ region(code: "UA-23\\u0000") { code } }') },
    { name: 'lone surrogate in a variable', ...gql('query($c: String!) { region(code: $c) { code } }', { c: 'UA-\uD800' }) },
    { name: 'SQL in a filter', ...gql(`{ region(code: "' or 1=1 --") { code } }`) },
    { name: 'SQL in search', ...gql(`{ search(query: "'); drop table reports; --", first: 5) { totalCount } }`) },
    { name: 'markup in search', ...gql(`{ search(query: "<script>alert(1)</script>", first: 5) { totalCount } }`) },
    { name: 'page size past the largest', ...gql('{ recruitmentFigures(first: 100000) { totalCount } }') },
    { name: 'Int past 32 bits', ...gql('{ recruitmentFigures(first: 99999999999) { totalCount } }') },
    // mutations that must write nothing
    {
      name: 'NUL in a mutation',
      as: 'editor',
      ...gql('mutation($t: String!) { createReport(input: { slug: "hostile-nul", title: $t, publisher: "P", language: "en" }) { __typename } }', {
        t: 'A\u0000B',
      }),
    },
    {
      name: 'zero-width title',
      as: 'editor',
      ...gql('mutation($t: String!) { createReport(input: { slug: "hostile-zw", title: $t, publisher: "P", language: "en" }) { __typename } }', {
        t: '\u200B\u200B',
      }),
    },
    {
      name: 'best of 1e308',
      as: 'editor',
      ...gql(
        `mutation($r: ID!) { createRecruitmentFigure(input: { report: $r, regionCode: "UA-23", metric: CONTRACTS_SIGNED, periodStart: "2024-01-01",
          periodEnd: "2024-01-31", value: { best: 1e308, qualifier: EXACT, asStated: "1e308" } }) { __typename } }`,
        { r: encodeGlobalID('Report', 1) },
      ),
    },
    { name: 'NUL in a bundle', as: 'editor', ...bundleWith((b) => (b.report.title = 'T\u0000')) },
    { name: '1.5 MB title in a bundle', as: 'editor', ...bundleWith((b) => (b.report.title = 'x'.repeat(1_500_000))) },
    {
      name: 'fulfilment of 1e6 % in a bundle',
      as: 'editor',
      ...bundleWith((b) => {
        b.figures[0].metric = 'PLAN_FULFILMENT_PERCENT';
        b.figures[0].value = { best: 1e6, qualifier: 'EXACT', asStated: '1000000%' };
      }),
    },
    { name: 'restore of an entry that does not exist', as: 'admin', ...gql('mutation { restoreFromAudit(entryId: "999999999") { __typename } }') },
    { name: 'restore of an entry id that is no id', as: 'admin', ...gql('mutation { restoreFromAudit(entryId: "1e999") { __typename } }') },
    { name: 'mutation without a token', ...gql('mutation { createReport(input: { slug: "x", title: "x", publisher: "P", language: "en" }) { __typename } }') },
    { name: 'mutation through GET', method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { deleteReport(input: { id: "x", expectedVersion: 1 }) { __typename } }')}` },
    // transport
    { name: 'malformed JSON', raw: '{"query": "{ __typename }"' },
    { name: 'text/plain body', raw: '{ __typename }', headers: { 'content-type': 'text/plain' } },
    { name: 'malformed Authorization', ...gql('{ __typename }'), headers: { authorization: 'Basic Zm9vOmJhcg==' } },
    { name: 'unknown token', ...gql('{ __typename }'), headers: { authorization: `Bearer tot_${'A'.repeat(43)}` } },
    { name: 'GraphQL on /graphql/', path: '/graphql/', ...gql(depthBomb(30)) },
    { name: 'GraphQL on //graphql', path: '//graphql', ...gql('query($c: String!) { region(code: $c) { code } }', { c: '\u0000' }) },
    // exports
    { name: 'NUL in an export parameter', method: 'GET', path: '/export/recruitment-figures.csv?reportSlugs=a%00b' },
    { name: 'export with a date that is no date', method: 'GET', path: '/export/recruitment-figures.csv?from=99999-99-99' },
    { name: 'export with an unknown metric', method: 'GET', path: '/export/recruitment-figures.json?metric=DROP%20TABLE' },
    { name: 'export with SQL in a slug', method: 'GET', path: "/export/recruitment-figures.csv?reportSlugs='%20or%201=1--" },
  ];
}

/** What no answer may contain: an internal error, a stack trace, SQL, the driver's or ORM's wording. */
const LEAKS = /INTERNAL_SERVER_ERROR|Unexpected error\.|\bat \S+\.(ts|js|mjs|cjs):\d+|"stack"|Failed query|syntax error at or near|relation "\w+" does not exist|node_modules|drizzle|postgres\.js|ECONNREFUSED/i;

describe(`hostile requests against the real server (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let server: RunningServer;
  let dataDir: string | undefined;
  let testDatabase: TestDatabase | undefined;
  let tokens: { editor: string; admin: string };
  let before: unknown;

  /** The database the server uses, opened by the test (on PGlite only while the server is stopped). */
  async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
    if (testDatabase) return work(testDatabase);
    const database = await openDatabase({ pgliteDir: path.join(dataDir!, 'pglite') });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    if (usingPostgres) testDatabase = await createTestDatabase();
    else dataDir = mkdtempSync(path.join(tmpdir(), 'tot-hostile-'));
    await withDatabase(async (database) => {
      if (!testDatabase) await database.migrate();
      await seedIfEmpty(database.db, BUNDLES_DIR);
      tokens = {
        editor: (await createToken(database.db, { name: 'hostile editor', role: 'EDITOR' })).token,
        admin: (await createToken(database.db, { name: 'hostile admin', role: 'ADMIN' })).token,
      };
      before = await snapshot(database.db);
    });
    server = await startServer({
      ...(testDatabase ? { DATABASE_URL: testDatabase.url! } : { DATA_DIR: dataDir! }),
      RATE_LIMIT_POINTS: '1000000',
      MIGRATE_ON_START: 'false',
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await testDatabase?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request of the corpus with no 5xx, no stack and no SQL, and writes nothing', async () => {
    const names = async (field: string) => {
      const res = await fetch(`${server.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: PAGE(`{ field: ${field}, direction: ASC }`) }),
      });
      const body = (await res.json()) as { data: { recruitmentFigures: { edges: { cursor: string }[] } } };
      return (JSON.parse(Buffer.from(body.data.recruitmentFigures.edges[0]!.cursor, 'base64url').toString('utf8')) as [string])[0];
    };
    const cases = corpus({ periodEnd: await names('PERIOD_END'), value: await names('VALUE') });
    const answers: { name: string; status: number; leak: string | null }[] = [];
    for (const c of cases) {
      try {
        const res = await fetch(`${server.base}${c.path ?? '/graphql'}`, {
          method: c.method ?? 'POST',
          headers: {
            accept: 'application/json',
            ...(c.method === 'GET' ? {} : { 'content-type': 'application/json' }),
            ...(c.as ? { authorization: `Bearer ${tokens[c.as]}` } : {}),
            ...c.headers,
          },
          ...(c.method === 'GET' ? {} : { body: c.raw ?? JSON.stringify(c.json) }),
        });
        const text = await res.text();
        answers.push({ name: c.name, status: res.status, leak: LEAKS.exec(text)?.[0] ?? null });
      } catch (error) {
        // a connection cut or refused: the server failed this request (or died)
        answers.push({ name: c.name, status: 0, leak: `no answer: ${(error as Error).message}` });
      }
    }
    // one assertion over the whole corpus, so a failure lists every case that misbehaved
    const bad = answers.filter((a) => a.status >= 500 || a.status === 0 || a.leak);
    expect(bad).toEqual([]);
    expect(answers).toHaveLength(cases.length);

    expect(server.child.exitCode).toBeNull();
    const health = await fetch(`${server.base}/health`);
    expect(health.status).toBe(200);
    // PGlite allows one process per folder: the server is stopped before the folder is read again
    if (!testDatabase) await server.stop();
    const after = await withDatabase((database) => snapshot(database.db));
    expect(after).toEqual(before);
  }, 300_000);
});
