// Hostile input answered as the client's mistake (4xx, BAD_USER_INPUT), never as an internal error;
// a database that hangs or is gone answered within the time budget or with 503 + Retry-After; and
// log lines that keep no GraphQL text or SQL parameters. On PGlite and PostgreSQL.
import { Writable } from 'node:stream';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createLogger, MAX_LOG_LINE } from '../../src/logger.js';
import { MAX_VARIABLE_DEPTH } from '../../src/plugins/input-checks.js';
import { createApp } from '../../src/yoga.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { firstBundleJson, snapshot } from '../helpers/bundles.js';
import { createTestDatabase, usingPostgres } from '../helpers/db.js';
import { insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

let t: TestApp;
let editor: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  const ids = await regionIds(t.database.db);
  const report = await insertReport(t.database.db, { slug: 'hostile-report' });
  await insertFigures(
    t.database.db,
    Array.from({ length: 3 }, (_, i) => ({
      reportId: report.id,
      regionId: ids['UA-23']!,
      best: 10 + i,
      asStated: String(10 + i),
      periodStart: `2024-0${i + 1}-01`,
      periodEnd: `2024-0${i + 1}-28`,
    })),
  );
  editor = { authorization: `Bearer ${(await createToken(t.database.db, { name: 'hostile editor', role: 'EDITOR' })).token}` };
  admin = { authorization: `Bearer ${(await createToken(t.database.db, { name: 'hostile admin', role: 'ADMIN' })).token}` };
});
afterAll(() => t.close());

type Body = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[]; status: number };

/** A refusal a client can act on: 4xx or BAD_USER_INPUT, never masked, never a stack or SQL. */
function expectClientError(body: Body, codes = ['BAD_USER_INPUT']) {
  expect(body.status).toBeLessThan(500);
  expect(body.errors?.length).toBeGreaterThan(0);
  for (const error of body.errors!) {
    expect(error.message).not.toBe('Unexpected error.');
    expect(codes).toContain(error.extensions?.code);
  }
  expect(JSON.stringify(body)).not.toMatch(/\bselect\b|\bat .*\.ts:\d+|Failed query/i);
}

const encode = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, number];

describe('crafted cursors', () => {
  const page = (orderBy: string) => `query($after: String) { recruitmentFigures(first: 1, after: $after, orderBy: ${orderBy}) {
    edges { cursor node { id } } } }`;

  async function cursorFor(orderBy: string): Promise<[string, string, number]> {
    const data = await t.execute(page(orderBy));
    return decode(data.recruitmentFigures.edges[0].cursor);
  }

  it('an id above 2^31-1', async () => {
    const [name, value] = await cursorFor('{ field: PERIOD_END, direction: ASC }');
    expectClientError(await t.post(page('{ field: PERIOD_END, direction: ASC }'), { after: encode([name, value, 2 ** 31]) }));
  });

  it('a date that is no date: 99999-99-99', async () => {
    const [name, , id] = await cursorFor('{ field: PERIOD_END, direction: ASC }');
    expectClientError(await t.post(page('{ field: PERIOD_END, direction: ASC }'), { after: encode([name, '99999-99-99', id]) }));
  });

  it('a number past float8: 1e999', async () => {
    const [name, , id] = await cursorFor('{ field: VALUE, direction: ASC }');
    expectClientError(await t.post(page('{ field: VALUE, direction: ASC }'), { after: encode([name, '1e999', id]) }));
  });
});

describe('text PostgreSQL cannot store', () => {
  it('U+0000 in a string filter, as a variable or written in the document', async () => {
    t.database.statements.length = 0;
    expectClientError(await t.post('query($c: String!) { region(code: $c) { code } }', { c: 'UA-23\u0000' }));
    expectClientError(await t.post('{ region(code: "UA-23\\u0000") { code } }'));
    expect(t.database.statements).toEqual([]);
  });

  it('a lone surrogate, which would be stored as U+FFFD', async () => {
    expectClientError(await t.post('query($c: String!) { region(code: $c) { code } }', { c: 'UA-\uD800' }));
    // graphql's own parser refuses a lone surrogate escape in the document (a syntax error)
    const written = await t.post('{ region(code: "UA-\\uDC00") { code } }');
    expectClientError(written, ['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED']);
  });

  it('U+0000 in a mutation and in a bundle: refused, nothing written', async () => {
    const before = await snapshot(t.database.db);
    expectClientError(
      await t.post(
        `mutation($title: String!) { createReport(input: { slug: "nul-title", title: $title, publisher: "Test", language: "en" }) { __typename } }`,
        { title: 'A\u0000B' },
        editor,
      ),
    );
    const bundle = firstBundleJson();
    bundle.report.title = 'Title with \u0000 inside';
    expectClientError(
      await t.post('mutation($bundle: JSON!) { importReportBundle(bundle: $bundle) { __typename } }', { bundle }, editor),
    );
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('U+0000 in an export parameter: 400 before any header of a download', async () => {
    const res = await t.app.fetch('http://localhost/export/recruitment-figures.csv?reportSlugs=a%00b');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; parameter: string } };
    expect(body.error.parameter).toBe('reportSlugs');
    expect(body.error.message).toMatch(/NUL/);
  });
});

