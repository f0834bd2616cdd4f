// npm run db:seed [-- --dry-run] — loads every report bundle in BUNDLES_DIR, one transaction per
// bundle, with an audit_log row (actor 'seed') per change. A bad bundle stops it before anything is
// written, with the file, the JSON path and the problem.
import { BundleError } from '../bundles/load.js';
import { describeSeedResult, seedBundles } from '../bundles/seed.js';
import { cliConfig, cliDatabase, failureMessage } from './open.js';
import { migrationStatus } from './status.js';

const dryRun = process.argv.includes('--dry-run');
const config = cliConfig();
const database = await cliDatabase(config);
try {
  const status = await migrationStatus(database.db);
  if (status.pending.length) {
    console.error(`${status.pending.length} migrations are pending; run npm run db:migrate first`);
    process.exitCode = 1;
  } else {
    const results = await seedBundles(database.db, config.BUNDLES_DIR, { dryRun });
    for (const r of results) console.log(describeSeedResult(r));
    const total = (k: 'created' | 'updated' | 'removed') => results.reduce((n, r) => n + r[k], 0);
    console.log(
      `${dryRun ? 'dry run, nothing written: ' : ''}${results.length} bundles: ${total('created')} created, ${total('updated')} updated, ${total('removed')} removed`,
    );
  }
} catch (error) {
  if (error instanceof BundleError) {
    console.error(`seed stopped, nothing written: ${error.problems.length} problem(s)`);
    console.error(error.message);
  } else {
    console.error(`seed failed: ${failureMessage(error)}`);
  }
  process.exitCode = 1;
} finally {
  await database.close();
}
