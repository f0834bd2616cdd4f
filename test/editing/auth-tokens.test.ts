// Tokens, the viewer, and who may reach the admin fields: through the HTTP API, plus the token module
// and the CLI on their own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticateToken,
  createToken,
  generateToken,
  hashToken,
  isWellFormedToken,
  LAST_USED_RESOLUTION_MS,
  listTokens,
} from '../../src/auth/tokens.js';
import { runTokenCommand } from '../../src/cli/token.js';
import { apiTokens } from '../../src/db/schema.js';
import { CALLERS, createEditorsApp, type Caller, type EditorsApp } from '../helpers/editors.js';
import { prepareDataDir, usingPostgres } from '../helpers/db.js';

let t: EditorsApp;
/** every response body seen, to check that no token ever comes back */
const bodies: string[] = [];

beforeAll(async () => {
  t = await createEditorsApp();
});
afterAll(() => t.close());

async function as(caller: Caller, query: string, variables?: Record<string, unknown>) {
  const res = await t.app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...t.headers(caller) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as { data?: any; errors?: any[] } };
}

describe('tokens', () => {
  it('are 32 random bytes behind a recognisable prefix, different every time', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).toMatch(/^tot_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isWellFormedToken(a)).toBe(true);
    expect(isWellFormedToken(`${a}x`)).toBe(false);
    expect(isWellFormedToken('tot_short')).toBe(false);
  });

  it('are stored only as a SHA-256 hash', async () => {
    const created = await createToken(t.database.db, { name: 'hash check', role: 'EDITOR' });
    const [row] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(hashToken(created.token));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
    expect(JSON.stringify(await listTokens(t.database.db))).not.toContain(created.token);
  });

  it('authenticate by hash, refusing malformed, unknown, revoked and expired ones', async () => {
    const db = t.database.db;
    expect(await authenticateToken(db, 'nope')).toEqual({ ok: false, reason: 'malformed' });
    expect(await authenticateToken(db, t.tokens.unknown)).toEqual({ ok: false, reason: 'unknown' });
    expect(await authenticateToken(db, t.tokens.revoked)).toEqual({ ok: false, reason: 'revoked' });
    expect(await authenticateToken(db, t.tokens.expired)).toEqual({ ok: false, reason: 'expired' });
    const ok = await authenticateToken(db, t.tokens.editor);
    expect(ok.ok && ok.token.role).toBe('EDITOR');
    // A token one character off is unknown.
    const last = t.tokens.editor.at(-1) === 'A' ? 'B' : 'A';
    expect(await authenticateToken(db, t.tokens.editor.slice(0, -1) + last)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuse a token from the moment it expires', async () => {
    const created = await createToken(t.database.db, { name: 'short-lived', role: 'EDITOR', expiresAt: new Date(Date.now() + 60_000) });
    expect((await authenticateToken(t.database.db, created.token)).ok).toBe(true);
    const later = new Date(created.expiresAt!.getTime());
    expect(await authenticateToken(t.database.db, created.token, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('record the last use at most once a minute', async () => {
    const db = t.database.db;
    const created = await createToken(db, { name: 'last used', role: 'EDITOR' });
    const lastUsed = async () =>
      (await db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, created.id)))[0]!.at;
    const start = new Date(Date.now() + 1000);

    t.database.statements.length = 0;
    await authenticateToken(db, created.token, start);
    expect(t.database.statements.filter((s) => s.startsWith('update'))).toHaveLength(1);
    expect((await lastUsed())?.getTime()).toBe(start.getTime());

    // Within the minute: a read, no write.
    t.database.statements.length = 0;
    await authenticateToken(db, created.token, new Date(start.getTime() + LAST_USED_RESOLUTION_MS - 1));
    expect(t.database.statements).toHaveLength(1);
    expect(t.database.statements[0]).toMatch(/^select/);
    expect((await lastUsed())?.getTime()).toBe(start.getTime());

    const next = new Date(start.getTime() + LAST_USED_RESOLUTION_MS);
    await authenticateToken(db, created.token, next);
    expect((await lastUsed())?.getTime()).toBe(next.getTime());
  });
});

describe('token CLI', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  }

  it('creates a token, shows it once, lists without it, and revokes it', async () => {
    const db = t.database.db;
    const create = io();
    expect(
      await runTokenCommand(db, ['create', '--role', 'editor', '--name', 'CLI editor', '--expires', '2099-01-01'], create.io),
    ).toBe(0);
    const token = create.out.find((l) => l.startsWith('tot_'))!;
    expect(isWellFormedToken(token)).toBe(true);
    const id = Number(/Created token (\d+) \(EDITOR\)/.exec(create.out[0]!)![1]);
    const ok = await authenticateToken(db, token);
    expect(ok.ok && ok.token).toMatchObject({ id, name: 'CLI editor', role: 'EDITOR', expiresAt: new Date('2099-01-01T00:00:00Z') });

    const list = io();
    expect(await runTokenCommand(db, ['list'], list.io)).toBe(0);
    const line = list.out.find((l) => l.startsWith(`${id}\t`))!;
    expect(line).toContain('EDITOR\tactive');
    expect(line).toContain('CLI editor');
    expect(list.out.join('\n')).not.toContain(token);

    const revoke = io();
    expect(await runTokenCommand(db, ['revoke', String(id)], revoke.io)).toBe(0);
    expect(await authenticateToken(db, token)).toEqual({ ok: false, reason: 'revoked' });
    const after = io();
    await runTokenCommand(db, ['list'], after.io);
    expect(after.out.find((l) => l.startsWith(`${id}\t`))).toContain('revoked');
  });

  it('refuses bad usage with exit code 2 and writes nothing', async () => {
    const db = t.database.db;
    const before = (await listTokens(db)).length;
    for (const argv of [
      [],
      ['frobnicate'],
      ['create', '--role', 'reader', '--name', 'x'],
      ['create', '--role', 'editor'],
      ['create', '--role', 'editor', '--name', 'x', '--expires', '2001-01-01'],
      ['create', '--role', 'editor', '--name', 'x', '--expires', 'next week'],
      ['create', '--role', 'editor', '--name', 'x', '--bogus'],
      ['revoke'],
      ['revoke', 'abc'],
    ]) {
      const r = io();
      expect(await runTokenCommand(db, argv, r.io), argv.join(' ')).toBe(2);
      expect(r.err.join('\n')).toContain('Usage:');
    }
    const missing = io();
    expect(await runTokenCommand(db, ['revoke', '999999'], missing.io)).toBe(1);
    expect((await listTokens(db)).length).toBe(before);
  });

  it('runs as `npm run token`', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tot-cli-'));
    try {
      if (!usingPostgres) await prepareDataDir(dir);
      const env = {
        ...process.env,
        LOG_LEVEL: 'silent',
        DATA_DIR: dir,
        ...(usingPostgres ? { DATABASE_URL: t.database.url! } : { DATABASE_URL: '' }),
      };
      const run = (args: string[]) =>
        spawnSync('npm', ['run', '--silent', 'token', '--', ...args], { env, encoding: 'utf8', timeout: 110_000 });
      const created = run(['create', '--role', 'admin', '--name', 'spawned']);
      expect(created.status, created.stderr).toBe(0);
      const token = created.stdout.split('\n').find((l) => l.startsWith('tot_'));
      expect(token && isWellFormedToken(token)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the viewer', () => {
  const READ = '{ region(code: "UA-23") { code } }';

  it('reads stay public without a token', async () => {
    const r = await as('none', READ);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ region: { code: 'UA-23' } });
  });

  it.each(['malformed', 'unknown', 'revoked', 'expired'] as const)('a %s token is refused with 401, even for a public read', async (caller) => {
    const r = await as(caller, READ);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('Bearer');
    expect(r.body.data ?? null).toBeNull();
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    if (caller !== 'malformed') expect(r.body.errors![0].message).toBe('The token is invalid, revoked or expired.');
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    for (const value of ['Basic dXNlcjpwYXNz', 'Bearer', `Token ${t.tokens.editor}`, `Bearer ${t.tokens.editor} extra`]) {
      const res = await t.app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: value },
        body: JSON.stringify({ query: READ }),
      });
      const text = await res.text();
      bodies.push(text);
      expect(res.status, value).toBe(401);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a valid token reads as usual, and its use is recorded', async () => {
    const r = await as('editor', READ);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ region: { code: 'UA-23' } });
    const [row] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, t.tokenIds.editor));
    expect(row!.lastUsedAt).not.toBeNull();
  });
});

