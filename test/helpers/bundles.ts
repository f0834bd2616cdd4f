// Fixtures for bundle tests: the first bundle as data, temporary bundle folders, and whole-database
// snapshots to prove that a refused bundle wrote nothing.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { toJson } from '../../src/store/audit.js';
import {
  auditLog,
  coercionFactorRegions,
  coercionFactorReports,
  coercionFactors,
  figureVariants,
  recruitmentFigures,
  reportPublications,
  reports,
} from '../../src/db/schema.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLES_DIR = path.join(ROOT, 'data/reports');
export const FIRST_BUNDLE_FILE = path.join(BUNDLES_DIR, 'nrc-2024-occupied-recruitment.json');

/**
 * A folder holding only the first bundle. The tests of the seed's mechanics count what the first report
 * writes; data/reports holds every encoded source (test/bundles/sources.test.ts seeds all of them).
 */
export const FIRST_BUNDLE_DIR = (() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'first-bundle-'));
  copyFileSync(FIRST_BUNDLE_FILE, path.join(dir, path.basename(FIRST_BUNDLE_FILE)));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
})();

/** A fresh deep copy of the first bundle's JSON, to edit in a test. */
export function firstBundleJson(): any {
  return JSON.parse(readFileSync(FIRST_BUNDLE_FILE, 'utf8'));
}

export interface BundleDir {
  dir: string;
  /** writes `name` with `content` (an object is written as JSON); returns the file's path */
  write(name: string, content: unknown): string;
  remove(): void;
}

export function tempBundleDir(): BundleDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
  return {
    dir,
    write(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every row a bundle can touch, as plain JSON, in a stable order. */
export async function snapshot(db: Db) {
  return {
    reports: (await db.select().from(reports).orderBy(asc(reports.id))).map((row) => toJson(reports, row)),
    publications: (await db.select().from(reportPublications).orderBy(asc(reportPublications.id))).map((row) => toJson(reportPublications, row)),
    figures: (await db.select().from(recruitmentFigures).orderBy(asc(recruitmentFigures.id))).map((row) => toJson(recruitmentFigures, row)),
    factors: (await db.select().from(coercionFactors).orderBy(asc(coercionFactors.id))).map((row) => toJson(coercionFactors, row)),
    factorReports: (await db.select().from(coercionFactorReports).orderBy(asc(coercionFactorReports.factorId), asc(coercionFactorReports.reportId))).map(
      (row) => toJson(coercionFactorReports, row),
    ),
    factorRegions: (await db.select().from(coercionFactorRegions).orderBy(asc(coercionFactorRegions.factorId), asc(coercionFactorRegions.regionId))).map(
      (row) => toJson(coercionFactorRegions, row),
    ),
    audit: (await db.select().from(auditLog).orderBy(asc(auditLog.id))).map((row) => toJson(auditLog, row)),
  };
}

/** Empties everything bundles write, keeping the reference regions. */
export async function clearBundleData(db: Db): Promise<void> {
  await db.execute(
    sql`truncate ${auditLog}, ${coercionFactorRegions}, ${coercionFactorReports}, ${coercionFactors}, ${figureVariants}, ${recruitmentFigures}, ${reportPublications}, ${reports}`,
  );
}
