// One process at a time on an embedded (PGlite) data folder. PGlite has no server to arbitrate: two
// processes on one folder both accept writes, hand out the same IDs, and after a restart one side's
// acknowledged writes are gone. The first process to open the folder writes `<folder>.lock` with its
// pid (created exclusively, so two starting at once cannot both win); another process refuses to
// open the folder while that pid is alive. A lock left by a process that died is taken over.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export class DataFolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database folder ${dir} is in use by ${pid > 0 ? `process ${pid}` : 'another process'} (a running server or CLI). ` +
        'PGlite allows one process per folder: stop that process first (for tokens and bundles against a ' +
        'running server, use DATABASE_URL with PostgreSQL), or set DATA_DIR to another folder.',
    );
    this.name = 'DataFolderLockedError';
  }
}

interface LockFile {
  pid: number;
  host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockFile | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockFile>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, host: String(parsed.host ?? '') } : null;
  } catch {
    return null;
  }
}

/** Locks `dir` for this process; returns the function that releases it. */
export function lockDataFolder(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() } satisfies LockFile));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        // only our own lock: never one another process took over after ours went stale
        if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      // Another host sharing the folder (a network mount) cannot be checked: refuse rather than guess.
      if (holder && holder.pid !== process.pid && (holder.host !== hostname() || alive(holder.pid))) {
        throw new DataFolderLockedError(dir, holder.pid);
      }
      if (holder?.pid === process.pid) throw new DataFolderLockedError(dir, holder.pid);
      // a lock another process is writing this very moment
      const written = statSync(file, { throwIfNoEntry: false });
      if (!holder && written && Date.now() - written.mtimeMs < 2000) {
        throw new DataFolderLockedError(dir, 0);
      }
      // stale (its process is gone): take it over
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database folder ${dir}.`);
}
