// The tables. The database itself refuses bad rows (foreign keys, uniques, CHECKs), so that no code path,
// present or future, can store a figure more exact than its bounds or a period that ends before it starts.
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The data version from which the row's current version is valid: set by the history triggers on every
 * insert and update (src/release/history.ts), whatever a writer gives; 0 for rows older than every
 * release. A release reads the live rows with `valid_from <= its data version` (docs/releases.md).
 * Its index is partial (valid_from > 0): a release read's `valid_from <= as_of` cannot use it, so the
 * planner never scans it for that filter (it would take it for a selective one, at 1% edited a count
 * took 180 ms against 9 ms live); it serves a release's changes, the rows begun between two releases.
 * Not part of the record: left out of the audit log, the bundles and the API.
 */
export const VALID_FROM = 'validFrom';
const validFrom = { [VALID_FROM]: bigint('valid_from', { mode: 'number' }).notNull().default(0) } as const;

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/** Optimistic concurrency: every update must carry the version it read, and bumps it. */
const version = integer('version').notNull().default(1);

// A date coarser than a day is the first day of its month/quarter/year where it starts something and the
// last day where it ends a period (src/domain/precision.ts); the database refuses anything in between.
const precisionUnit = (p: SQL) =>
  sql`case ${p} when 'MONTH' then interval '1 month' when 'QUARTER' then interval '3 months' when 'YEAR' then interval '1 year' else interval '1 day' end`;
const truncated = (d: SQL, p: SQL) => sql`date_trunc(lower(${p}::text), ${d}::timestamp)`;
/** `d` is null or the first day of its precision's month/quarter/year */
export const alignedStart = (d: SQL, p: SQL) => sql`${d} is null or ${d} = (${truncated(d, p)})::date`;
/** `d` is the last day of its precision's month/quarter/year */
export const alignedEnd = (d: SQL, p: SQL) => sql`${d} = (${truncated(d, p)} + ${precisionUnit(p)} - interval '1 day')::date`;

export const regionKind = pgEnum('region_kind', [
  'OBLAST',
  'AUTONOMOUS_REPUBLIC',
  'CITY_WITH_SPECIAL_STATUS',
  'AGGREGATE',
  'COUNTRY',
  'MILITARY_DISTRICT',
]);

// The same list as src/domain/bounds.ts QUALIFIERS (test/unit/bounds.test.ts keeps them equal); spelled out
// here because drizzle-kit reads this file alone.
export const qualifier = pgEnum('qualifier', [
  'EXACT',
  'APPROXIMATELY',
  'MORE_THAN',
  'JUST_OVER',
  'AT_LEAST',
  'ALMOST',
  'LESS_THAN',
  'AT_MOST',
  'RANGE',
]);

export const recruitmentMetric = pgEnum('recruitment_metric', [
  'PLANNED_RECRUITS',
  'CONTRACTS_SIGNED',
  'PLAN_FULFILMENT_PERCENT',
  'CONSCRIPTED',
  'PLANNED_CONSCRIPTS',
  'MOBILISED',
  'PLANNED_MOBILISATION',
  'SHARE_OF_PERSONNEL_PERCENT',
  'KILLED',
  'PAYMENT_AMOUNT',
]);

// What each metric means and which rules apply to it is data (metric_definitions), not code; this enum
// only names them, so that a figure cannot carry a metric nobody defined.

export const unit = pgEnum('unit', ['PERSONS', 'PERCENT', 'RUB', 'USD']);

export const periodKind = pgEnum('period_kind', ['FLOW', 'CUMULATIVE', 'SNAPSHOT']);

// The same list as src/domain/precision.ts DATE_PRECISIONS.
export const datePrecision = pgEnum('date_precision', ['DAY', 'MONTH', 'QUARTER', 'YEAR']);

export const sourceKind = pgEnum('source_kind', [
  'UKRAINIAN_OFFICIAL',
  'UKRAINIAN_MILITARY',
  'INTERNATIONAL_ORGANISATION',
  'NGO',
  'RESEARCH',
  'MEDIA',
  'RUSSIAN_OFFICIAL',
]);

export const coercionCategory = pgEnum('coercion_category', [
  'ECONOMIC_HARDSHIP',
  'UNEMPLOYMENT',
  'PROPAGANDA',
  'FINANCIAL_INCENTIVE',
  'FORCED_PASSPORTIZATION',
  'LEGAL_COMPULSION',
  'PHYSICAL_FORCE',
  'INTIMIDATION',
  'DECEPTION',
  'WORKPLACE_QUOTAS',
]);