describe('input is stored as sent or refused, never silently altered or unbounded', () => {
  const importBundle = (bundle: unknown) =>
    t.post(
      `mutation($bundle: JSON!) { importReportBundle(bundle: $bundle) { __typename ... on ValidationError { message issues { path message } } } }`,
      { bundle },
      editor,
    );

  it('a title of zero-width spaces is empty, through the API and in a bundle', async () => {
    const before = await snapshot(t.database.db);
    const created = await t.execute(
      `mutation($title: String!) { createReport(input: { slug: "zero-width", title: $title, publisher: "Test", language: "en" }) {
        __typename ... on ValidationError { issues { path message } } } }`,
      { title: '\u200B\u200B\u2060\uFEFF ' },
      editor,
    );
    expect(created.createReport.__typename).toBe('ValidationError');
    expect(JSON.stringify(created.createReport.issues)).toMatch(/empty/);
    const bundle = firstBundleJson();
    bundle.report.title = '\u200B\u200C\u200D';
    const imported = await importBundle(bundle);
    expect(imported.data.importReportBundle.__typename).toBe('ValidationError');
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('a 1.5 MB title in a bundle, a fulfilment of 1e6 % and a best of 1e308 are refused; nothing written', async () => {
    const before = await snapshot(t.database.db);
    const long = firstBundleJson();
    long.report.title = 'x'.repeat(1_500_000);
    const big = await t.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...editor },
      body: JSON.stringify({ query: 'mutation($bundle: JSON!) { importReportBundle(bundle: $bundle) { __typename } }', variables: { bundle: long } }),
    });
    expect(big.status).toBeLessThan(500);
    const bigBody = (await big.json()) as { data?: { importReportBundle: { __typename: string } } };
    expect(bigBody.data?.importReportBundle.__typename ?? 'refused').not.toBe('ImportReportBundleSuccess');

    const percent = firstBundleJson();
    const figure = percent.figures[0];
    figure.metric = 'PLAN_FULFILMENT_PERCENT';
    figure.value = { best: 1e6, qualifier: 'EXACT', asStated: '1000000%' };
    const p = await importBundle(percent);
    expect(p.data.importReportBundle.__typename).toBe('ValidationError');
    expect(JSON.stringify(p.data.importReportBundle.issues)).toMatch(/at most 1000/);

    const huge = firstBundleJson();
    huge.figures[0].value = { best: 1e308, qualifier: 'EXACT', asStated: '1e308' };
    expect((await importBundle(huge)).data.importReportBundle.__typename).toBe('ValidationError');

    const viaApi = await t.execute(
      `mutation($report: ID!) { createRecruitmentFigure(input: { report: $report, regionCode: "UA-23", metric: CONTRACTS_SIGNED,
        periodStart: "2024-01-01", periodEnd: "2024-01-31", value: { best: 1e308, qualifier: EXACT, asStated: "1e308" } }) { __typename } }`,
      { report: encodeGlobalID('Report', 1) },
      editor,
    );
    expect(viaApi.createRecruitmentFigure.__typename).toBe('ValidationError');
    expect(await snapshot(t.database.db)).toEqual(before);
  });
});

describe('variables nested 50,000 deep', () => {
  it(`are refused past ${MAX_VARIABLE_DEPTH} levels with a 400, not a stack overflow`, async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const res = await t.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: `{"query":"query($v: JSON) { __typename }","variables":{"v":${deep}}}`,
    });
    const body = { ...((await res.json()) as Omit<Body, 'status'>), status: res.status };
    expect(res.status).toBe(400);
    expectClientError(body);
    expect(body.errors![0]!.message).toMatch(`limit is ${MAX_VARIABLE_DEPTH} levels`);
  });
});

describe.runIf(usingPostgres)('concurrent restores (PostgreSQL)', () => {
  it('10 restores of one deletion at once: 1 succeeds, 9 are ConflictError, the report is back once', async () => {
    const created = await t.execute(
      `mutation { createReport(input: { slug: "restore-race", title: "Race", publisher: "Test", language: "en" }) {
        ... on CreateReportSuccess { report { id version } } } }`,
      undefined,
      editor,
    );
    const { id, version } = created.createReport.report;
    const deleted = await t.execute(
      `mutation($id: ID!, $v: Int!) { deleteReport(input: { id: $id, expectedVersion: $v }) { __typename } }`,
      { id, v: version },
      editor,
    );
    expect(deleted.deleteReport.__typename).toBe('DeleteReportSuccess');
    const [entry] = (await t.database.db.execute(
      sql`select id from audit_log where action = 'DELETE' and entity_type = 'Report' order by id desc limit 1`,
    )) as unknown as { id: number }[];
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.post(`mutation($e: ID!) { restoreFromAudit(entryId: $e) { __typename ... on Error { message } } }`, { e: String(entry!.id) }, admin),
      ),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const kinds = results.map((r) => r.data.restoreFromAudit.__typename).sort();
    expect(kinds).toEqual(['ConflictError', ...Array(8).fill('ConflictError'), 'RestoreFromAuditSuccess'].sort());
    const rows = (await t.database.db.execute(sql`select count(*)::int as n from reports where slug = 'restore-race'`)) as unknown as { n: number }[];
    expect(rows[0]!.n).toBe(1);
  });
});