describe('admin fields', () => {
  const AUDIT = '{ auditLog(first: 5) { totalCount edges { node { entryId action } } } }';
  const RESTORE = `mutation($id: ID!) { restoreFromAudit(entryId: $id) { __typename ... on Error { message } } }`;

  const expected: Record<Caller, 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 401> = {
    none: 'UNAUTHENTICATED',
    malformed: 401,
    unknown: 401,
    revoked: 401,
    expired: 401,
    editor: 'FORBIDDEN',
    admin: 'ok',
  };

  it.each(CALLERS)('auditLog as %s', async (caller) => {
    const r = await as(caller, AUDIT);
    const want = expected[caller];
    if (want === 'ok') {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.auditLog.totalCount).toBeTypeOf('number');
    } else if (want === 401) {
      expect(r.status).toBe(401);
    } else {
      expect(r.status).toBe(200);
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors![0].extensions.code).toBe(want);
      expect(r.body.errors![0].path).toEqual(['auditLog']);
    }
  });

  it.each(CALLERS)('restoreFromAudit as %s (authorization comes before input validation)', async (caller) => {
    const before = await t.auditCount();
    // An id that fails validation: only an admin may learn that.
    const r = await as(caller, RESTORE, { id: 'not-a-number' });
    const want = expected[caller];
    if (want === 'ok') {
      expect(r.body.data.restoreFromAudit).toMatchObject({ __typename: 'ValidationError' });
      const missing = await as(caller, RESTORE, { id: '987654' });
      expect(missing.body.data.restoreFromAudit).toMatchObject({ __typename: 'NotFoundError', message: 'No AuditEntry 987654.' });
    } else if (want === 401) {
      expect(r.status).toBe(401);
    } else {
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors![0].extensions.code).toBe(want);
    }
    expect(await t.auditCount()).toBe(before);
  });
});

describe('secrecy', () => {
  it('no token ever appears in a response or a log line', () => {
    expect(bodies.length).toBeGreaterThan(20);
    expect(t.logLines.length).toBeGreaterThan(0);
    const secrets = [t.tokens.editor, t.tokens.admin, t.tokens.revoked, t.tokens.expired, t.tokens.unknown];
    for (const secret of secrets) {
      for (const text of [...bodies, ...t.logLines]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(secret.slice(4));
      }
    }
    // The refusals were logged, with their reason.
    expect(t.logLines.some((l) => l.includes('"reason":"revoked"'))).toBe(true);
  });
});
