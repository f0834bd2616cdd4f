// Seeding: every bundle of a folder, each in its own transaction together with its audit rows.
// All files are read and checked first, so a bad bundle stops the seed before anything is written.
import path from 'node:path';
import type { Db } from '../db/client.js';
import { reports } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { write } from '../store/writer.js';
import { reconcileBundle, type Change } from './apply.js';
import { loadBundleDir } from './load.js';

export const SEED_ACTOR = 'seed';

export interface BundleSeedResult {
  file: string;
  slug: string;
  created: number;
  updated: number;
  removed: number;
  changes: Change[];
}

export interface SeedOptions {
  /** compute and report the changes, write nothing */
  dryRun?: boolean;
  /** audit_log actor; 'seed' by default */
  actor?: string;
}

function summarise(file: string, slug: string, changes: Change[]): BundleSeedResult {
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  return { file, slug, created: count('CREATE'), updated: count('UPDATE'), removed: count('DELETE'), changes };
}

/**
 * Loads every bundle in `dir`. Throws BundleError (naming file, JSON path and problem for every bad
 * bundle) before writing anything. Each bundle is then applied in a transaction of its own; should one
 * fail in the database, its transaction is rolled back, the bundles before it stay applied, and the
 * error is thrown.
 */
export async function seedBundles(db: Db, dir: string, options: SeedOptions = {}): Promise<BundleSeedResult[]> {
  const loaded = await loadBundleDir(db, dir);
  const results: BundleSeedResult[] = [];
  for (const { file, bundle } of loaded) {
    const label = path.relative(process.cwd(), file) || file;
    const actor = { tokenId: null, actor: options.actor ?? SEED_ACTOR };
    const { changes } = await write(db, actor, (w) => reconcileBundle(w, bundle, label), { dryRun: options.dryRun ?? false });
    results.push(summarise(label, bundle.report.slug, changes as Change[]));
  }
  return results;
}

/** One line per bundle for people: `file (slug): 3 created, 1 updated, 0 removed`. */
export function describeSeedResult(r: BundleSeedResult): string {
  return `${r.file} (${r.slug}): ${r.created} created, ${r.updated} updated, ${r.removed} removed`;
}

/** Seeds from `dir` when the database holds no report yet; returns null when it already did. */
export async function seedIfEmpty(db: Db, dir: string, logger?: Logger): Promise<BundleSeedResult[] | null> {
  const any = await db.select({ id: reports.id }).from(reports).limit(1);
  if (any.length) return null;
  const results = await seedBundles(db, dir);
  for (const r of results) logger?.info({ file: r.file, created: r.created, updated: r.updated, removed: r.removed }, 'bundle seeded');
  return results;
}
