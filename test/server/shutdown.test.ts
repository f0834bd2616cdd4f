// Graceful shutdown of the real server (node --import tsx src/server.ts, as `npm start` runs it):
// SIGTERM while a request is in flight; the request is answered, new connections are refused, and
// the process exits 0. The slow requests are honest ones: a client still uploading its body
// (both databases), and a query waiting on a table lock another session holds (PostgreSQL).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, prepareDataDir, usingPostgres, type TestDatabase } from '../helpers/db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const QUERY = JSON.stringify({ query: '{ region(code: "UA-23") { code nameEn } }' });

interface Running {
  child: ChildProcess;
  port: number;
  logs: Record<string, unknown>[];
  exit: Promise<number | null>;
  /** resolves when a log line matching `msg` appears */
  logged(msg: string): Promise<Record<string, unknown>>;
}

let database: TestDatabase | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (usingPostgres) database = await createTestDatabase();
  else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tot-shutdown-'));
    await prepareDataDir(dataDir);
  }
});
// A test that fails or times out leaves its server running, holding the data folder's lock: kill it so
// the next test starts on a free folder instead of failing for an unrelated reason.
const children = new Set<ChildProcess>();
afterEach(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
  children.clear();
});
afterAll(async () => {
  await database?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      SEED_ON_START: 'false',
      ...(database?.url ? { DATABASE_URL: database.url } : { DATA_DIR: dataDir! }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const logs: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk);
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const raw = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(raw);
      } catch {
        continue;
      }
      logs.push(line);
      for (const w of waiters.filter((w) => w.msg === line.msg)) w.resolve(line);
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logged = (msg: string) => {
    const seen = logs.find((l) => l.msg === msg);
    return seen ? Promise.resolve(seen) : new Promise<Record<string, unknown>>((resolve) => waiters.push({ msg, resolve }));
  };
  return Promise.race([
    new Promise<never>((_, reject) => exit.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)))),
    (async () => {
      const listening = await new Promise<Record<string, unknown>>((resolve) => {
        const check = () => {
          const l = logs.find((x) => typeof x.port === 'number' && String(x.msg).startsWith('GraphQL API on'));
          if (l) resolve(l);
          else setTimeout(check, 50);
        };
        check();
      });
      return { child, port: listening.port as number, logs, exit, logged };
    })(),
  ]) as Promise<Running>;
}

/** A POST whose body is sent only when `send()` is called; the server has the request once `accepted` resolves. */
function slowUpload(port: number) {
  const req = http.request({
    host: '127.0.0.1',
    port,
    path: '/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(QUERY), expect: '100-continue' },
  });
  const accepted = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  const response = new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    req.once('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  return { accepted, response, send: () => req.end(QUERY) };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health' }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('error', () => resolve(false));
  });
}

// Each test starts a server process: seconds on a quiet machine, far more on a loaded one.
describe('graceful shutdown', { timeout: 120_000 }, () => {
  it('answers a request in flight when SIGTERM arrives, refuses new connections, then exits 0', async () => {
    const server = await start();
    expect(await canConnect(server.port)).toBe(true);

    const upload = slowUpload(server.port);
    await upload.accepted;
    server.child.kill('SIGTERM');
    const stopping = await server.logged('shutting down');
    expect(stopping).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });
    expect(await canConnect(server.port)).toBe(false);

    upload.send();
    const answer = await upload.response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data).toEqual({ region: { code: 'UA-23', nameEn: 'Zaporizhzhia Oblast' } });
    expect(answer.headers.connection).toBe('close');

    expect(await server.exit).toBe(0);
    expect(server.logs.find((l) => l.msg === 'shutdown complete')).toMatchObject({ cut: 0 });
  });

  it('on SIGINT too; with nothing in flight it exits at once', async () => {
    const server = await start();
    server.child.kill('SIGINT');
    expect(await server.exit).toBe(0);
    expect(server.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGINT', inFlight: 0 });
  });

  it('cuts a request that outlives the deadline and still exits 0', async () => {
    const server = await start({ SHUTDOWN_TIMEOUT_MS: '300' });
    const upload = slowUpload(server.port);
    await upload.accepted;
    server.child.kill('SIGTERM');
    // the body never comes
    await expect(upload.response).rejects.toThrow();
    expect(await server.exit).toBe(0);
    expect(server.logs.find((l) => l.msg === 'shutdown complete')).toMatchObject({ cut: 1 });
  });

  it.runIf(usingPostgres)('PostgreSQL: finishes a query waiting on a lock before closing the pool', async () => {
    const server = await start();
    const other = postgres(database!.url!, { max: 2, onnotice: () => {} });
    const session = await other.reserve();
    await session`begin`;
    await session`lock table regions in access exclusive mode`;
    try {
      const pending = fetch(`http://127.0.0.1:${server.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: QUERY,
      });
      // wait until the server's query is blocked on the lock: it is in flight inside PostgreSQL
      for (;;) {
        const [row] = await other`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if (row!.n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      server.child.kill('SIGTERM');
      await server.logged('shutting down');
      await session`rollback`;
      const res = await pending;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown }).data).toEqual({ region: { code: 'UA-23', nameEn: 'Zaporizhzhia Oblast' } });
      expect(await server.exit).toBe(0);
    } finally {
      session.release();
      await other.end();
    }
  });
});
