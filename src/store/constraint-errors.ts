// The database boundary for writes: a violated constraint becomes a ConflictError named after the
// constraint, with a message an editor can act on. Only constraints listed here are translated; any
// other database error stays unexpected (and masked). Names are those in src/db/schema.ts.
import { ConflictError, type ConflictKind } from '../domain/errors.js';

interface Known {
  kind: ConflictKind;
  fields: string[];
  message: string;
}

const KNOWN: Record<string, Known> = {
  reports_slug_key: { kind: 'UNIQUE', fields: ['slug'], message: 'Another report already has this slug.' },
  reports_slug_format: {
    kind: 'CHECK',
    fields: ['slug'],
    message: 'A slug is lowercase letters and digits in groups joined by single hyphens.',
  },
  reports_period_order: { kind: 'CHECK', fields: ['periodStart', 'periodEnd'], message: 'The period ends before it starts.' },
  recruitment_figures_identity_key: {
    kind: 'UNIQUE',
    fields: ['report', 'region', 'metric', 'unit', 'periodStart', 'periodEnd'],
    message: 'This report already states a figure for this region, metric, unit and period.',
  },
  recruitment_figures_metric_unit_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['unit', 'metric'],
    message: 'The unit does not fit the metric (Query.metrics lists the units each metric allows).',
  },
  recruitment_figures_period_start_precision: {
    kind: 'CHECK',
    fields: ['periodStart', 'periodStartPrecision'],
    message: 'A start dated to the month, quarter or year is stored as its first day.',
  },
  recruitment_figures_period_end_precision: {
    kind: 'CHECK',
    fields: ['periodEnd', 'periodEndPrecision'],
    message: 'An end dated to the month, quarter or year is stored as its last day.',
  },
  figure_variants_figure_publication_key: {
    kind: 'UNIQUE',
    fields: ['variants'],
    message: 'The figure already has a variant from this publication.',
  },
  figure_variants_publication_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['variants', 'publications'],
    message: "A variant's publication must be one of its report's, and a publication with variants cannot be removed before them.",
  },
  region_memberships_pkey: { kind: 'UNIQUE', fields: ['memberCodes'], message: 'The region is already a member of this group.' },
  region_memberships_not_self: { kind: 'CHECK', fields: ['memberCodes'], message: 'A group cannot contain itself.' },
  recruitment_figures_report_id_reports_id_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['report'],
    message: 'The report does not exist (it may just have been deleted).',
  },
  recruitment_figures_region_id_regions_id_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['region'],
    message: 'The region does not exist.',
  },
  recruitment_figures_period_order: { kind: 'CHECK', fields: ['periodStart', 'periodEnd'], message: 'The period ends before it starts.' },
  recruitment_figures_low_le_best: { kind: 'CHECK', fields: ['value'], message: 'The low bound exceeds the best value.' },
  recruitment_figures_best_le_high: { kind: 'CHECK', fields: ['value'], message: 'The best value exceeds the high bound.' },
  recruitment_figures_not_negative: { kind: 'CHECK', fields: ['value'], message: 'A figure cannot be negative.' },
  recruitment_figures_as_stated_present: {
    kind: 'CHECK',
    fields: ['value', 'asStated'],
    message: 'A figure needs its wording in the source.',
  },
  coercion_factors_slug_key: { kind: 'UNIQUE', fields: ['slug'], message: 'Another coercion factor already has this slug.' },
  coercion_factors_slug_format: {
    kind: 'CHECK',
    fields: ['slug'],
    message: 'A slug is lowercase letters and digits in groups joined by single hyphens.',
  },
  coercion_factor_reports_pkey: { kind: 'UNIQUE', fields: ['report'], message: 'The factor is already linked to this report.' },
  coercion_factor_regions_pkey: { kind: 'UNIQUE', fields: ['region'], message: 'The factor is already linked to this region.' },
  coercion_factor_reports_factor_id_coercion_factors_id_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['factor'],
    message: 'The coercion factor does not exist (it may just have been deleted).',
  },
  coercion_factor_reports_report_id_reports_id_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['report'],
    message: 'The report does not exist (it may just have been deleted).',
  },
  coercion_factor_regions_factor_id_coercion_factors_id_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['factor'],
    message: 'The coercion factor does not exist (it may just have been deleted).',
  },
  coercion_factor_regions_region_id_regions_id_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['region'],
    message: 'The region does not exist, or is still referred to.',
  },
  report_publications_report_id_reports_id_fkey: {
    kind: 'FOREIGN_KEY',
    fields: ['report'],
    message: 'The report does not exist (it may just have been deleted).',
  },
  dataset_releases_version_key: {
    kind: 'UNIQUE',
    fields: ['version'],
    message: 'This version is already taken by a release; a version is never reused.',
  },
  report_publications_report_url_key: {
    kind: 'UNIQUE',
    fields: ['publications'],
    message: 'The report already lists a publication at this URL.',
  },
};

/** SQLSTATE classes that carry a constraint name: unique, foreign key, check, not null, exclusion. */
const CONSTRAINT_CODES = new Set(['23505', '23503', '23514', '23502', '23P01']);

interface PgErrorLike {
  code?: unknown;
  /** PGlite */
  constraint?: unknown;
  /** postgres.js */
  constraint_name?: unknown;
  cause?: unknown;
}

/** The violated constraint's name, looking through wrappers such as drizzle's query error. */
export function violatedConstraint(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const e = current as PgErrorLike;
    if (typeof e.code === 'string' && CONSTRAINT_CODES.has(e.code)) {
      const name = e.constraint_name ?? e.constraint;
      return typeof name === 'string' ? name : null;
    }
    current = e.cause;
  }
  return null;
}

/** A ConflictError for a known constraint violation, or null when the error is something else. */
export function conflictFromDatabaseError(error: unknown): ConflictError | null {
  const name = violatedConstraint(error);
  if (!name) return null;
  const known = KNOWN[name];
  if (!known) return null;
  return new ConflictError(known.message, known.kind, name, known.fields);
}

/** Runs a write; a known constraint violation comes back as a ConflictError, anything else unchanged. */
export async function mapConstraintErrors<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw conflictFromDatabaseError(error) ?? error;
  }
}
