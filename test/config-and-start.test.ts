// Configuration is read once and a bad value stops the start, naming the variable; the real server
// starts on the embedded database with nothing else installed and answers GraphQL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const ROOT = path.resolve(import.meta.dirname, '..');
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
