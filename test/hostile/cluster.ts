// PostgreSQL clusters of a test's own, made with Debian's binaries, for faults the shared server on
// 5432 must never suffer (stopping it, streaming from it). The binaries refuse to run as root, so as
// root they run as the `postgres` user (runuser); as any other user they run as that user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

const asRoot = process.getuid?.() === 0;
const owner = asRoot ? postgresUser() : null;

/** Why clusters cannot be made here, or null when they can. */
export function clustersUnavailable(): string | null {
  if (!existsSync(path.join(BIN, 'initdb'))) return `no PostgreSQL 15 binaries in ${BIN}`;
  if (asRoot && !owner) return 'running as root without a postgres user to run the binaries as';
  if (asRoot && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser';
  return null;
}

function run(bin: string, args: string[]): string {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, bin), ...args]] : [path.join(BIN, bin), args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  dir: string;
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  start(): void;
  /** pg_ctl stop -m fast: connections are closed, as in a real outage */
  stop(): void;
  /** stops it (when running) and removes its folder */
  destroy(): void;
}

function folder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  return dir;
}

function cluster(dir: string, port: number): Cluster {
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'log');
  let running = false;
  return {
    dir,
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      run('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', log, '-w', 'start']);
      running = true;
    },
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    destroy() {
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A fresh primary on a free port, started. */
export async function createCluster(): Promise<Cluster> {
  const dir = folder('tot-pg-');
  run('initdb', ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const c = cluster(dir, await freePort());
  c.start();
  return c;
}

/** A hot standby of `primary` (pg_basebackup, streaming), on a free port, started. */
export async function createStandby(primary: Cluster): Promise<Cluster> {
  const dir = folder('tot-pg-standby-');
  run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', path.join(dir, 'data'), '-R', '-X', 'stream']);
  const c = cluster(dir, await freePort());
  c.start();
  return c;
}
