// An app with a token for every kind of caller, and every log line it writes kept for inspection.
import { eq } from 'drizzle-orm';
import { createToken } from '../../src/auth/tokens.js';
import { apiTokens, auditLog } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp, type TestApp } from './app.js';

export type Caller = 'none' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'editor' | 'admin';
export const CALLERS: Caller[] = ['none', 'malformed', 'unknown', 'revoked', 'expired', 'editor', 'admin'];

export interface EditorsApp extends TestApp {
  tokens: Record<Exclude<Caller, 'none'>, string>;
  tokenIds: { editor: number; admin: number };
  /** every log line the app wrote, as raw JSON text */
  logLines: string[];
  headers(caller: Caller): Record<string, string>;
  /** POSTs as `caller` */
  as(caller: Caller, query: string, variables?: Record<string, unknown>): ReturnType<TestApp['post']>;
  auditCount(): Promise<number>;
}

export async function createEditorsApp(): Promise<EditorsApp> {
  const logLines: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
  const t = await createTestApp({}, { logger });
  const db = t.database.db;
  const editor = await createToken(db, { name: 'Test editor', role: 'EDITOR' });
  const admin = await createToken(db, { name: 'Test admin', role: 'ADMIN' });
  const revoked = await createToken(db, { name: 'Revoked editor', role: 'ADMIN' });
  await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, revoked.id));
  const expired = await createToken(db, { name: 'Expired editor', role: 'ADMIN', expiresAt: new Date(Date.now() + 3_600_000) });
  await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expired.id));
  const tokens = {
    editor: editor.token,
    admin: admin.token,
    revoked: revoked.token,
    expired: expired.token,
    malformed: 'not-a-token',
    // well formed, never issued
    unknown: `tot_${'A'.repeat(43)}`,
  };
  const headers = (caller: Caller): Record<string, string> =>
    caller === 'none' ? {} : { authorization: `Bearer ${tokens[caller]}` };
  return {
    ...t,
    tokens,
    tokenIds: { editor: editor.id, admin: admin.id },
    logLines,
    headers,
    as: (caller, query, variables) => t.post(query, variables, headers(caller)),
    async auditCount() {
      return (await db.select({ id: auditLog.id }).from(auditLog)).length;
    },
  };
}