describe('a database that hangs', () => {
  it('an authenticated request still answers REQUEST_TIMEOUT within its budget', async () => {
    const app = await createTestApp({ REQUEST_TIMEOUT_MS: '1000', STATEMENT_TIMEOUT_MS: '0' });
    const { token } = await createToken(app.database.db, { name: 'hang test', role: 'EDITOR' });
    let release: () => Promise<unknown>;
    let pool: postgres.Sql | undefined;
    if (usingPostgres) {
      // a lock held on the token table: the token lookup waits for it
      pool = postgres(app.database.url!, { max: 1, onnotice: () => {} });
      const session = await pool.reserve();
      await session`begin`;
      await session`lock table api_tokens in access exclusive mode`;
      release = async () => {
        await session`rollback`;
        session.release();
        await pool!.end();
      };
    } else {
      // PGlite runs one transaction at a time: while this one is open, every other statement waits
      let open!: () => void;
      let close!: () => void;
      const gate = new Promise<void>((resolve) => (close = resolve));
      const started = new Promise<void>((resolve) => (open = resolve));
      const holder = app.database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        open();
        await gate;
      });
      await started;
      release = async () => {
        close();
        await holder;
      };
    }
    try {
      const body = await app.post('{ regions { code } }', undefined, { authorization: `Bearer ${token}` });
      expect(body.errors?.[0]?.extensions?.code).toBe('REQUEST_TIMEOUT');
      expect(body.status).toBeLessThan(500);
    } finally {
      await release();
      await app.close();
    }
  });
});

describe('a database that is gone', () => {
  async function goneApp() {
    if (usingPostgres) {
      // nothing listens on port 1: every connection is refused, as when the server is down
      const database = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/gone', poolSize: 1 });
      return { database, close: () => database.close() };
    }
    const database = await createTestDatabase();
    await database.close();
    return { database, close: async () => {} };
  }

  it('GraphQL (anonymous and with a token) and exports answer 503 with Retry-After', async () => {
    const gone = await goneApp();
    try {
      const app = createApp({
        database: gone.database,
        config: loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', RESPONSE_CACHE_ENABLED: 'false' }),
        logger: createLogger('silent'),
      });
      const ask = (headers: Record<string, string> = {}) =>
        app.fetch('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          body: JSON.stringify({ query: '{ regions { code } }' }),
        });
      for (const res of [await ask(), await ask({ authorization: `Bearer tot_${'A'.repeat(43)}` })]) {
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
        expect(body.errors[0]!.extensions.code).toBe('DATABASE_UNAVAILABLE');
        expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|closed|Failed query/);
      }
      const exported = await app.fetch('http://localhost/export/recruitment-figures.csv');
      expect(exported.status).toBe(503);
      expect(Number(exported.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await gone.close();
    }
  });
});

describe('logs', () => {
  it('keep no GraphQL text, no SQL parameters and no token hash in a "Failed query" line, and cap every line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger('debug', sink);
    // a database without its tables: every query fails inside PostgreSQL with its parameters
    const empty = await createTestDatabase({ migrate: false });
    try {
      const app = createApp({ database: empty, config: loadConfig({ LOG_LEVEL: 'debug', NODE_ENV: 'test' }), logger });
      const res = await app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: 'query Secretive($c: String!) { region(code: $c) { code } }', variables: { c: 'UA-marker-4711' } }),
      });
      expect(res.status).toBeLessThan(600);
      const authed = await app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer tot_${'B'.repeat(43)}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(authed.status).toBeGreaterThanOrEqual(400);
      const text = lines.join('\n');
      expect(text).toMatch(/Failed query/);
      for (const secret of ['marker-4711', 'region(code', 'Secretive($c', 'B'.repeat(20)]) expect(text).not.toContain(secret);
      // the SHA-256 of the token sent, which is what the token lookup's parameter holds
      const { createHash } = await import('node:crypto');
      expect(text).not.toContain(createHash('sha256').update(`tot_${'B'.repeat(43)}`).digest('hex'));

      logger.error({ err: new Error(`Failed query: select 1\nparams: ${'x'.repeat(3_000_000)}`), huge: 'y'.repeat(3_000_000) }, 'big');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_LOG_LINE);
    } finally {
      await empty.close();
    }
  });
});
