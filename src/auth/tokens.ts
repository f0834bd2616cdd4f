// API tokens: random secrets shown once, stored only as a SHA-256 hash, each with a role.
// A token is `tot_` followed by 43 base64url characters (32 random bytes); the prefix lets secret
// scanners and people recognise one, and lets the server refuse a malformed value without a query.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiTokens } from '../db/schema.js';

export type TokenRole = 'EDITOR' | 'ADMIN';

export const TOKEN_PREFIX = 'tot_';
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^tot_[A-Za-z0-9_-]{43}$/;

/** How stale `last_used_at` may get before a request refreshes it: reads should not write each time. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface TokenInfo {
  id: number;
  name: string;
  role: TokenRole;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface CreatedToken extends TokenInfo {
  /** the secret itself: returned once, never stored */
  token: string;
}

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isWellFormedToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

const infoColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  role: apiTokens.role,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};

export async function createToken(
  db: Db,
  input: { name: string; role: TokenRole; expiresAt?: Date | null },
): Promise<CreatedToken> {
  const name = input.name.trim();
  if (!name) throw new Error('A token needs a name that says who or what holds it.');
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new Error('The expiry must lie in the future.');
  }
  const token = generateToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ name, role: input.role, tokenHash: hashToken(token), expiresAt: input.expiresAt ?? null })
    .returning(infoColumns);
  return { ...row!, token };
}

export async function listTokens(db: Db): Promise<TokenInfo[]> {
  return db.select(infoColumns).from(apiTokens).orderBy(asc(apiTokens.id));
}

/** Revokes a token; returns false when there is no such token. Revoking twice keeps the first time. */
export async function revokeToken(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(eq(apiTokens.id, id))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export type AuthenticationResult =
  | { ok: true; token: TokenInfo }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' };

/**
 * Looks a presented token up by its hash. The lookup goes through the unique index on the hash, and
 * the stored hash is compared again in constant time, so neither step reveals how much of a guess was
 * right. Refreshes `last_used_at` at most once per LAST_USED_RESOLUTION_MS.
 */
export async function authenticateToken(db: Db, presented: string, now = new Date()): Promise<AuthenticationResult> {
  if (!isWellFormedToken(presented)) return { ok: false, reason: 'malformed' };
  const hash = hashToken(presented);
  const [row] = await db
    .select({ ...infoColumns, tokenHash: apiTokens.tokenHash })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hash))
    .limit(1);
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) {
    return { ok: false, reason: 'unknown' };
  }
  const { tokenHash: _hash, ...token } = row;
  if (token.revokedAt) return { ok: false, reason: 'revoked' };
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };

  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // The condition repeats in SQL so that concurrent requests write once, not once each.
    const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, threshold))));
    token.lastUsedAt = now;
  }
  return { ok: true, token };
}