/** What sort of quantity a metric is; the checks decide by it which comparisons make sense. */
export const metricKind = pgEnum('metric_kind', ['COUNT', 'PLAN', 'PERCENTAGE', 'AMOUNT']);

export const tokenRole = pgEnum('token_role', ['EDITOR', 'ADMIN']);

export const regions = pgTable(
  'regions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: text('code').notNull(),
    katottg: text('katottg'),
    nameEn: text('name_en').notNull(),
    nameUk: text('name_uk').notNull(),
    kind: regionKind('kind').notNull(),
    /**
     * The region's primary group, kept for existing clients (`Region.parent`/`children`): UA-TOT for the six
     * occupied regions. Membership of groups is region_memberships, where a region may be in several.
     */
    parentId: integer('parent_id').references((): any => regions.id, { onDelete: 'restrict' }),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${regions.nameEn}, '') || ' ' || ${regions.code}), 'A') || setweight(to_tsvector('simple', coalesce(${regions.nameUk}, '')), 'A')`,
    ),
    ...timestamps,
    ...validFrom,
  },
  (t) => [
    index('regions_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`),
    uniqueIndex('regions_code_key').on(t.code),
    uniqueIndex('regions_katottg_key').on(t.katottg),
    index('regions_parent_idx').on(t.parentId),
    index('regions_kind_idx').on(t.kind),
    index('regions_search_idx').using('gin', t.search),
    check('regions_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

/** The units a metric's figures may be in (a payment in roubles or dollars; a count only in persons). */
export const metricUnits = pgTable(
  'metric_units',
  {
    metric: recruitmentMetric('metric').notNull(),
    unit: unit('unit').notNull(),
  },
  (t) => [primaryKey({ name: 'metric_units_pkey', columns: [t.metric, t.unit] })],
);

/**
 * What each metric counts and the rules the checks apply to it. The checks, summaries and writes read
 * this table; no code lists metrics. Seeded by a migration; a new metric is a new row (and enum value).
 */
export const metricDefinitions = pgTable(
  'metric_definitions',
  {
    metric: recruitmentMetric('metric').primaryKey(),
    description: text('description').notNull(),
    kind: metricKind('kind').notNull(),
    defaultUnit: unit('default_unit').notNull(),
    /** whether the figures of a group's members add up to the group's */
    additive: boolean('additive').notNull(),
    /** for a percentage of one metric over another: the metrics divided (both additive) */
    numeratorMetric: recruitmentMetric('numerator_metric'),
    denominatorMetric: recruitmentMetric('denominator_metric'),
    /** display order */
    position: integer('position').notNull(),
  },
  (t) => [
    foreignKey({ name: 'metric_definitions_default_unit_fkey', columns: [t.metric, t.defaultUnit], foreignColumns: [metricUnits.metric, metricUnits.unit] }),
    check('metric_definitions_ratio', sql`(${t.numeratorMetric} is null) = (${t.denominatorMetric} is null) and (${t.numeratorMetric} is null or ${t.kind} = 'PERCENTAGE')`),
  ],
);

/**
 * Which regions a group is made of. A region may belong to several groups (Zaporizhzhia to UA-TOT and
 * UA-SOUTH); a figure for a group covers exactly its members.
 */
export const regionMemberships = pgTable(
  'region_memberships',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    ...validFrom,
  },
  (t) => [
    index('region_memberships_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`),
    primaryKey({ name: 'region_memberships_pkey', columns: [t.groupId, t.memberId] }),
    index('region_memberships_member_idx').on(t.memberId),
    check('region_memberships_not_self', sql`${t.groupId} <> ${t.memberId}`),
  ],
);

export const reports = pgTable(
  'reports',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    publisher: text('publisher').notNull(),
    sourceKind: sourceKind('source_kind').notNull().default('UKRAINIAN_OFFICIAL'),
    /** the person who made the statement, where one is named */
    speaker: text('speaker'),
    publishedOn: date('published_on', { mode: 'string' }),
    publishedOnPrecision: datePrecision('published_on_precision').notNull().default('DAY'),
    sourceUrl: text('source_url'),
    language: text('language').notNull(),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
    summary: text('summary'),
    /** Editors' reasoning about the source: how it was read, what it leaves open. */
    note: text('note'),
    version,
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${reports.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${reports.publisher}, '')), 'B') || setweight(to_tsvector('english', coalesce(${reports.summary}, '')), 'C')`,
    ),
    ...timestamps,
    ...validFrom,
  },
  (t) => [
    index('reports_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`),
    // a release's count of reports, index-only (as recruitment_figures_id_valid_from_idx)
    index('reports_id_valid_from_idx').on(t.id, t.validFrom),
    uniqueIndex('reports_slug_key').on(t.slug),
    index('reports_published_on_idx').on(t.publishedOn, t.id),
    index('reports_publisher_idx').on(t.publisher),
    index('reports_search_idx').using('gin', t.search),
    check('reports_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('reports_period_order', sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} <= ${t.periodEnd}`),
    check('reports_published_on_precision', alignedStart(sql`${t.publishedOn}`, sql`${t.publishedOnPrecision}`)),
    index('reports_source_kind_idx').on(t.sourceKind),
  ],
);

