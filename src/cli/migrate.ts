// npm run db:migrate — applies the pending migrations of migrations/ to the configured database
// (PostgreSQL when DATABASE_URL is set, else the PGlite folder under DATA_DIR), in one transaction.
import { cliConfig, cliDatabase } from './open.js';
import { migrationStatus } from './status.js';

const config = cliConfig();
const database = await cliDatabase(config, { noStatementTimeout: true });
try {
  const before = await migrationStatus(database.db);
  await database.migrate();
  const after = await migrationStatus(database.db);
  const applied = before.pending.filter((name) => !after.pending.includes(name));
  if (applied.length === 0) console.log(`${database.kind}: nothing to migrate; ${after.applied.length} migrations applied`);
  else for (const name of applied) console.log(`${database.kind}: applied ${name}`);
  if (after.pending.length) {
    console.error(`still pending: ${after.pending.join(', ')}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
