// The admin commands as an admin runs them: separate processes reading the environment, on a PGlite
// data folder (default) or on the PostgreSQL server when TEST_DATABASE_URL is set.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, prepareDataDir, type TestDatabase } from '../helpers/db.js';
import { FIRST_BUNDLE_DIR, firstBundleJson, ROOT, tempBundleDir, type BundleDir } from '../helpers/bundles.js';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

let dataDir: string;
let server: TestDatabase | undefined;
let env: Record<string, string>;
let bad: BundleDir;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cli-data-'));
  // an initialised, unmigrated data folder (initdb is not what these commands are about)
  if (process.env.TEST_DATABASE_URL) server = await createTestDatabase({ migrate: false });
  else await prepareDataDir(dataDir, { migrate: false });
  env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    DATABASE_URL: server?.url ?? '',
    BUNDLES_DIR: FIRST_BUNDLE_DIR,
    LOG_LEVEL: 'silent',
  };
  bad = tempBundleDir();
  const bundle = firstBundleJson();
  bundle.figures[3].value.qualifier = 'ROUGHLY';
  bad.write('bad.json', bundle);
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
  bad.remove();
});

function cli(script: string, extraEnv: Record<string, string> = {}, args: string[] = []) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(TSX, [path.join(ROOT, 'src/cli', script), ...args], { cwd: ROOT, env: { ...env, ...extraEnv } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('admin CLIs', () => {
  it('db:migrate applies every migration, then db:status shows none pending', async () => {
    const migrate = await cli('migrate.ts');
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/applied 20261126132819_initial_model/);

    const status = await cli('status.ts');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/applied {2}20261126132835_reference_regions/);
    const migrations = readdirSync(path.join(ROOT, 'migrations'), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    expect(status.stdout).toMatch(new RegExp(`${migrations} applied, 0 pending`));
    expect(status.stdout).not.toMatch(/ pending {2}/);
  }, 180_000);

  it('db:seed loads the bundles, and a second run changes nothing', async () => {
    const first = await cli('seed.ts');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/nrc-2024-occupied-recruitment\.json \(nrc-2024-occupied-recruitment\): 28 created, 0 updated, 0 removed/);

    const second = await cli('seed.ts');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/1 bundles: 0 created, 0 updated, 0 removed/);
  }, 180_000);

  it('db:seed on a bad bundle exits non-zero naming file, JSON path and problem', async () => {
    const result = await cli('seed.ts', { BUNDLES_DIR: bad.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('seed stopped, nothing written');
    expect(result.stderr).toContain(`${path.join(bad.dir, 'bad.json')}: figures[3].value.qualifier: must be one of EXACT`);
    expect(result.stdout).toBe('');
  }, 180_000);

  it('a bad setting stops a CLI with the variable named', async () => {
    const result = await cli('status.ts', { STATEMENT_TIMEOUT_MS: 'soon' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/STATEMENT_TIMEOUT_MS/);
  }, 60_000);
});

describe('.env.example', () => {
  it('documents every setting of src/config.ts with its default', async () => {
    const { readFileSync } = await import('node:fs');
    const { configSchema, loadConfig } = await import('../../src/config.js');
    const lines = readFileSync(path.join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l));
    const example = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(Object.keys(example).sort()).toEqual(Object.keys(configSchema.shape).sort());
    // the values written there are the defaults: loading them gives what loading nothing gives
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });
});