/**
 * Where a report was published or relayed. One report often reaches readers through several outlets,
 * each with its own URL, date and language; the figures belong to the report, not to the relay.
 */
export const reportPublications = pgTable(
  'report_publications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    outlet: text('outlet').notNull(),
    url: text('url').notNull(),
    publishedOn: date('published_on', { mode: 'string' }),
    publishedOnPrecision: datePrecision('published_on_precision').notNull().default('DAY'),
    language: text('language'),
    note: text('note'),
    ...timestamps,
    ...validFrom,
  },
  (t) => [
    index('report_publications_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`),
    uniqueIndex('report_publications_report_url_key').on(t.reportId, t.url),
    // the target of figure_variants' (publication_id, report_id) key: a variant's relay is its report's
    uniqueIndex('report_publications_id_report_key').on(t.id, t.reportId),
    check('report_publications_published_on_precision', alignedStart(sql`${t.publishedOn}`, sql`${t.publishedOnPrecision}`)),
  ],
);

export const recruitmentFigures = pgTable(
  'recruitment_figures',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    metric: recruitmentMetric('metric').notNull(),
    /**
     * Left out on insert, it is the metric's default unit (metric_definitions), filled in by the trigger
     * recruitment_figures_default_unit (migrations/*_dataset_model).
     */
    unit: unit('unit').notNull().default(sql`null`),
    periodKind: periodKind('period_kind').notNull().default('FLOW'),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodStartPrecision: datePrecision('period_start_precision').notNull().default('DAY'),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    periodEndPrecision: datePrecision('period_end_precision').notNull().default('DAY'),
    /** The period in the source's own words, e.g. 'first 11 months of 2024'. */
    periodAsStated: text('period_as_stated'),
    best: doublePrecision('best').notNull(),
    low: doublePrecision('low'),
    high: doublePrecision('high'),
    qualifier: qualifier('qualifier').notNull(),
    asStated: text('as_stated').notNull(),
    /** who the source says stands behind the figure, where that is not the report's publisher */
    attributedTo: text('attributed_to'),
    /** the sentence stating the figure, in the source's language, and in English */
    quote: text('quote'),
    quoteEn: text('quote_en'),
    note: text('note'),
    version,
    ...timestamps,
    ...validFrom,
  },
  (t) => [
    index('recruitment_figures_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`),
    // a release's count of figures, index-only: valid_from is the last column of the row, and reading it
    // from the heap made the count 2.6-3.5x the live one (1.9x with this index, 30 MB per million rows)
    index('recruitment_figures_id_valid_from_idx').on(t.id, t.validFrom),
    uniqueIndex('recruitment_figures_identity_key').on(t.reportId, t.regionId, t.metric, t.unit, t.periodStart, t.periodEnd),
    // the target of figure_variants' (figure_id, report_id) key
    uniqueIndex('recruitment_figures_id_report_key').on(t.id, t.reportId),
    foreignKey({
      name: 'recruitment_figures_metric_unit_fkey',
      columns: [t.metric, t.unit],
      foreignColumns: [metricUnits.metric, metricUnits.unit],
    }),
    check('recruitment_figures_period_start_precision', alignedStart(sql`${t.periodStart}`, sql`${t.periodStartPrecision}`)),
    check('recruitment_figures_period_end_precision', alignedEnd(sql`${t.periodEnd}`, sql`${t.periodEndPrecision}`)),
    index('recruitment_figures_region_idx').on(t.regionId, t.periodEnd, t.id),
    // region + metric: the page and its totalCount (an index-only count) without filtering the region's rows
    index('recruitment_figures_region_metric_idx').on(t.regionId, t.metric, t.periodEnd, t.id),
    index('recruitment_figures_report_idx').on(t.reportId, t.periodEnd, t.id),
    index('recruitment_figures_metric_idx').on(t.metric, t.periodEnd, t.id),
    index('recruitment_figures_period_idx').on(t.periodEnd, t.id),
    index('recruitment_figures_period_start_idx').on(t.periodStart),
    // the checks' probes for figures of the same region and metric over the same (or a nested) period;
    // also the counts under a region and metric filter, index-only in a release too: the migration adds
    // INCLUDE (valid_from), which drizzle-kit cannot declare (migrations/*_region_metric_start_valid_from)
    index('recruitment_figures_region_metric_start_idx').on(t.regionId, t.metric, t.periodStart, t.periodEnd),
    // running totals only: CUMULATIVE_DECREASE probes the earlier ones of a region and metric
    index('recruitment_figures_cumulative_idx')
      .on(t.regionId, t.metric, t.periodEnd)
      .where(sql`${t.periodKind} = 'CUMULATIVE'`),
    // the group checks' member probes, index-only: the migration adds INCLUDE (unit, period_kind, low,
    // high, id), which drizzle-kit cannot declare (migrations/*_quality_bounds_index)
    index('recruitment_figures_member_bounds_idx').on(t.regionId, t.metric, t.periodStart, t.periodEnd),
    check('recruitment_figures_period_order', sql`${t.periodStart} <= ${t.periodEnd}`),
    check('recruitment_figures_low_le_best', sql`${t.low} is null or ${t.low} <= ${t.best}`),
    check('recruitment_figures_best_le_high', sql`${t.high} is null or ${t.best} <= ${t.high}`),
    check('recruitment_figures_not_negative', sql`${t.best} >= 0 and (${t.low} is null or ${t.low} >= 0)`),
    check('recruitment_figures_as_stated_present', sql`length(btrim(${t.asStated})) > 0`),
  ],
);

