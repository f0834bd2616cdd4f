// The tables. The database itself refuses bad rows (foreign keys, uniques, CHECKs), so that no code path,
// present or future, can store a figure more exact than its bounds or a period that ends before it starts.
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  date,
  doublePrecision,
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

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/** Optimistic concurrency: every update must carry the version it read, and bumps it. */
const version = integer('version').notNull().default(1);

export const regionKind = pgEnum('region_kind', [
  'OBLAST',
  'AUTONOMOUS_REPUBLIC',
  'CITY_WITH_SPECIAL_STATUS',
  'AGGREGATE',
]);

// The same list as src/domain/bounds.ts QUALIFIERS (test/bounds.test.ts keeps them equal); spelled out
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
]);

export const coercionCategory = pgEnum('coercion_category', [
  'ECONOMIC_HARDSHIP',
  'UNEMPLOYMENT',
  'PROPAGANDA',
  'FINANCIAL_INCENTIVE',
  'FORCED_PASSPORTIZATION',
]);

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
    parentId: integer('parent_id').references((): any => regions.id, { onDelete: 'restrict' }),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${regions.nameEn}, '') || ' ' || ${regions.code}), 'A') || setweight(to_tsvector('simple', coalesce(${regions.nameUk}, '')), 'A')`,
    ),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('regions_code_key').on(t.code),
    uniqueIndex('regions_katottg_key').on(t.katottg),
    index('regions_parent_idx').on(t.parentId),
    index('regions_kind_idx').on(t.kind),
    index('regions_search_idx').using('gin', t.search),
    check('regions_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

export const reports = pgTable(
  'reports',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    publisher: text('publisher').notNull(),
    publishedOn: date('published_on', { mode: 'string' }),
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
  },
  (t) => [
    uniqueIndex('reports_slug_key').on(t.slug),
    index('reports_published_on_idx').on(t.publishedOn, t.id),
    index('reports_publisher_idx').on(t.publisher),
    index('reports_search_idx').using('gin', t.search),
    check('reports_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('reports_period_order', sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} <= ${t.periodEnd}`),
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
    language: text('language'),
    note: text('note'),
    ...timestamps,
  },
  (t) => [uniqueIndex('report_publications_report_url_key').on(t.reportId, t.url)],
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
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** The period in the source's own words, e.g. 'first 11 months of 2024'. */
    periodAsStated: text('period_as_stated'),
    best: doublePrecision('best').notNull(),
    low: doublePrecision('low'),
    high: doublePrecision('high'),
    qualifier: qualifier('qualifier').notNull(),
    asStated: text('as_stated').notNull(),
    note: text('note'),
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('recruitment_figures_identity_key').on(t.reportId, t.regionId, t.metric, t.periodStart, t.periodEnd),
    index('recruitment_figures_region_idx').on(t.regionId, t.periodEnd, t.id),
    // region + metric: the page and its totalCount (an index-only count) without filtering the region's rows
    index('recruitment_figures_region_metric_idx').on(t.regionId, t.metric, t.periodEnd, t.id),
    index('recruitment_figures_report_idx').on(t.reportId, t.periodEnd, t.id),
    index('recruitment_figures_metric_idx').on(t.metric, t.periodEnd, t.id),
    index('recruitment_figures_period_idx').on(t.periodEnd, t.id),
    index('recruitment_figures_period_start_idx').on(t.periodStart),
    check('recruitment_figures_period_order', sql`${t.periodStart} <= ${t.periodEnd}`),
    check('recruitment_figures_low_le_best', sql`${t.low} is null or ${t.low} <= ${t.best}`),
    check('recruitment_figures_best_le_high', sql`${t.high} is null or ${t.best} <= ${t.high}`),
    check('recruitment_figures_not_negative', sql`${t.best} >= 0 and (${t.low} is null or ${t.low} >= 0)`),
    check('recruitment_figures_as_stated_present', sql`length(btrim(${t.asStated})) > 0`),
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
    affectedGroups: text('affected_groups').array().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
    version,
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${coercionFactors.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${coercionFactors.description}, '')), 'B') || setweight(to_tsvector('english', tot_immutable_join(${coercionFactors.affectedGroups})), 'B')`,
    ),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('coercion_factors_slug_key').on(t.slug),
    index('coercion_factors_category_idx').on(t.category),
    index('coercion_factors_search_idx').using('gin', t.search),
    check('coercion_factors_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
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
  },
  (t) => [primaryKey({ columns: [t.factorId, t.reportId] }), index('coercion_factor_reports_report_idx').on(t.reportId)],
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
  },
  (t) => [primaryKey({ columns: [t.factorId, t.regionId] }), index('coercion_factor_regions_region_idx').on(t.regionId)],
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
 * Row history of the data tables, kept by triggers whatever writes the rows. Every row version has an
 * entry valid over [valid_from, valid_to) in data versions: the live version's entry is open (valid_to
 * null, row null: the row itself is the live one), a superseded or deleted version's entry holds the row
 * as jsonb. A release reads the data as of its data version from the live rows whose version began by
 * then plus the entries valid then, so it costs no copy of the data (docs/releases.md).
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
