// A release's files: its figures as CSV (exactly what /export/recruitment-figures.csv?release= serves)
// and datapackage.json beside it, whose resource path is the CSV's file name. Streamed to disk: a
// million rows are never in memory.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../db/client.js';
import { dataPackage } from '../export/datapackage.js';
import { encodeCsv } from '../export/encode.js';
import { exportBatches } from '../http/export.js';
import type { ReleaseRow } from '../store/release.js';

export const RELEASE_CSV = 'recruitment-figures.csv';

export interface ReleaseFiles {
  dir: string;
  csv: string;
  dataPackage: string;
}

/** Writes `<dir>/recruitment-figures.csv` and `<dir>/datapackage.json`; a failure leaves no partial CSV. */
export async function writeReleaseFiles(database: Database, release: ReleaseRow, dir: string, baseUrl: string): Promise<ReleaseFiles> {
  await mkdir(dir, { recursive: true });
  const csv = path.join(dir, RELEASE_CSV);
  const partial = `${csv}.partial`;
  try {
    await pipeline(Readable.from(encodeCsv(exportBatches(database, {}, undefined, 0, release.dataVersion))), createWriteStream(partial));
    await rename(partial, csv);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const descriptor = path.join(dir, 'datapackage.json');
  await writeFile(descriptor, `${JSON.stringify(dataPackage({ baseUrl, release, csvPath: RELEASE_CSV, now: release.releasedAt }), null, 2)}\n`);
  return { dir, csv, dataPackage: descriptor };
}
