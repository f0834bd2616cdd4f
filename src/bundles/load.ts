// Reads and validates report bundles. Every problem names the file, the JSON path
// (e.g. figures[3].value.qualifier) and what is wrong, and all of it is found before anything is written.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { sql } from 'drizzle-orm';
import { named, rowsOf } from '../db/statements.js';
import type { Db } from '../db/client.js';
import { metricDefinitions, metricUnits, regions, type unit } from '../db/schema.js';

export type UnitValue = (typeof unit.enumValues)[number];
import { figureKey, reportBundleSchema, type ReportBundle } from './format.js';
import { findJsonSyntaxError } from './json-syntax.js';

export interface BundleProblem {
  /** the file (or other source label) the bundle came from */
  file: string;
  /** JSON path within the bundle, e.g. figures[3].value.qualifier; '(root)' for the whole document */
  path: string;
  problem: string;
}

export class BundleError extends Error {
  constructor(readonly problems: BundleProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'BundleError';
  }
}

export function formatProblem(p: BundleProblem): string {
  return `${p.file}: ${p.path}: ${p.problem}`;
}

/** `['figures', 3, 'value', 'qualifier']` → `figures[3].value.qualifier` */
export function formatJsonPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out || '(root)';
}

function zodProblems(file: string, error: z.ZodError): BundleProblem[] {
  const problems: BundleProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ file, path: formatJsonPath([...issue.path, key]), problem: `unknown key "${key}"` });
      }
    } else {
      problems.push({ file, path: formatJsonPath(issue.path), problem: issue.message });
    }
  }
  return problems;
}

function syntaxProblem(file: string, source: string, error: SyntaxError): BundleProblem {
  const found = findJsonSyntaxError(source);
  const problem = found
    ? `not valid JSON at line ${found.line}, column ${found.column}: ${found.message}`
    : `not valid JSON: ${error.message.slice(0, 200)}`;
  return { file, path: '(root)', problem };
}

/** Validates already-parsed JSON against the bundle format; throws BundleError listing every problem. */
export function validateBundle(file: string, data: unknown): ReportBundle {
  const parsed = reportBundleSchema.safeParse(data);
  if (!parsed.success) throw new BundleError(zodProblems(file, parsed.error));
  return parsed.data;
}

/** Parses the text of a bundle file and validates it; throws BundleError. */
export function parseBundle(file: string, source: string): ReportBundle {
  let data: unknown;
  try {
    // Some editors save a byte-order mark, which JSON.parse refuses.
    data = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (error instanceof SyntaxError) throw new BundleError([syntaxProblem(file, source, error)]);
    throw error;
  }
  return validateBundle(file, data);
}

/** The region codes a bundle names that are not in `known`, with their JSON paths. */
export function unknownRegionProblems(file: string, bundle: ReportBundle, known: ReadonlySet<string>): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const hint = [...known].sort().join(', ');
  bundle.figures.forEach((f, i) => {
    if (!known.has(f.regionCode)) {
      problems.push({ file, path: `figures[${i}].regionCode`, problem: `unknown region code ${f.regionCode} (known: ${hint})` });
    }
  });
  bundle.coercionFactors.forEach((factor, i) => {
    factor.regionCodes.forEach((code, j) => {
      if (!known.has(code)) {
        problems.push({
          file,
          path: `coercionFactors[${i}].regionCodes[${j}]`,
          problem: `unknown region code ${code} (known: ${hint})`,
        });
      }
    });
  });
  return problems;
}

/** Every region code the database knows (a handful of reference rows). */
export async function knownRegionCodes(db: Db): Promise<Set<string>> {
  return new Set((await loadReferences(db)).regionIds.keys());
}

/** The reference data a bundle is checked against: region ids by code, and the metric definitions' units. */
export interface References {
  regionIds: Map<string, number>;
  units: MetricUnits;
}

/** Reads the regions and the metrics' units in one statement. */
export async function loadReferences(db: Pick<Db, 'execute'>): Promise<References> {
  const [row] = rowsOf<{ regions: unknown; metrics: unknown }>(
    await db.execute(named('bundleReferences', sql`
      select (select json_agg(json_build_object('id', id, 'code', code)) from ${regions}) as regions,
             (select json_agg(json_build_object('metric', d.metric, 'defaultUnit', d.default_unit,
                'units', (select json_agg(u.unit order by u.unit) from ${metricUnits} u where u.metric = d.metric)))
              from ${metricDefinitions} d) as metrics`)),
  );
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const regionRows = parse<{ id: number; code: string }[] | null>(row?.regions) ?? [];
  const metricRows = parse<{ metric: string; defaultUnit: UnitValue; units: UnitValue[] | null }[] | null>(row?.metrics) ?? [];
  return {
    regionIds: new Map(regionRows.map((r) => [r.code, Number(r.id)])),
    units: {
      defaultUnit: new Map(metricRows.map((m) => [m.metric, m.defaultUnit])),
      allowed: new Map(metricRows.map((m) => [m.metric, m.units ?? []])),
    },
  };
}