/**
 * How one relay of a report words one of its figures, where it differs from the figure's own wording
 * (Interfax's "5,638" where the other relays say "5 368"). Its publication must be one of the figure's
 * report's: both keys carry the report id.
 */
export const figureVariants = pgTable(
  'figure_variants',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    figureId: integer('figure_id').notNull(),
    reportId: integer('report_id').notNull(),
    publicationId: integer('publication_id').notNull(),
    best: doublePrecision('best').notNull(),
    low: doublePrecision('low'),
    high: doublePrecision('high'),
    qualifier: qualifier('qualifier').notNull(),
    asStated: text('as_stated').notNull(),
    periodAsStated: text('period_as_stated'),
    note: text('note'),
    ...timestamps,
    ...validFrom,
  },
  (t) => [
    index('figure_variants_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`),
    uniqueIndex('figure_variants_figure_publication_key').on(t.figureId, t.publicationId),
    index('figure_variants_publication_idx').on(t.publicationId),
    index('figure_variants_report_idx').on(t.reportId),
    foreignKey({
      name: 'figure_variants_figure_fkey',
      columns: [t.figureId, t.reportId],
      foreignColumns: [recruitmentFigures.id, recruitmentFigures.reportId],
    }).onDelete('cascade').onUpdate('cascade'),
    foreignKey({
      name: 'figure_variants_publication_fkey',
      columns: [t.publicationId, t.reportId],
      foreignColumns: [reportPublications.id, reportPublications.reportId],
    }).onDelete('restrict'),
    check('figure_variants_low_le_best', sql`${t.low} is null or ${t.low} <= ${t.best}`),
    check('figure_variants_best_le_high', sql`${t.high} is null or ${t.best} <= ${t.high}`),
    check('figure_variants_not_negative', sql`${t.best} >= 0 and (${t.low} is null or ${t.low} >= 0)`),
    check('figure_variants_as_stated_present', sql`length(btrim(${t.asStated})) > 0`),
  ],
);

export const coercionFactors = pgTable(
  'coercion_factors',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: coercionCategory('category').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }),
    effectiveFromPrecision: datePrecision('effective_from_precision').notNull().default('DAY'),
    affectedGroups: text('affected_groups').array().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
    version,
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${coercionFactors.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${coercionFactors.description}, '')), 'B') || setweight(to_tsvector('english', tot_immutable_join(${coercionFactors.affectedGroups})), 'B')`,
    ),
    ...timestamps,
    ...validFrom,
  },
  (t) => [
    index('coercion_factors_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`),
    uniqueIndex('coercion_factors_slug_key').on(t.slug),
    index('coercion_factors_category_idx').on(t.category),
    index('coercion_factors_search_idx').using('gin', t.search),
    check('coercion_factors_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('coercion_factors_effective_from_precision', alignedStart(sql`${t.effectiveFrom}`, sql`${t.effectiveFromPrecision}`)),
  ],
);

