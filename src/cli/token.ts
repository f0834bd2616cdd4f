// Admin CLI for API tokens:
//   npm run token -- create --role editor --name "Jane Doe, NRC desk" [--expires 2027-01-01]
//   npm run token -- list
//   npm run token -- revoke <id>
// The secret is printed once, on creation; only its hash is stored.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { openDatabase, type Db } from '../db/client.js';
import { parseDate, parseDateTime } from '../domain/dates.js';
import { createToken, listTokens, revokeToken, type TokenInfo, type TokenRole } from '../auth/tokens.js';

const USAGE = `Usage:
  npm run token -- create --role editor|admin --name "<who holds it>" [--expires YYYY-MM-DD|<ISO instant>]
  npm run token -- list
  npm run token -- revoke <id>`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one CLI command against a database; returns the process exit code. */
export async function runTokenCommand(db: Db, argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'create':
        return await create(db, rest, io);
      case 'list':
        return await list(db, io);
      case 'revoke':
        return await revoke(db, rest, io);
      default:
        io.err(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

class UsageError extends Error {}

async function create(db: Db, args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const role = values.role?.toUpperCase();
  if (role !== 'EDITOR' && role !== 'ADMIN') throw new UsageError('--role must be editor or admin.');
  const name = values.name?.trim();
  if (!name) throw new UsageError('--name is required: say who or what holds the token.');
  let expiresAt: Date | null = null;
  if (values.expires !== undefined) {
    expiresAt = parseExpiry(values.expires);
    if (!expiresAt) throw new UsageError('--expires must be a date (YYYY-MM-DD, midnight UTC) or an ISO instant with a zone.');
    if (expiresAt.getTime() <= Date.now()) throw new UsageError('--expires must lie in the future.');
  }
  const created = await createToken(db, { name, role: role as TokenRole, expiresAt });
  io.out(`Created token ${created.id} (${created.role}) for "${created.name}"${expiresAt ? `, expires ${expiresAt.toISOString()}` : ''}.`);
  io.out('Copy it now: it is shown only this once and cannot be recovered.');
  io.out('');
  io.out(created.token);
  return 0;
}

function parseExpiry(value: string): Date | null {
  if (parseDate(value)) return new Date(`${value}T00:00:00Z`);
  return parseDateTime(value);
}

async function list(db: Db, io: CliIo): Promise<number> {
  const tokens = await listTokens(db);
  if (tokens.length === 0) {
    io.out('No tokens.');
    return 0;
  }
  io.out(['id', 'role', 'status', 'created', 'last used', 'expires', 'name'].join('\t'));
  for (const t of tokens) {
    io.out([t.id, t.role, status(t), iso(t.createdAt), iso(t.lastUsedAt), iso(t.expiresAt), t.name].join('\t'));
  }
  return 0;
}

function status(t: TokenInfo): string {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt.getTime() <= Date.now()) return 'expired';
  return 'active';
}

function iso(d: Date | null): string {
  return d ? d.toISOString() : '-';
}

async function revoke(db: Db, args: string[], io: CliIo): Promise<number> {
  const [raw, ...extra] = args;
  const id = Number(raw);
  if (!raw || extra.length > 0 || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError('revoke takes one token id (see `list`).');
  }
  if (!(await revokeToken(db, id))) {
    io.err(`No token with id ${id}.`);
    return 1;
  }
  io.out(`Token ${id} is revoked; requests carrying it are refused from now on.`);
  return 0;
}

async function main() {
  const config = loadConfigOrExit();
  // The embedded database allows one process at a time: stop the server before using the CLI on it.
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: 1 });
  try {
    if (config.MIGRATE_ON_START) await database.migrate();
    process.exitCode = await runTokenCommand(database.db, process.argv.slice(2), {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
