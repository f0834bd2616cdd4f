// npm run db:release -- <version> [--notes "..."] [--out DIR]
// Cuts a release of the data as it stands (the same as the createRelease mutation, recorded as cut by
// `cli`), then writes its CSV and datapackage.json to DIR/<version>/ (default data/releases). A version
// already used, or malformed, is refused and nothing is written. `--files-only` writes the files of a
// release cut earlier (e.g. through the API) again, byte for byte the same.
import path from 'node:path';
import { releaseBibtex, releaseCitation } from '../domain/dataset.js';
import { DomainError } from '../domain/errors.js';
import { writeReleaseFiles } from '../release/files.js';
import { createRelease, findRelease } from '../store/release.js';
import { cliConfig, cliDatabase } from './open.js';
import { migrationStatus } from './status.js';

const USAGE = 'usage: npm run db:release -- <version> [--notes "what it brings"] [--out data/releases] [--files-only]';

export function parseReleaseArgs(argv: string[]): { version: string; notes?: string; out: string; filesOnly: boolean } {
  let version: string | undefined;
  let filesOnly = false;
  let notes: string | undefined;
  let out = 'data/releases';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--files-only') {
      filesOnly = true;
      continue;
    }
    const m = /^--(notes|out)(?:=(.*))?$/.exec(arg);
    if (m) {
      const value = m[2] ?? argv[++i];
      if (value === undefined) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
      if (m[1] === 'notes') notes = value;
      else out = value;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    } else if (version === undefined) {
      version = arg;
    } else {
      throw new Error(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  if (!version) throw new Error(`a version is required\n${USAGE}`);
  if (filesOnly && notes !== undefined) throw new Error(`--notes belongs to a new release, not to --files-only\n${USAGE}`);
  return { version, ...(notes !== undefined ? { notes } : {}), out, filesOnly };
}

let args: ReturnType<typeof parseReleaseArgs>;
try {
  args = parseReleaseArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const config = cliConfig();
const database = await cliDatabase(config, { noStatementTimeout: true });
try {
  const status = await migrationStatus(database.db);
  if (status.pending.length) throw new Error(`${status.pending.length} migrations are pending; run npm run db:migrate first`);
  const release = args.filesOnly
    ? await findRelease(database.db, args.version)
    : await createRelease(database.db, { tokenId: null, actor: 'cli' }, { version: args.version, notes: args.notes });
  if (!release) throw new Error(`there is no release ${JSON.stringify(args.version)}`);
  console.log(`release ${release.version}: ${release.reportCount} reports, ${release.figureCount} figures, data version ${release.dataVersion}`);
  const files = await writeReleaseFiles(database, release, path.join(args.out, release.version), config.PUBLIC_URL).catch((error: unknown) => {
    throw new Error(
      `release ${release.version} is cut, but its files could not be written (${(error as Error).message}); write them with npm run db:release -- ${release.version} --files-only`,
    );
  });
  console.log(`wrote ${files.csv}\nwrote ${files.dataPackage}\n\ncite as:\n${releaseCitation(release, config.PUBLIC_URL)}\n\n${releaseBibtex(release, config.PUBLIC_URL)}`);
} catch (error) {
  console.error(`db:release: ${error instanceof DomainError || error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