/** Per metric, its default unit and the units it allows, from the metric definitions. */
export interface MetricUnits {
  defaultUnit: Map<string, UnitValue>;
  allowed: Map<string, UnitValue[]>;
}

export async function loadMetricUnits(db: Pick<Db, 'execute'>): Promise<MetricUnits> {
  return (await loadReferences(db)).units;
}

/** The unit of each figure: its own, or its metric's default, with a problem for one its metric does not allow. */
export function unitProblems(file: string, bundle: ReportBundle, units: MetricUnits): { units: UnitValue[]; problems: BundleProblem[] } {
  const problems: BundleProblem[] = [];
  const resolved = bundle.figures.map((f, i) => {
    const defaultUnit = units.defaultUnit.get(f.metric);
    if (!defaultUnit) {
      problems.push({ file, path: `figures[${i}].metric`, problem: `metric ${f.metric} has no definition (Query.metrics)` });
      return 'PERSONS';
    }
    const unit = f.unit ?? defaultUnit;
    const allowed = units.allowed.get(f.metric) ?? [];
    if (!allowed.includes(unit)) {
      problems.push({ file, path: `figures[${i}].unit`, problem: `${unit} does not fit ${f.metric} (allowed: ${allowed.join(', ')})` });
    }
    return unit;
  });
  // A unit left to the default and the same unit written out are the same figure.
  const seen = new Map<string, number>();
  bundle.figures.forEach((f, i) => {
    const key = figureKey({ ...f, unit: resolved[i] });
    const first = seen.get(key);
    if (first !== undefined && figureKey(f) !== figureKey(bundle.figures[first]!)) {
      problems.push({
        file,
        path: `figures[${i}]`,
        problem: `duplicates figures[${first}]: one value per region, metric, unit and period (${f.regionCode}, ${f.metric}, ${resolved[i]}, ${f.periodStart}..${f.periodEnd})`,
      });
    } else if (first === undefined) seen.set(key, i);
  });
  return { units: resolved, problems };
}

/** The units of the bundle's figures, resolved; throws BundleError when one does not fit its metric. */
export function resolveUnits(file: string, bundle: ReportBundle, units: MetricUnits): UnitValue[] {
  const result = unitProblems(file, bundle, units);
  if (result.problems.length) throw new BundleError(result.problems);
  return result.units;
}

/** Checks the bundle's references against the database (region codes, units); throws BundleError. */
export async function checkBundleReferences(db: Db, file: string, bundle: ReportBundle): Promise<void> {
  const references = await loadReferences(db);
  const problems = [
    ...unknownRegionProblems(file, bundle, new Set(references.regionIds.keys())),
    ...unitProblems(file, bundle, references.units).problems,
  ];
  if (problems.length) throw new BundleError(problems);
}

export interface LoadedBundle {
  file: string;
  bundle: ReportBundle;
}

/** The bundle files of a folder: every *.json, in name order so that runs are repeatable. */
export async function listBundleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** Reads and validates one bundle file (format only; see checkBundleReferences for the database). */
export async function readBundleFile(file: string): Promise<LoadedBundle> {
  const source = await readFile(file, 'utf8');
  return { file, bundle: parseBundle(file, source) };
}

/**
 * Reads every bundle of a folder and checks each against the format, the database's regions and the
 * other bundles (one file per report slug; a factor shared by several bundles described identically,
 * or seeding would flip it back and forth). Throws one BundleError listing every problem in every file.
 */
export async function loadBundleDir(db: Db, dir: string): Promise<LoadedBundle[]> {
  const files = await listBundleFiles(dir);
  const problems: BundleProblem[] = [];
  const loaded: LoadedBundle[] = [];
  for (const file of files) {
    try {
      loaded.push(await readBundleFile(file));
    } catch (error) {
      if (error instanceof BundleError) problems.push(...error.problems);
      else throw error;
    }
  }

  const references = await loadReferences(db);
  const known = new Set(references.regionIds.keys());
  const units = references.units;
  for (const { file, bundle } of loaded) {
    problems.push(...unknownRegionProblems(file, bundle, known), ...unitProblems(file, bundle, units).problems);
  }

  const reportFiles = new Map<string, string>();
  const factorDefinitions = new Map<string, { file: string; json: string }>();
  for (const { file, bundle } of loaded) {
    const other = reportFiles.get(bundle.report.slug);
    if (other) problems.push({ file, path: 'report.slug', problem: `report ${bundle.report.slug} is also in ${other}` });
    else reportFiles.set(bundle.report.slug, file);
    bundle.coercionFactors.forEach((factor, i) => {
      const json = JSON.stringify(factor);
      const first = factorDefinitions.get(factor.slug);
      if (!first) factorDefinitions.set(factor.slug, { file, json });
      else if (first.json !== json) {
        problems.push({
          file,
          path: `coercionFactors[${i}]`,
          problem: `factor ${factor.slug} is described differently in ${first.file}; a shared factor must be identical in every bundle`,
        });
      }
    });
  }

  if (problems.length) throw new BundleError(problems);
  return loaded;
}