export const coercionFactorReports = pgTable(
  'coercion_factor_reports',
  {
    factorId: integer('factor_id')
      .notNull()
      .references(() => coercionFactors.id, { onDelete: 'cascade' }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    ...validFrom,
  },
  (t) => [index('coercion_factor_reports_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`), primaryKey({ columns: [t.factorId, t.reportId] }), index('coercion_factor_reports_report_idx').on(t.reportId)],
);

export const coercionFactorRegions = pgTable(
  'coercion_factor_regions',
  {
    factorId: integer('factor_id')
      .notNull()
      .references(() => coercionFactors.id, { onDelete: 'cascade' }),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    ...validFrom,
  },
  (t) => [index('coercion_factor_regions_valid_from_idx').on(t.validFrom).where(sql`${t.validFrom} > 0`), primaryKey({ columns: [t.factorId, t.regionId] }), index('coercion_factor_regions_region_idx').on(t.regionId)],
);

/** API tokens for editors and admins. Only a SHA-256 hash of the secret is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    role: tokenRole('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash)],
);

/** Every write, with the row before and after, recorded in the same transaction as the write. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tokenId: integer('token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    /** who did it when no token was involved, e.g. 'seed' or 'cli' */
    actor: text('actor'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.id),
    index('audit_log_token_idx').on(t.tokenId, t.id),
    index('audit_log_at_idx').on(t.at, t.id),
    check('audit_log_action', sql`${t.action} in ('CREATE', 'UPDATE', 'DELETE', 'RESTORE')`),
  ],
);

/**
 * One row per transaction that changed the data: its data version and when it ran. Written only by the
 * history triggers (src/release/history.ts); the newest row says when the data last changed.
 */
export const dataVersions = pgTable('data_versions', {
  version: bigint('version', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Where an older install kept the row history: an open entry per live row, superseded versions as
 * jsonb. The history is now the live tables' valid_from and the typed tables tot_history.<table>
 * (src/release/history.ts); the install step moves these entries there once and leaves this table
 * empty. A later migration can drop it once every database has started on this version.
 */
export const rowHistory = pgTable(
  'row_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tableName: text('table_name').notNull(),
    /** the primary key as text: `id`, or `a:b` for a link table */
    rowKey: text('row_key').notNull(),
    validFrom: bigint('valid_from', { mode: 'number' }).notNull(),
    validTo: bigint('valid_to', { mode: 'number' }),
    row: jsonb('row'),
  },
  (t) => [
    // one open entry per live row: found by key when the row changes
    uniqueIndex('row_history_open_key').on(t.tableName, t.rowKey).where(sql`${t.validTo} is null`),
    // one row's superseded versions: what a record was at a version (release changes)
    index('row_history_key_idx').on(t.tableName, t.rowKey, t.validTo).where(sql`${t.validTo} is not null`),
    // live rows that began after a release (excluded from it): their keys, index-only
    index('row_history_open_from_idx').on(t.tableName, t.validFrom, t.rowKey).where(sql`${t.validTo} is null`),
    // superseded versions valid at a release
    index('row_history_closed_idx').on(t.tableName, t.validTo, t.validFrom).where(sql`${t.validTo} is not null`),
    check('row_history_range', sql`${t.validTo} is null or ${t.validFrom} <= ${t.validTo}`),
    check('row_history_closed_has_row', sql`(${t.validTo} is null) = (${t.row} is null)`),
  ],
);

/** A named, immutable state of the data: the data version it reads as of. Never updated or deleted. */
export const datasetReleases = pgTable(
  'dataset_releases',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    version: text('version').notNull(),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    notes: text('notes'),
    reportCount: integer('report_count').notNull(),
    figureCount: integer('figure_count').notNull(),
    /** the token that cut it, or null for the CLI */
    tokenId: integer('token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    /** who cut it: the token's name at the time, or `cli` */
    actor: text('actor').notNull(),
  },
  (t) => [
    uniqueIndex('dataset_releases_version_key').on(t.version),
    index('dataset_releases_data_version_idx').on(t.dataVersion),
    check('dataset_releases_version_format', sql`${t.version} ~ '^[0-9][0-9A-Za-z]*([.-][0-9A-Za-z]+)*$' and length(${t.version}) <= 40`),
  ],
);
