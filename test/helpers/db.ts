// Each test file owns its database: an in-memory PGlite by default, or a fresh database on the
// PostgreSQL server that TEST_DATABASE_URL names (dropped again when the file is done).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.js';

export interface TestDatabase extends Database {
  /** every SQL statement sent since the last reset */
  statements: string[];
  /** the database's URL, when on a PostgreSQL server */
  url?: string;
}

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const statements: string[] = [];
  const onQuery = (sql: string) => statements.push(sql);
  const serverUrl = process.env.TEST_DATABASE_URL;
  let database: Database;
  let url: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `tot_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    database = await openDatabase({ url, onQuery, poolSize: 4 });
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
  } else {
    database = await openDatabase({ onQuery });
  }
  if (options.migrate !== false) await database.migrate();
  statements.length = 0;
  return {
    ...database,
    statements,
    ...(url ? { url } : {}),
    async close() {
      await database.close();
      await dropDatabase?.();
    },
  };
}
