// DATABASE_READ_URLS: anonymous reads go to a replica; requests with a token (editors, who must
// read their own writes) and mutations go to the primary. Here the "replica" is a second database
// whose copy of one region differs, so each answer shows where it was read.
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { regions } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/yoga.js';
import { createTestDatabase, openTestPGlite, usingPostgres, type TestDatabase } from '../helpers/db.js';

describe.runIf(usingPostgres)('read replicas (PostgreSQL)', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let database: Database;
  let app: App;

  beforeAll(async () => {
    primary = await createTestDatabase();
    replica = await createTestDatabase();
    await replica.db.update(regions).set({ nameEn: 'Read from the replica' }).where(eq(regions.code, 'UA-23'));
    database = await openDatabase({ url: primary.url, readUrls: [replica.url!], poolSize: 2 });
    app = createApp({
      database,
      config: loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', RESPONSE_CACHE_ENABLED: 'false' }),
      logger: createLogger('silent'),
    });
  });
  afterAll(async () => {
    await database.close();
    await replica.close();
    await primary.close();
  });

  async function nameOfUA23(headers: Record<string, string> = {}) {
    const res = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query: '{ region(code: "UA-23") { nameEn } }' }),
    });
    return ((await res.json()) as { data: { region: { nameEn: string } } }).data.region.nameEn;
  }

  it('sends anonymous reads to a replica', async () => {
    expect(await nameOfUA23()).toBe('Read from the replica');
  });

  it('sends requests that carry a token to the primary', async () => {
    const { token } = await createToken(database.primary, { name: 'replica test', role: 'EDITOR' });
    expect(await nameOfUA23({ authorization: `Bearer ${token}` })).toBe('Zaporizhzhia Oblast');
  });

  it('sends writes and transactions to the primary, plain selects to the replica', async () => {
    await database.db.transaction(async (tx) => {
      const [row] = await tx.select({ name: regions.nameEn }).from(regions).where(eq(regions.code, 'UA-23'));
      expect(row!.name).toBe('Zaporizhzhia Oblast');
    });
    const [row] = await database.db.select({ name: regions.nameEn }).from(regions).where(eq(regions.code, 'UA-23'));
    expect(row!.name).toBe('Read from the replica');
    const [p] = await database.primary.select({ name: regions.nameEn }).from(regions).where(eq(regions.code, 'UA-23'));
    expect(p!.name).toBe('Zaporizhzhia Oblast');
  });

  it('checks every replica in /ready: an instance whose replica is gone takes no traffic', async () => {
    expect((await app.fetch('http://localhost/ready')).status).toBe(200);
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database "${new URL(replica.url!).pathname.slice(1)}" with (force)`);
    } finally {
      await admin.end();
    }
    const res = await app.fetch('http://localhost/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ reason: 'database unreachable' });
  });
});

describe.skipIf(usingPostgres)('read replicas (PGlite)', () => {
  it('has none: the one embedded database serves reads and writes', async () => {
    const db = await openDatabase({ pglite: await openTestPGlite() });
    try {
      expect(db.primary).toBe(db.db);
    } finally {
      await db.close();
    }
  });
});
