// Faults a real deployment meets, on PostgreSQL clusters of the test's own (never the shared server):
// the database stopped and started under a running server, and a streaming replica (a hot standby
// made with pg_basebackup) that lags and then goes away.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { openDatabase } from '../../src/db/client.js';
import { usingPostgres } from '../helpers/db.js';
import { clustersUnavailable, createCluster, createStandby, type Cluster } from './cluster.js';
import { graphql, startServer, type RunningServer } from './server.js';

const unavailable = clustersUnavailable();
if (usingPostgres && unavailable) console.warn(`faults.hostile: skipped, PostgreSQL clusters cannot be made here (${unavailable})`);
if (!usingPostgres) console.warn('faults.hostile: skipped on PGlite; they run with TEST_DATABASE_URL set (the PostgreSQL run of CI)');

/** Migrates the cluster's database and issues an editor token there. */
async function prepare(url: string): Promise<string> {
  const database = await openDatabase({ url, poolSize: 1 });
  try {
    await database.migrate();
    return (await createToken(database.db, { name: 'fault test editor', role: 'EDITOR' })).token;
  } finally {
    await database.close();
  }
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, seconds = 30): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const REGIONS = '{ regions { code } }';

describe.runIf(usingPostgres && !unavailable)('the database stopped and started under a running server', () => {
  let primary: Cluster;
  let server: RunningServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    primary = await createCluster();
    auth = { authorization: `Bearer ${await prepare(primary.url)}` };
    server = await startServer({ DATABASE_URL: primary.url, RATE_LIMIT_POINTS: '0', RESPONSE_CACHE_ENABLED: 'false' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    primary?.destroy();
  });

  it('answers 503 + Retry-After while it is down, and serves again once it is back, without a restart', async () => {
    expect((await graphql(server.base, REGIONS)).status).toBe(200);
    expect((await graphql(server.base, REGIONS, undefined, auth)).status).toBe(200);

    primary.stop();
    for (const headers of [{}, auth]) {
      const down = await graphql(server.base, REGIONS, undefined, headers);
      expect(down.status).toBe(503);
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(down.body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect(down.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|Failed query|\bat \S+:\d+/);
    }
    const exported = await fetch(`${server.base}/export/recruitment-figures.csv`);
    expect(exported.status).toBe(503);
    expect(Number(exported.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    expect((await fetch(`${server.base}/ready`)).status).toBe(503);

    primary.start();
    const back = await eventually(() => graphql(server.base, REGIONS), (r) => r.status === 200);
    expect(back.status).toBe(200);
    expect(back.body.data.regions.length).toBeGreaterThan(0);
    expect((await graphql(server.base, REGIONS, undefined, auth)).status).toBe(200);
    expect((await fetch(`${server.base}/export/recruitment-figures.csv`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    // the outage was logged as such, never with a token or its hash
    expect(server.lines.join('\n')).not.toContain(auth.authorization!.slice(7));
  }, 120_000);
});

describe.runIf(usingPostgres && !unavailable)('a streaming replica', () => {
  let primary: Cluster;
  let standby: Cluster;
  let server: RunningServer;
  let auth: Record<string, string>;
  let standbySql: postgres.Sql;

  beforeAll(async () => {
    primary = await createCluster();
    auth = { authorization: `Bearer ${await prepare(primary.url)}` };
    standby = await createStandby(primary);
    standbySql = postgres(standby.url, { max: 1, onnotice: () => {} });
    server = await startServer({
      DATABASE_URL: primary.url,
      DATABASE_READ_URLS: standby.url,
      RATE_LIMIT_POINTS: '0',
      RESPONSE_CACHE_ENABLED: 'false',
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await standbySql?.end({ timeout: 1 });
    standby?.destroy();
    primary?.destroy();
  });

  const REPORT = '{ report(slug: "replica-check") { slug title } }';

  it('serves anonymous reads from the replica, writes on the primary, and an editor reads their own write at once', async () => {
    expect(await standbySql`select pg_is_in_recovery() as standby`).toEqual([{ standby: true }]);
    // hold the replica still: what it serves is what it had before the write
    await standbySql`select pg_wal_replay_pause()`;
    const created = await graphql(
      server.base,
      `mutation { createReport(input: { slug: "replica-check", title: "Written on the primary", publisher: "Test", language: "en" }) { __typename } }`,
      undefined,
      auth,
    );
    expect(created.body.data.createReport.__typename).toBe('CreateReportSuccess');
    expect((await graphql(server.base, REPORT, undefined, auth)).body.data.report).toEqual({
      slug: 'replica-check',
      title: 'Written on the primary',
    });
    // anonymous: the replica, which has not replayed the write yet
    expect((await graphql(server.base, REPORT)).body.data.report).toBeNull();

    await standbySql`select pg_wal_replay_resume()`;
    const replayed = await eventually(() => graphql(server.base, REPORT), (r) => r.body?.data?.report !== null);
    expect(replayed.body.data.report.title).toBe('Written on the primary');
  }, 60_000);

  it('stays up when the replica goes away: editors are served, anonymous reads get 503 + Retry-After, and recover', async () => {
    standby.stop();
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    expect((await fetch(`${server.base}/ready`)).status).toBe(503);
    expect((await graphql(server.base, REPORT, undefined, auth)).status).toBe(200);
    const anonymous = await graphql(server.base, REPORT);
    expect(anonymous.status).toBe(503);
    expect(Number(anonymous.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(server.child.exitCode).toBeNull();

    standby.start();
    const back = await eventually(() => graphql(server.base, REPORT), (r) => r.status === 200);
    expect(back.body.data.report.slug).toBe('replica-check');
  }, 120_000);
});
