// Releases: the store's module for dataset_releases (the one place that writes it), and its reads. Cutting a release writes
// one row and copies nothing: the row names the data version the release reads as of (history.ts).
import { desc, eq, lt, sql } from 'drizzle-orm';
import type { Actor } from './audit.js';
import type { Db } from '../db/client.js';
import { mapConstraintErrors } from './constraint-errors.js';
import { dataVersions, datasetReleases } from '../db/schema.js';
import { named, rowsOf } from '../db/statements.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { RELEASE_LOCK_KEY } from '../release/history.js';

export type ReleaseRow = typeof datasetReleases.$inferSelect;

/** A version: starts with a digit, then letters and digits in groups joined by `.` or `-`, e.g. 2026.12.0. */
export const VERSION_PATTERN = /^[0-9][0-9A-Za-z]*([.-][0-9A-Za-z]+)*$/;
export const MAX_VERSION_LENGTH = 40;
export const MAX_NOTES_LENGTH = 10_000;

export function versionProblem(version: string): string | null {
  if (version.length > MAX_VERSION_LENGTH) return `must be at most ${MAX_VERSION_LENGTH} characters`;
  if (!VERSION_PATTERN.test(version)) {
    return 'must start with a digit and hold only letters and digits in groups joined by "." or "-", e.g. 2026.12.0';
  }
  return null;
}

export interface NewRelease {
  version: string;
  notes?: string | null | undefined;
}

/**
 * Freezes the data as it stands now under `version`. Refused, with nothing written, when the version is
 * malformed (ValidationError) or was ever used (ConflictError): releases are never deleted, so a
 * version, once used, stays taken.
 */
export async function createRelease(db: Db, actor: Actor, input: NewRelease): Promise<ReleaseRow> {
  const version = input.version.trim();
  const issues = [];
  const problem = versionProblem(version);
  if (problem) issues.push({ path: ['input', 'version'], message: problem });
  const notes = input.notes?.trim() || null;
  if (notes && notes.length > MAX_NOTES_LENGTH) issues.push({ path: ['input', 'notes'], message: `must be at most ${MAX_NOTES_LENGTH} characters` });
  if (issues.length > 0) throw new ValidationError(issues);

  return mapConstraintErrors(() =>
    db.transaction(async (tx) => {
      // Waits for every write in flight to commit (writers hold this lock shared from their first write):
      // every data version up to the one read below is committed, every later write gets a higher one.
      await tx.execute(sql`select pg_advisory_xact_lock(${RELEASE_LOCK_KEY})`);
      const [taken] = await tx.select({ id: datasetReleases.id }).from(datasetReleases).where(eq(datasetReleases.version, version));
      if (taken) {
        throw new ConflictError(`Version ${version} is already taken by a release; a version is never reused.`, 'UNIQUE', 'dataset_releases_version_key', [
          'version',
        ]);
      }
      const [state] = rowsOf<{ data_version: string | number; reports: string | number; figures: string | number }>(
        await tx.execute(
          named(
            'releaseState',
            sql`select (select coalesce(max(version), 0) from ${dataVersions}) as data_version,
              (select count(*) from reports) as reports, (select count(*) from recruitment_figures) as figures`,
          ),
        ),
      );
      const [row] = await tx
        .insert(datasetReleases)
        .values({
          version,
          notes,
          dataVersion: Number(state!.data_version),
          reportCount: Number(state!.reports),
          figureCount: Number(state!.figures),
          tokenId: actor.tokenId,
          actor: actor.actor,
        })
        .returning();
      return row!;
    }),
  );
}

/**
 * Releases found, per database, by version: a release is never changed or deleted (a trigger refuses
 * both), so one found stays as found, and a release read costs no statement to find it again. Versions
 * not found are not kept: they may be cut later, by this process or another.
 */
const found = new WeakMap<Db, Map<string, ReleaseRow>>();
const MAX_FOUND = 1000;

export async function findRelease(db: Db, version: string): Promise<ReleaseRow | undefined> {
  if (versionProblem(version)) return undefined;
  let cache = found.get(db);
  if (!cache) found.set(db, (cache = new Map()));
  const kept = cache.get(version);
  if (kept) return kept;
  const [row] = await db.select().from(datasetReleases).where(eq(datasetReleases.version, version));
  if (row && cache.size < MAX_FOUND) cache.set(version, row);
  return row;
}

export async function findReleasesById(db: Db, ids: number[]): Promise<ReleaseRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(datasetReleases).where(sql`${datasetReleases.id} = any(${sql.param(ids)}::int[])`);
}

/** Every release, newest first. */
export async function listReleases(db: Db): Promise<ReleaseRow[]> {
  // cut one at a time under the release lock, so their ids are in the order they were cut
  return db.select().from(datasetReleases).orderBy(desc(datasetReleases.id));
}

/** The release cut before `release`, if any: the one its changes are counted from. */
export async function previousRelease(db: Db, release: ReleaseRow): Promise<ReleaseRow | undefined> {
  const [row] = await db
    .select()
    .from(datasetReleases)
    .where(lt(datasetReleases.id, release.id))
    .orderBy(desc(datasetReleases.id))
    .limit(1);
  return row;
}

/** When the data last changed: the newest data version's time, or null before any data. */
export async function dataUpdatedAt(db: Db): Promise<Date | null> {
  const [row] = await db.select({ at: dataVersions.changedAt }).from(dataVersions).orderBy(desc(dataVersions.version)).limit(1);
  return row?.at ?? null;
}
