// Configuration is read once and a bad value stops the start, naming the variable; the real server
// starts on the embedded database with nothing else installed and answers GraphQL.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('loadConfig', () => {
  it('has working defaults: PGlite under ./data, port 4000, migrations on start', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 4000, MIGRATE_ON_START: true, DATABASE_READ_URLS: [] });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.PGLITE_DIR).toBe(path.resolve('./data/pglite'));
  });

  it('reads booleans, numbers and URLs', () => {
    const c = loadConfig({ PORT: '8080', MIGRATE_ON_START: 'false', DATABASE_URL: 'postgres://u@h:5432/d', DATA_DIR: '/tmp/x' });
    expect(c).toMatchObject({ PORT: 8080, MIGRATE_ON_START: false, DATABASE_URL: 'postgres://u@h:5432/d', PGLITE_DIR: '/tmp/x/pglite' });
  });

  it('refuses numbers that would validate but mean something else, and timers Node would clamp', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    };
    for (const [name, value] of [
      ['PORT', '1e3'],
      ['PORT', '0x1000'],
      ['PORT', ' 80'],
      ['PORT', '65536'],
      ['RATE_LIMIT_POINTS', '0x0'],
      ['RATE_LIMIT_POINTS', '-1'],
      ['RATE_LIMIT_POINTS', '1.5'],
      ['REQUEST_TIMEOUT_MS', '3000000000'],
      ['STATEMENT_TIMEOUT_MS', '3000000000'],
      ['MAX_COST', '1e9'],
    ] as const) {
      expect(problems({ [name]: value }), `${name}=${value}`).toMatch(new RegExp(`${name}: must be`));
    }
    expect(loadConfig({ REQUEST_TIMEOUT_MS: String(2 ** 31 - 1), PORT: '0', RATE_LIMIT_POINTS: '0' })).toMatchObject({
      REQUEST_TIMEOUT_MS: 2 ** 31 - 1,
      PORT: 0,
      RATE_LIMIT_POINTS: 0,
    });
  });

  it('lists every bad variable at once, with what it wants, never echoing a URL', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MIGRATE_ON_START: 'maybe', DATABASE_URL: 'mysql://secret:pw@h/d', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: .*port number.*"eighty"/);
    expect(message).toMatch(/MIGRATE_ON_START: must be true or false/);
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).not.toContain('secret');
  });
});

function run(env: Record<string, string>, untilLine?: RegExp) {
  const child = spawn(TSX, ['src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const matched = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = untilLine && output.split('\n').find((l) => untilLine.test(l));
      if (line) resolve(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => (untilLine ? reject(new Error(`server exited ${code}:\n${output}`)) : resolve(output)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, matched, exited, output: () => output };
}

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tot-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a bad configuration with the variable named, exit code 1', async () => {
    const server = run({ PORT: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Invalid configuration:[\s\S]*PORT: must be a port number/);
  });

  it('starts on an embedded database in a fresh data folder and answers { __typename }', async () => {
    const server = run({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' }, /"port":\d+/);
    try {
      const line = await server.matched;
      const port = Number(/"port":(\d+)/.exec(line)![1]);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename regions { code } }' }),
      });
      const body = (await res.json()) as any;
      expect(body.data.__typename).toBe('Query');
      // the six occupied regions, UA-TOT, the groups UA-SOUTH, UA-DONBAS, UA-CRIMEA, and RU, RU-SMD
      expect(body.data.regions).toHaveLength(12);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);
});

describe('a failed start says why in one line', () => {
  it('an unreachable PostgreSQL: one line naming host and port, no stack, no password', async () => {
    const server = run({ PORT: '0', DATABASE_URL: 'postgres://someone:sekrit@127.0.0.1:1/nowhere' });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^Cannot start: PostgreSQL at 127\.0\.0\.1:1\/nowhere cannot be reached \(ECONNREFUSED\)/)]);
    expect(server.output()).not.toContain('sekrit');
  }, 60_000);
});

describe('one process per embedded data folder', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tot-lock-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a second server and the token CLI refuse a folder a running server holds; the lock goes with the server', async () => {
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const first = run(env, /"port":\d+/);
    try {
      await first.matched;
      const second = run(env);
      expect(await second.exited).toBe(1);
      // (the pid is node's, a child of the tsx process the test started)
      expect(second.output().trim()).toMatch(/^Cannot start: The embedded database folder .*pglite is in use by process \d+/);
      expect(second.output()).not.toMatch(/\n\s+at /);

      const token = spawnSync(TSX, ['src/cli/token.ts', 'create', '--role', 'editor', '--name', 'lock test'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir },
        encoding: 'utf8',
      });
      expect(token.status).toBe(1);
      expect(token.stdout).not.toMatch(/tot_/);
      expect(token.stderr).toMatch(/is in use by process \d+/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    // stopped cleanly: the folder is free again
    const token = spawnSync(TSX, ['src/cli/token.ts', 'list'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(token.stderr).toBe('');
    expect(token.status).toBe(0);
  }, 120_000);
});
