// /health answers while the process runs; /ready says whether this instance should get traffic:
// 503 with a JSON reason while the database is unreachable or a migration is pending, 200 again
// once it is back, and the process never exits over it.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/yoga.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, usingPostgres } from '../helpers/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function probe(app: App, path: string) {
  const res = await app.fetch(`http://localhost${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

function appOn(database: Database): App {
  return createApp({ database, config: loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }), logger: createLogger('silent') });
}

describe('/health', () => {
  it('answers 200 with JSON, without touching the database', async () => {
    t.database.statements.length = 0;
    const { status, body, headers } = await probe(t.app, '/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(t.database.statements).toEqual([]);
  });
});

describe('/ready', () => {
  it('is 200 on a reachable, migrated database', async () => {
    const { status, body } = await probe(t.app, '/ready');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ready', database: t.database.kind });
  });

  it('is 503 while the instance shuts down', async () => {
    t.app.readiness.shuttingDown = true;
    try {
      expect(await probe(t.app, '/ready')).toMatchObject({ status: 503, body: { status: 'unavailable', reason: 'shutting down' } });
      expect((await probe(t.app, '/health')).status).toBe(200);
    } finally {
      t.app.readiness.shuttingDown = false;
    }
  });

  it.skipIf(usingPostgres)('PGlite: 503 while migrations are pending, 200 once applied, 503 once the database is closed', async () => {
    const database = await createTestDatabase({ migrate: false });
    const app = appOn(database);
    try {
      const pending = await probe(app, '/ready');
      expect(pending.status).toBe(503);
      expect(pending.body.reason).toBe('migrations pending');
      expect(pending.body.pendingMigrations).toEqual(expect.arrayContaining([expect.stringMatching(/initial_model$/)]));

      await database.migrate();
      expect((await probe(app, '/ready')).status).toBe(200);

      await database.close();
      expect(await probe(app, '/ready')).toMatchObject({ status: 503, body: { reason: 'database unreachable' } });
      expect((await probe(app, '/health')).status).toBe(200);
    } finally {
      await database.close();
    }
  });

  it.runIf(usingPostgres)('PostgreSQL: 503 when the database goes away, 200 once it is back and migrated', async () => {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const name = `tot_ready_${process.pid}_${Date.now()}`;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    await admin.unsafe(`create database "${name}"`);
    const database = await openDatabase({ url: url.toString(), poolSize: 2 });
    const app = appOn(database);
    try {
      expect(await probe(app, '/ready')).toMatchObject({ status: 503, body: { reason: 'migrations pending' } });
      await database.migrate();
      expect((await probe(app, '/ready')).status).toBe(200);

      await admin.unsafe(`drop database "${name}" with (force)`);
      const down = await probe(app, '/ready');
      expect(down).toMatchObject({ status: 503, body: { status: 'unavailable', reason: 'database unreachable' } });
      // no error detail (hosts, SQL) reaches the client
      expect(JSON.stringify(down.body)).not.toMatch(/postgres|does not exist|127\.0\.0\.1/);
      expect((await probe(app, '/health')).status).toBe(200);

      await admin.unsafe(`create database "${name}"`);
      expect(await probe(app, '/ready')).toMatchObject({ status: 503, body: { reason: 'migrations pending' } });
      await database.migrate();
      expect((await probe(app, '/ready')).status).toBe(200);
      const data = await app.fetch('http://localhost/graphql?query=%7Bregion(code%3A%22UA-23%22)%7Bcode%7D%7D');
      expect(await data.json()).toMatchObject({ data: { region: { code: 'UA-23' } } });
    } finally {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
