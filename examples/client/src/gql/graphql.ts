/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, ISO 8601, e.g. 2024-11-30. */
  Date: { input: string; output: string; }
  /** An instant, ISO 8601 with time zone. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

/** An API token, without its secret: only a hash of that is stored. */
export type ApiToken = {
  __typename?: 'ApiToken';
  /** when it was created */
  createdAt: Scalars['DateTime']['output'];
  /** when it stops working; null for never */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** when it was last used, to the minute (requests within a minute are not recorded again) */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** who or what holds it */
  name: Scalars['String']['output'];
  /** when it was revoked; null while it is not */
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** what it may do */
  role: TokenRole;
  /** the number `npm run token -- list` shows */
  tokenId: Scalars['Int']['output'];
};

/** What a write did to a row. */
export type AuditAction =
  /** the row was added (before is null) */
  | 'CREATE'
  /** the row was removed (after is null) */
  | 'DELETE'
  /** the row was put back from an earlier audit entry */
  | 'RESTORE'
  /** the row was changed */
  | 'UPDATE';

/** One change to one row, recorded in the same transaction as the change. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** what the change did */
  action: AuditAction;
  /** who made it: the token's name at the time, or a process such as cli or seed */
  actor?: Maybe<Scalars['String']['output']>;
  /** the row after the change; null for DELETE */
  after?: Maybe<Scalars['JSON']['output']>;
  /** when the transaction that made the change began */
  at: Scalars['DateTime']['output'];
  /** the row before the change; null for CREATE */
  before?: Maybe<Scalars['JSON']['output']>;
  /** the global ID of the record, for types that are nodes (Report, RecruitmentFigure, CoercionFactor) */
  entity?: Maybe<Scalars['ID']['output']>;
  /** the row's database id; for links `factorId:reportId` or `factorId:regionId` */
  entityId: Scalars['String']['output'];
  /** the kind of row: Report, ReportPublication, RecruitmentFigure, FigureVariant, CoercionFactor, CoercionFactorReport, CoercionFactorRegion or RegionMembership */
  entityType: Scalars['String']['output'];
  /** pass it to restoreFromAudit */
  entryId: Scalars['ID']['output'];
  /** the token that made it; null for changes made without one, or when the token was deleted */
  token?: Maybe<ApiToken>;
};

/** A page of audit entries. */
export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  edges: Array<AuditEntryEdge>;
  pageInfo: PageInfo;
  /** how many entries match across all pages (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

/** An audit entry and its cursor. */
export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  cursor: Scalars['String']['output'];
  node: AuditEntry;
};

/** Keeps the entries that match every field given. */
export type AuditLogFilter = {
  /** the row's database id (see AuditEntry.entityId) */
  entityId?: InputMaybe<Scalars['String']['input']>;
  /** e.g. Report or RecruitmentFigure */
  entityType?: InputMaybe<Scalars['String']['input']>;
  /** at or after this instant */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** at or before this instant */
  to?: InputMaybe<Scalars['DateTime']['input']>;
  /** changes made with this token */
  tokenId?: InputMaybe<Scalars['Int']['input']>;
};

/** A failure with nothing more to say than its message. */
export type BaseError = Error & {
  __typename?: 'BaseError';
  /** what went wrong, in words meant for the editor */
  message: Scalars['String']['output'];
};

/** One row an import creates, changes or removes. */
export type BundleChange = {
  __typename?: 'BundleChange';
  /** what happens to the row */
  action: BundleChangeAction;
  /** the row after; null for DELETE */
  after?: Maybe<Scalars['JSON']['output']>;
  /** the row before; null for CREATE */
  before?: Maybe<Scalars['JSON']['output']>;
  /** the row's database id (for a dry run, ids of rows it would create are provisional) */
  entityId: Scalars['String']['output'];
  /** Report, ReportPublication, RecruitmentFigure, FigureVariant, CoercionFactor, CoercionFactorReport or CoercionFactorRegion */
  entityType: Scalars['String']['output'];
};

/** What an import does to one row. */
export type BundleChangeAction =
  /** adds it */
  | 'CREATE'
  /** removes it: the bundle no longer has it */
  | 'DELETE'
  /** changes it */
  | 'UPDATE';

/** The kind of pressure a coercion factor is. */
export type CoercionCategory =
  /** false promises, e.g. service away from the front line, or fake offers of work */
  | 'DECEPTION'
  /** poverty and difficult material conditions */
  | 'ECONOMIC_HARDSHIP'
  /** payments and social protection for recruits and their families */
  | 'FINANCIAL_INCENTIVE'
  /** access to medicine, burial or other services made conditional on a Russian passport */
  | 'FORCED_PASSPORTIZATION'
  /** threats, fabricated charges and other intimidation */
  | 'INTIMIDATION'
  /** conscription or mobilisation orders, with fines or prosecution for evading them */
  | 'LEGAL_COMPULSION'
  /** people seized in raids, at checkpoints or at work and sent to the front */
  | 'PHYSICAL_FORCE'
  /** information and propaganda campaigns */
  | 'PROPAGANDA'
  /** lack of work */
  | 'UNEMPLOYMENT'
  /** employers made to hand over a share of their workers */
  | 'WORKPLACE_QUOTAS';

/** A pressure that pushes residents of occupied territories into the Russian army, as reports describe it. */
export type CoercionFactor = Node & {
  __typename?: 'CoercionFactor';
  /** groups of people it bears on most, e.g. people with diabetes */
  affectedGroups: Array<Scalars['String']['output']>;
  /** the kind of pressure */
  category: CoercionCategory;
  /** when this record was added to the dataset */
  createdAt: Scalars['DateTime']['output'];
  /** what the pressure is and how it works, in the editors' words */
  description: Scalars['String']['output'];
  /** the date from which it applies, where a source gives one */
  effectiveFrom?: Maybe<Scalars['Date']['output']>;
  /** how exactly the source dates effectiveFrom (it is the first day of that month/quarter/year) */
  effectiveFromPrecision: DatePrecision;
  id: Scalars['ID']['output'];
  /** the editors' notes on how the source was read */
  note?: Maybe<Scalars['String']['output']>;
  /** the regions it applies to; empty where it applies to all occupied territories */
  regions: Array<Region>;
  /** the reports that describe it */
  reports: Array<Report>;
  /** stable, URL-safe identifier */
  slug: Scalars['String']['output'];
  /** a short name, in the editors' words */
  title: Scalars['String']['output'];
  /** when this record last changed */
  updatedAt: Scalars['DateTime']['output'];
  /** incremented on every change; updates must carry the version they read */
  version: Scalars['Int']['output'];
};

/** A page of coercion factors. */
export type CoercionFactorConnection = {
  __typename?: 'CoercionFactorConnection';
  edges: Array<CoercionFactorEdge>;
  pageInfo: PageInfo;
  /** how many factors match across all pages (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

/** A coercion factor and its cursor. */
export type CoercionFactorEdge = {
  __typename?: 'CoercionFactorEdge';
  cursor: Scalars['String']['output'];
  node: CoercionFactor;
};

/** Keeps the factors that match every field given. A list keeps factors matching any of its values; an empty list keeps none. */
export type CoercionFactorFilter = {
  /** only these categories */
  categories?: InputMaybe<Array<CoercionCategory>>;
  /** factors that apply to any of these regions, including those that apply to all occupied territories */
  regionCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** factors described by any of these reports */
  reportSlugs?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** An ordering of coercion factors. The default is SLUG ASC. */
export type CoercionFactorOrder = {
  /** ascending or descending */
  direction: OrderDirection;
  /** what to order by */
  field: CoercionFactorOrderField;
};

/** What to order coercion factors by; ties are broken by id. */
export type CoercionFactorOrderField =
  /** the date from which it applies; factors with none count as the earliest */
  | 'EFFECTIVE_FROM'
  /** slug, in byte order */
  | 'SLUG';

/** The write conflicts with the data already stored; nothing was written. */
export type ConflictError = Error & {
  __typename?: 'ConflictError';
  /** the database constraint that refused the write, e.g. reports_slug_key */
  constraint?: Maybe<Scalars['String']['output']>;
  /** the input fields involved */
  fields: Array<Scalars['String']['output']>;
  /** the kind of rule */
  kind: ConflictKind;
  /** what went wrong, in words meant for the editor */
  message: Scalars['String']['output'];
};

/** Which kind of rule the write would have broken. */
export type ConflictKind =
  /** a rule over the row, e.g. a period that ends before it starts */
  | 'CHECK'
  /** a referenced record is missing, or a record is still referred to */
  | 'FOREIGN_KEY'
  /** the record is still needed by others */
  | 'IN_USE'
  /** a value that must be unique is taken */
  | 'UNIQUE';

/** Whether a stated percentage agrees with the one computed from stated counts. */
export type ConsistencyStatus =
  /** the stated percentage's interval and the computed one overlap */
  | 'CONSISTENT'
  /** the two intervals do not overlap: at least one statement is wrong */
  | 'INCONSISTENT'
  /** too little is stated to tell */
  | 'NOT_CHECKABLE';

/** A new coercion factor, optionally linked at once to the reports that describe it and the regions it applies to. */
export type CreateCoercionFactorInput = {
  /** groups of people it bears on most */
  affectedGroups?: InputMaybe<Array<Scalars['String']['input']>>;
  /** the kind of pressure */
  category: CoercionCategory;
  /** what the pressure is, as the reports describe it */
  description: Scalars['String']['input'];
  /** the date from which it applies, where a source gives one */
  effectiveFrom?: InputMaybe<Scalars['Date']['input']>;
  /** how exactly the source dates effectiveFrom (DAY if not given) */
  effectiveFromPrecision?: InputMaybe<DatePrecision>;
  /** the editors' notes */
  note?: InputMaybe<Scalars['String']['input']>;
  /** the regions it applies to; none for all occupied territories */
  regionCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** IDs of the reports that describe it */
  reports?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** stable, URL-safe identifier */
  slug: Scalars['String']['input'];
  /** a short name for the pressure */
  title: Scalars['String']['input'];
};

/** The created coercion factor, or why nothing was written. */
export type CreateCoercionFactorResult = BaseError | ConflictError | CreateCoercionFactorSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The coercion factor was created. */
export type CreateCoercionFactorSuccess = {
  __typename?: 'CreateCoercionFactorSuccess';
  /** the coercion factor as created */
  coercionFactor: CoercionFactor;
};

/** A figure one report states for one region, metric and period. */
export type CreateRecruitmentFigureInput = {
  /** who the source says stands behind the figure, where that is not the report's publisher */
  attributedTo?: InputMaybe<Scalars['String']['input']>;
  /** what the figure counts */
  metric: RecruitmentMetric;
  /** how the figure was read from its source */
  note?: InputMaybe<Scalars['String']['input']>;
  /** the period in the source's words */
  periodAsStated?: InputMaybe<Scalars['String']['input']>;
  /** last day of the period */
  periodEnd: Scalars['Date']['input'];
  /** how exactly the source dates the end (DAY if not given) */
  periodEndPrecision?: InputMaybe<DatePrecision>;
  /** FLOW (default), CUMULATIVE (a running total to periodEnd) or SNAPSHOT */
  periodKind?: InputMaybe<PeriodKind>;
  /** first day of the period */
  periodStart: Scalars['Date']['input'];
  /** how exactly the source dates the start (DAY if not given) */
  periodStartPrecision?: InputMaybe<DatePrecision>;
  /** the sentence that states the figure, in the source's language */
  quote?: InputMaybe<Scalars['String']['input']>;
  /** the same sentence in English */
  quoteEn?: InputMaybe<Scalars['String']['input']>;
  /** the region, by ISO 3166-2 code or UA-TOT */
  regionCode: Scalars['String']['input'];
  /** the ID of the report that states it */
  report: Scalars['ID']['input'];
  /** the unit of the value; the metric's default unit if not given */
  unit?: InputMaybe<Unit>;
  /** the number as stated */
  value: QualifiedNumberInput;
  /** how relays of the report word the figure, one per publication (by URL); given, it replaces the figure's variants */
  variants?: InputMaybe<Array<FigureVariantInput>>;
};

/** The created figure, or why nothing was written. */
export type CreateRecruitmentFigureResult = BaseError | ConflictError | CreateRecruitmentFigureSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The figure was created. */
export type CreateRecruitmentFigureSuccess = {
  __typename?: 'CreateRecruitmentFigureSuccess';
  /** the figure as created */
  recruitmentFigure: RecruitmentFigure;
};

/** A new release of the data as it stands now. */
export type CreateReleaseInput = {
  /** what the release brings, in the editors' words */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** a new version, never used before, e.g. 2026.12.0 */
  version: Scalars['String']['input'];
};

/** The release, or why none was cut. */
export type CreateReleaseResult = BaseError | ConflictError | CreateReleaseSuccess | ValidationError;

/** The release was cut. */
export type CreateReleaseSuccess = {
  __typename?: 'CreateReleaseSuccess';
  /** the new release */
  release: DatasetRelease;
};

/** A new report. Its figures and coercion factors are added afterwards, or all at once with importReportBundle. */
export type CreateReportInput = {
  /** BCP 47 language tag of the source, e.g. uk */
  language: Scalars['String']['input'];
  /** the editors' notes on how the source was read */
  note?: InputMaybe<Scalars['String']['input']>;
  /** last day of that period */
  periodEnd?: InputMaybe<Scalars['Date']['input']>;
  /** first day of the period its findings cover */
  periodStart?: InputMaybe<Scalars['Date']['input']>;
  /** the date of publication, where known */
  publishedOn?: InputMaybe<Scalars['Date']['input']>;
  /** how exactly publishedOn is known (DAY if not given); a coarser date is the first day of its month/quarter/year */
  publishedOnPrecision?: InputMaybe<DatePrecision>;
  /** the organisation that issued it */
  publisher: Scalars['String']['input'];
  /** stable, URL-safe identifier, e.g. nrc-2024-11-recruitment */
  slug: Scalars['String']['input'];
  /** who the report comes from; UKRAINIAN_OFFICIAL if not given */
  sourceKind?: InputMaybe<SourceKind>;
  /** where the report can be read (http or https) */
  sourceUrl?: InputMaybe<Scalars['String']['input']>;
  /** the person who made the statement, where one is named */
  speaker?: InputMaybe<Scalars['String']['input']>;
  /** a short summary of the findings */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** the title as published */
  title: Scalars['String']['input'];
};

/** The created report, or why nothing was written. */
export type CreateReportResult = BaseError | ConflictError | CreateReportSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The report was created. */
export type CreateReportSuccess = {
  __typename?: 'CreateReportSuccess';
  /** the report as created */
  report: Report;
};

/** A place where stated figures cannot all be right, found by comparing their bounds. */
export type DataQualityIssue = {
  __typename?: 'DataQualityIssue';
  /** the figures the issue is about, the one it is about first (for REGIONS_EXCEED_TOTAL and GROUP_MEMBERS_CONFLICT the group's, then its members') */
  figures: Array<RecruitmentFigure>;
  /** what sort of disagreement */
  kind: DataQualityIssueKind;
  /** the disagreement in words, with the figures and reports involved */
  message: Scalars['String']['output'];
  /** the metric concerned */
  metric?: Maybe<RecruitmentMetric>;
  /** the region concerned (for REGIONS_EXCEED_TOTAL, the group whose total is exceeded) */
  region?: Maybe<Region>;
  /** the reports whose figures disagree, by id */
  reports: Array<Report>;
};

/** What sort of disagreement a data-quality issue is. */
export type DataQualityIssueKind =
  /** two reports state incompatible figures for the same region, metric and period */
  | 'CONFLICTING_REPORTS'
  /** a running total is smaller than an earlier running total of the same region and metric from the same or an earlier start */
  | 'CUMULATIVE_DECREASE'
  /** a figure for a group of regions cannot be reconciled with the figures stated for its members, e.g. the group's fulfilment below every member's */
  | 'GROUP_MEMBERS_CONFLICT'
  /** a stated percentage disagrees with the one computed from stated counts */
  | 'PERCENT_MISMATCH'
  /** the regions' figures add up to more than the figure for the group that holds them */
  | 'REGIONS_EXCEED_TOTAL'
  /** relays of one report word the same figure differently */
  | 'RELAY_VARIANT';

/** The dataset as a whole: what it is, under which licence, and how to cite it. */
export type Dataset = {
  __typename?: 'Dataset';
  /** how to cite the live (unreleased) data, with the date of access */
  citation: Scalars['String']['output'];
  /** who compiled it (the author of a citation) */
  creator: Scalars['String']['output'];
  /** the live data as a Frictionless Data Package (its CSV and a description of every column) */
  dataPackageUrl: Scalars['String']['output'];
  /** what it holds and how it was compiled */
  description: Scalars['String']['output'];
  /** the newest release; null before the first */
  latestRelease?: Maybe<DatasetRelease>;
  /** SPDX identifier of the data's licence, e.g. CC-BY-4.0 */
  license: Scalars['String']['output'];
  /** the licence's name */
  licenseTitle: Scalars['String']['output'];
  /** the licence's text */
  licenseUrl: Scalars['String']['output'];
  /** every release, newest first */
  releases: Array<DatasetRelease>;
  /** its title */
  title: Scalars['String']['output'];
  /** when the data last changed */
  updatedAt: Scalars['DateTime']['output'];
};

/** A named, immutable state of the dataset. */
export type DatasetRelease = Node & {
  __typename?: 'DatasetRelease';
  /** the same as BibTeX */
  bibtex: Scalars['String']['output'];
  /** the records added, changed or removed since the previous release (for the first release: everything, as added) */
  changes: ReleaseChangeConnection;
  /** how to cite this release, as plain text */
  citation: Scalars['String']['output'];
  /** the release's figures as CSV (RFC 4180, UTF-8) */
  csvUrl: Scalars['String']['output'];
  /** the release's Frictionless Data Package: licence, sources and a description of every column */
  dataPackageUrl: Scalars['String']['output'];
  /** how many recruitment figures it holds */
  figureCount: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** the release's figures as JSON, with the metadata */
  jsonUrl: Scalars['String']['output'];
  /** SPDX identifier of the data's licence, e.g. CC-BY-4.0 */
  license: Scalars['String']['output'];
  /** what the release brings, in the editors' words */
  notes?: Maybe<Scalars['String']['output']>;
  /** the figures as they stood in this release */
  recruitmentFigures: RecruitmentFigureConnection;
  /** when the release was cut */
  releasedAt: Scalars['DateTime']['output'];
  /** how many reports it holds */
  reportCount: Scalars['Int']['output'];
  /** the reports as they stood in this release */
  reports: ReportConnection;
  /** e.g. 2026.12.0; never reused */
  version: Scalars['String']['output'];
};


/** A named, immutable state of the dataset. */
export type DatasetReleaseChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A named, immutable state of the dataset. */
export type DatasetReleaseRecruitmentFiguresArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecruitmentFigureFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecruitmentFigureOrder>;
};


/** A named, immutable state of the dataset. */
export type DatasetReleaseReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ReportFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ReportOrder>;
};

/** How exactly a source dates something: 'early December 2024' is MONTH, 'mid-2019' is YEAR. A coarse date is stored as the first day of its month/quarter/year where it starts something and the last day where it ends a period. */
export type DatePrecision =
  /** to the day */
  | 'DAY'
  /** to the month */
  | 'MONTH'
  /** to the quarter */
  | 'QUARTER'
  /** to the year */
  | 'YEAR';

/** A coercion factor to delete, with the version you read. */
export type DeleteCoercionFactorInput = {
  /** the CoercionFactor.version you read */
  expectedVersion: Scalars['Int']['input'];
  /** the factor to delete */
  id: Scalars['ID']['input'];
};

/** The ID of the deleted coercion factor, or why nothing was deleted. */
export type DeleteCoercionFactorResult = BaseError | ConflictError | DeleteCoercionFactorSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The coercion factor and its links were deleted. */
export type DeleteCoercionFactorSuccess = {
  __typename?: 'DeleteCoercionFactorSuccess';
  /** the global ID the factor had */
  deletedId: Scalars['ID']['output'];
};

/** A figure to delete, with the version you read. */
export type DeleteRecruitmentFigureInput = {
  /** the RecruitmentFigure.version you read */
  expectedVersion: Scalars['Int']['input'];
  /** the figure to delete */
  id: Scalars['ID']['input'];
};

/** The ID of the deleted figure, or why nothing was deleted. */
export type DeleteRecruitmentFigureResult = BaseError | ConflictError | DeleteRecruitmentFigureSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The figure was deleted. */
export type DeleteRecruitmentFigureSuccess = {
  __typename?: 'DeleteRecruitmentFigureSuccess';
  /** the global ID the figure had */
  deletedId: Scalars['ID']['output'];
};

/** A report to delete, with the version you read. */
export type DeleteReportInput = {
  /** the Report.version you read */
  expectedVersion: Scalars['Int']['input'];
  /** the report to delete */
  id: Scalars['ID']['input'];
};

/** The ID of the deleted report, or why nothing was deleted. */
export type DeleteReportResult = BaseError | ConflictError | DeleteReportSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The report and everything that belonged to it were deleted. */
export type DeleteReportSuccess = {
  __typename?: 'DeleteReportSuccess';
  /** the global ID the report had */
  deletedId: Scalars['ID']['output'];
};

/** An expected failure of a mutation: nothing was written. */
export type Error = {
  /** what went wrong, in words meant for the editor */
  message: Scalars['String']['output'];
};

/** A best estimate and the interval it is known to lie in; a null bound is unbounded. Shown to 4 significant digits, the interval rounded outwards so it still contains the computed one. */
export type Estimate = {
  __typename?: 'Estimate';
  /** the value computed from the stated best values */
  best: Scalars['Float']['output'];
  /** the highest value the stated bounds allow, rounded up; null where a bound it depends on is unbounded, or a divisor may be zero */
  high?: Maybe<Scalars['Float']['output']>;
  /** the lowest value the stated bounds allow, rounded down; null where a bound it depends on is unbounded */
  low?: Maybe<Scalars['Float']['output']>;
};

/** One problem with one input value. */
export type FieldIssue = {
  __typename?: 'FieldIssue';
  /** what is wrong with it */
  message: Scalars['String']['output'];
  /** where the value sits in the arguments, e.g. ["input", "value", "best"] */
  path: Array<Scalars['String']['output']>;
};

/** How one relay of a report words a figure, where it differs from the wording the figure keeps. */
export type FigureVariant = {
  __typename?: 'FigureVariant';
  /** what the editors make of the difference */
  note?: Maybe<Scalars['String']['output']>;
  /** the period in this relay's words */
  periodAsStated?: Maybe<Scalars['String']['output']>;
  /** the relay (one of the report's publications) that words it this way */
  publication: ReportPublication;
  /** the number as this relay states it, with the bounds its wording implies */
  value: QualifiedNumber;
};

/** How one relay of the report words the figure. */
export type FigureVariantInput = {
  /** what the editors make of the difference */
  note?: InputMaybe<Scalars['String']['input']>;
  /** the period in this relay's words */
  periodAsStated?: InputMaybe<Scalars['String']['input']>;
  /** the URL of one of the report's publications */
  publicationUrl: Scalars['String']['input'];
  /** the number as this relay states it */
  value: QualifiedNumberInput;
};

/** What an import changed, or with dryRun, would change. */
export type ImportReportBundlePayload = {
  __typename?: 'ImportReportBundlePayload';
  /** every row, in the order written */
  changes: Array<BundleChange>;
  /** rows created (or that would be) */
  created: Scalars['Int']['output'];
  /** rows removed because the bundle no longer has them (or that would be) */
  deleted: Scalars['Int']['output'];
  /** true when nothing was written */
  dryRun: Scalars['Boolean']['output'];
  /** the report as stored now: after the import, or for a dry run as it was before (null if it does not exist yet) */
  report?: Maybe<Report>;
  /** rows changed (or that would be) */
  updated: Scalars['Int']['output'];
};

/** What the import changed, or why it changed nothing. */
export type ImportReportBundleResult = BaseError | ConflictError | ImportReportBundleSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The bundle was valid. */
export type ImportReportBundleSuccess = {
  __typename?: 'ImportReportBundleSuccess';
  /** the changes */
  result: ImportReportBundlePayload;
};

/** A region a coercion factor applies to. */
export type LinkCoercionFactorToRegionInput = {
  /** the coercion factor */
  factor: Scalars['ID']['input'];
  /** the region, by ISO 3166-2 code or UA-TOT */
  regionCode: Scalars['String']['input'];
};

/** The linked coercion factor, or why nothing was written. */
export type LinkCoercionFactorToRegionResult = BaseError | ConflictError | LinkCoercionFactorToRegionSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The coercion factor was linked. */
export type LinkCoercionFactorToRegionSuccess = {
  __typename?: 'LinkCoercionFactorToRegionSuccess';
  /** the coercion factor as linked */
  coercionFactor: CoercionFactor;
};

/** A report that describes a coercion factor. */
export type LinkCoercionFactorToReportInput = {
  /** the coercion factor */
  factor: Scalars['ID']['input'];
  /** the report */
  report: Scalars['ID']['input'];
};

/** The linked coercion factor, or why nothing was written. */
export type LinkCoercionFactorToReportResult = BaseError | ConflictError | LinkCoercionFactorToReportSuccess | NotFoundError | StaleWriteError | ValidationError;

/** The coercion factor was linked. */
export type LinkCoercionFactorToReportSuccess = {
  __typename?: 'LinkCoercionFactorToReportSuccess';
  /** the coercion factor as linked */
  coercionFactor: CoercionFactor;
};

/** What a metric counts, and the rules the data-quality checks apply to it. */
export type MetricDefinition = {
  __typename?: 'MetricDefinition';
  /** whether the figures of a group's member regions add up to the group's, so that together they cannot exceed it */
  additive: Scalars['Boolean']['output'];
  /** the units its figures may be in; a figure in another unit is refused */
  allowedUnits: Array<Unit>;
  /** the unit its figures are usually in */
  defaultUnit: Unit;
  /** for a percentage of one metric over another: the metric it is a percentage of, e.g. PLANNED_RECRUITS */
  denominator?: Maybe<RecruitmentMetric>;
  /** what its figures count */
  description: Scalars['String']['output'];
  /** count, plan, percentage or amount */
  kind: MetricKind;
  /** the metric */
  metric: RecruitmentMetric;
  /** for a percentage of one metric over another: the metric divided, e.g. CONTRACTS_SIGNED */
  numerator?: Maybe<RecruitmentMetric>;
};

/** What sort of quantity a metric is, which decides the comparisons that make sense for it. */
export type MetricKind =
  /** a sum of money */
  | 'AMOUNT'
  /** people counted over a period (or up to a date, for running totals): a count over part of a period cannot exceed the count over all of it */
  | 'COUNT'
  /** a percentage; not additive */
  | 'PERCENTAGE'
  /** a number the occupying authorities planned */
  | 'PLAN';

/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Adds a coercion factor, with its links (EDITOR or ADMIN). */
  createCoercionFactor: CreateCoercionFactorResult;
  /** Adds a figure to a report (EDITOR or ADMIN). */
  createRecruitmentFigure: CreateRecruitmentFigureResult;
  /** Freezes the dataset as it stands now under a new version (ADMIN only); a version is never reused. */
  createRelease: CreateReleaseResult;
  /** Adds a report (EDITOR or ADMIN). */
  createReport: CreateReportResult;
  /** Deletes a coercion factor and its links (EDITOR or ADMIN); an admin can put both back with restoreFromAudit on the factor entry. */
  deleteCoercionFactor: DeleteCoercionFactorResult;
  /** Deletes a figure (EDITOR or ADMIN); an admin can put it back with restoreFromAudit. */
  deleteRecruitmentFigure: DeleteRecruitmentFigureResult;
  /** Deletes a report with its figures, publications and coercion-factor links (EDITOR or ADMIN). Every row removed is in the audit log, and an admin can put them all back with restoreFromAudit on the report entry. */
  deleteReport: DeleteReportResult;
  /** Imports a report bundle, the format of data/reports/*.json (EDITOR or ADMIN): creates or updates the report by slug, its publications, figures and coercion factors, and removes what the bundle no longer has. All in one transaction with its audit entries, or nothing. With dryRun, returns the same changes and writes nothing. */
  importReportBundle: ImportReportBundleResult;
  /** Records that a coercion factor applies to a region (EDITOR or ADMIN). A link that exists already is a ConflictError. */
  linkCoercionFactorToRegion: LinkCoercionFactorToRegionResult;
  /** Records that a report describes a coercion factor (EDITOR or ADMIN). A link that exists already is a ConflictError. */
  linkCoercionFactorToReport: LinkCoercionFactorToReportResult;
  /** Puts a row back as the entry recorded it before the change (ADMIN only). A deleted row returns exactly, with its id, and with the rows its deletion took along (figures, publications, links); an overwritten row gets its earlier content and a new version. */
  restoreFromAudit: RestoreFromAuditResult;
  /** Sets which regions a group is made of (ADMIN). A group cannot contain itself, directly or through another group, nor a region twice. */
  setRegionGroupMembers: SetRegionGroupMembersResult;
  /** Removes the link between a coercion factor and a region (EDITOR or ADMIN). */
  unlinkCoercionFactorFromRegion: UnlinkCoercionFactorFromRegionResult;
  /** Removes the link between a coercion factor and a report (EDITOR or ADMIN). */
  unlinkCoercionFactorFromReport: UnlinkCoercionFactorFromReportResult;
  /** Corrects a coercion factor (EDITOR or ADMIN). Only the fields given change; the version goes up by one. */
  updateCoercionFactor: UpdateCoercionFactorResult;
  /** Corrects a figure (EDITOR or ADMIN). Only the fields given change; the version goes up by one. */
  updateRecruitmentFigure: UpdateRecruitmentFigureResult;
  /** Corrects a report (EDITOR or ADMIN). Only the fields given change; the version goes up by one. */
  updateReport: UpdateReportResult;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationCreateCoercionFactorArgs = {
  input: CreateCoercionFactorInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationCreateRecruitmentFigureArgs = {
  input: CreateRecruitmentFigureInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationCreateReleaseArgs = {
  input: CreateReleaseInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationCreateReportArgs = {
  input: CreateReportInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationDeleteCoercionFactorArgs = {
  input: DeleteCoercionFactorInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationDeleteRecruitmentFigureArgs = {
  input: DeleteRecruitmentFigureInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationDeleteReportArgs = {
  input: DeleteReportInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationImportReportBundleArgs = {
  bundle: Scalars['JSON']['input'];
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationLinkCoercionFactorToRegionArgs = {
  input: LinkCoercionFactorToRegionInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationLinkCoercionFactorToReportArgs = {
  input: LinkCoercionFactorToReportInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationRestoreFromAuditArgs = {
  entryId: Scalars['ID']['input'];
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationSetRegionGroupMembersArgs = {
  input: SetRegionGroupMembersInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationUnlinkCoercionFactorFromRegionArgs = {
  input: UnlinkCoercionFactorFromRegionInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationUnlinkCoercionFactorFromReportArgs = {
  input: UnlinkCoercionFactorFromReportInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationUpdateCoercionFactorArgs = {
  input: UpdateCoercionFactorInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationUpdateRecruitmentFigureArgs = {
  input: UpdateRecruitmentFigureInput;
};


/** Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction. */
export type MutationUpdateReportArgs = {
  input: UpdateReportInput;
};

/** An object with a globally unique, opaque ID (Relay Global Object Identification). */
export type Node = {
  id: Scalars['ID']['output'];
};

/** A record the input refers to does not exist. */
export type NotFoundError = Error & {
  __typename?: 'NotFoundError';
  /** the kind of record, e.g. Report */
  entityType: Scalars['String']['output'];
  /** what went wrong, in words meant for the editor */
  message: Scalars['String']['output'];
  /** the ID, slug or code that was not found */
  reference: Scalars['String']['output'];
};

/** Ascending or descending. */
export type OrderDirection =
  /** smallest or earliest first */
  | 'ASC'
  /** largest or latest first */
  | 'DESC';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** What a figure counts over its period. */
export type PeriodKind =
  /** a running total from periodStart up to periodEnd, e.g. Crimeans conscripted since 2015; a later total from the same or an earlier start cannot be smaller */
  | 'CUMULATIVE'
  /** what happened between periodStart and periodEnd, e.g. contracts signed in 2024 */
  | 'FLOW'
  /** a state at periodEnd, e.g. a share of personnel or a payment in force */
  | 'SNAPSHOT';

/** A number as a source states it, with the bounds that the statement implies (low/best/high). */
export type QualifiedNumber = {
  __typename?: 'QualifiedNumber';
  /** the figure as worded in the source, e.g. 'over 330' */
  asStated: Scalars['String']['output'];
  /** the number the source gives */
  best: Scalars['Float']['output'];
  /** highest value consistent with the statement; null where unbounded */
  high?: Maybe<Scalars['Float']['output']>;
  /** lowest value consistent with the statement; null where unbounded */
  low?: Maybe<Scalars['Float']['output']>;
  /** how the source qualifies it */
  qualifier: Qualifier;
};

/** A number as the source states it. The bounds follow from the qualifier (see docs/bounds.md) unless given: low and high are needed for a RANGE, and override the derived bound on their side otherwise. */
export type QualifiedNumberInput = {
  /** the figure as worded in the source, e.g. 'over 330' */
  asStated: Scalars['String']['input'];
  /** the number the source gives */
  best: Scalars['Float']['input'];
  /** an explicit upper bound; null for unbounded */
  high?: InputMaybe<Scalars['Float']['input']>;
  /** an explicit lower bound; null for unbounded */
  low?: InputMaybe<Scalars['Float']['input']>;
  /** the unit of the last stated digit, e.g. 100 for "9.6 thousand" (EXACT and APPROXIMATELY only) */
  precision?: InputMaybe<Scalars['Float']['input']>;
  /** how the source qualifies it */
  qualifier: Qualifier;
};

/** How a source qualifies the number it states. */
export type Qualifier =
  /** almost, nearly */
  | 'ALMOST'
  /** about, approximately, around */
  | 'APPROXIMATELY'
  /** at least, no fewer than */
  | 'AT_LEAST'
  /** at most, no more than, up to */
  | 'AT_MOST'
  /** stated as a plain number, e.g. 9.6 thousand */
  | 'EXACT'
  /** just over, slightly more than */
  | 'JUST_OVER'
  /** under, fewer than */
  | 'LESS_THAN'
  /** over, more than */
  | 'MORE_THAN'
  /** a range, e.g. from 55,000 to 60,000: low and high are the stated ends */
  | 'RANGE';

/** The read API: everything here is public. */
export type Query = {
  __typename?: 'Query';
  /** Every change, newest first (ADMIN only): 20 a page, at most 100. */
  auditLog: AuditEntryConnection;
  /** A coercion factor by its slug; null when there is none. */
  coercionFactor?: Maybe<CoercionFactor>;
  /** Coercion factors, by slug by default: 20 a page, at most 100. */
  coercionFactors: CoercionFactorConnection;
  /** Where stated figures cannot all be right: percentages that disagree with counts, regions that add up to more than their total, reports that contradict each other. Ordered by kind, region and metric; at most 500 of each kind. */
  dataQualityIssues: Array<DataQualityIssue>;
  /** The dataset as a whole: title, licence, releases, and how to cite it. */
  dataset: Dataset;
  /** Every metric with its definition, in a stable order (plans and counts of contracts first). */
  metrics: Array<MetricDefinition>;
  /** Any object by its global ID; null when the ID is well formed but names nothing. */
  node?: Maybe<Node>;
  /** Objects by global ID, in the order asked; null for each ID that names nothing. */
  nodes: Array<Maybe<Node>>;
  /** Recruitment figures across all reports and regions: 20 a page by default, at most 100. */
  recruitmentFigures: RecruitmentFigureConnection;
  /** One summary per region with at least one figure whose period ends in the year, ordered by region code. Region codes that name no region match nothing. */
  recruitmentSummaries: Array<RecruitmentSummary>;
  /** by ISO 3166-2 code, or UA-TOT */
  region?: Maybe<Region>;
  /** Every region, or those of one kind, ordered by code. */
  regions: Array<Region>;
  /** A release by its version, answering exactly as the data stood then; null when there is no such version. */
  release?: Maybe<DatasetRelease>;
  /** A report by its slug; null when there is none. */
  report?: Maybe<Report>;
  /** Reports, newest first by default: 20 a page, at most 100. */
  reports: ReportConnection;
  /** full-text search over reports, coercion factors and regions (English and Ukrainian names). The query is read as a web search: words are all required, "quoted phrases" match in order, OR gives alternatives and -word excludes. English words match any form of the word; Ukrainian words match any case ending. Any text is accepted; the empty string finds nothing; only the first 500 characters count. */
  search: SearchResultConnection;
};


/** The read API: everything here is public. */
export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditLogFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** The read API: everything here is public. */
export type QueryCoercionFactorArgs = {
  slug: Scalars['String']['input'];
};


/** The read API: everything here is public. */
export type QueryCoercionFactorsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CoercionFactorFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<CoercionFactorOrder>;
};


/** The read API: everything here is public. */
export type QueryDataQualityIssuesArgs = {
  year?: InputMaybe<Scalars['Int']['input']>;
};


/** The read API: everything here is public. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** The read API: everything here is public. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** The read API: everything here is public. */
export type QueryRecruitmentFiguresArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecruitmentFigureFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecruitmentFigureOrder>;
};


/** The read API: everything here is public. */
export type QueryRecruitmentSummariesArgs = {
  regionCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  year: Scalars['Int']['input'];
};


/** The read API: everything here is public. */
export type QueryRegionArgs = {
  code: Scalars['String']['input'];
};


/** The read API: everything here is public. */
export type QueryRegionsArgs = {
  kind?: InputMaybe<RegionKind>;
};


/** The read API: everything here is public. */
export type QueryReleaseArgs = {
  version: Scalars['String']['input'];
};


/** The read API: everything here is public. */
export type QueryReportArgs = {
  slug: Scalars['String']['input'];
};


/** The read API: everything here is public. */
export type QueryReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ReportFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ReportOrder>;
};


/** The read API: everything here is public. */
export type QuerySearchArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
};

/** One figure that one report states for one region and period. */
export type RecruitmentFigure = Node & {
  __typename?: 'RecruitmentFigure';
  /** who the source says stands behind the figure, where that is not the report's publisher, e.g. 'intelligence documents, confirmed by the Russian side' */
  attributedTo?: Maybe<Scalars['String']['output']>;
  /** when this record was added to the dataset */
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** what the figure counts */
  metric: RecruitmentMetric;
  /** how the figure was read from its source, where the source leaves something open */
  note?: Maybe<Scalars['String']['output']>;
  /** the period in the source's own words, e.g. 'first 11 months of 2024', where it words one */
  periodAsStated?: Maybe<Scalars['String']['output']>;
  /** last day of the period the figure covers */
  periodEnd: Scalars['Date']['output'];
  /** how exactly the source dates the end of the period (periodEnd is the last day of that month/quarter/year) */
  periodEndPrecision: DatePrecision;
  /** FLOW (a count over the period), CUMULATIVE (a running total from periodStart to the as-of date periodEnd) or SNAPSHOT (a state at periodEnd) */
  periodKind: PeriodKind;
  /** first day of the period the figure covers */
  periodStart: Scalars['Date']['output'];
  /** how exactly the source dates the start of the period (periodStart is the first day of that month/quarter/year) */
  periodStartPrecision: DatePrecision;
  /** the sentence that states the figure, in the source's language */
  quote?: Maybe<Scalars['String']['output']>;
  /** the same sentence in English, where the source is not in English */
  quoteEn?: Maybe<Scalars['String']['output']>;
  /** the region (or group of regions) the figure is for */
  region: Region;
  /** the report that states this figure: its source */
  report: Report;
  /** the unit of the value (the metric's default unit unless the source uses another) */
  unit: Unit;
  /** when this record last changed */
  updatedAt: Scalars['DateTime']['output'];
  /** the number with its qualifier and bounds */
  value: QualifiedNumber;
  /** how relays of the report word this figure, where they differ */
  variants: Array<FigureVariant>;
  /** incremented on every change; updates must carry the version they read */
  version: Scalars['Int']['output'];
};

/** A page of recruitment figures. */
export type RecruitmentFigureConnection = {
  __typename?: 'RecruitmentFigureConnection';
  edges: Array<RecruitmentFigureEdge>;
  pageInfo: PageInfo;
  /** how many figures match across all pages (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

/** A recruitment figure and its cursor. */
export type RecruitmentFigureEdge = {
  __typename?: 'RecruitmentFigureEdge';
  cursor: Scalars['String']['output'];
  node: RecruitmentFigure;
};

/** Keeps the figures that match every field given. A list keeps figures whose value is in it (an empty list keeps none); an unknown code or slug matches nothing. */
export type RecruitmentFigureFilter = {
  /** only these metrics */
  metrics?: InputMaybe<Array<RecruitmentMetric>>;
  /** keep figures whose period overlaps [periodFrom, periodTo] */
  periodFrom?: InputMaybe<Scalars['Date']['input']>;
  /** only these period kinds */
  periodKinds?: InputMaybe<Array<PeriodKind>>;
  /** keep figures whose period overlaps [periodFrom, periodTo] */
  periodTo?: InputMaybe<Scalars['Date']['input']>;
  /** ISO 3166-2 codes, or UA-TOT; only figures stated for these regions themselves */
  regionCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** slugs of the reports stating the figures */
  reportSlugs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** only figures in these units */
  units?: InputMaybe<Array<Unit>>;
};

/** An ordering of recruitment figures. The default is PERIOD_END DESC: newest first. */
export type RecruitmentFigureOrder = {
  /** ascending or descending */
  direction: OrderDirection;
  /** what to order by */
  field: RecruitmentFigureOrderField;
};

/** What to order recruitment figures by; ties are always broken by id in the same direction. */
export type RecruitmentFigureOrderField =
  /** the last day of the period */
  | 'PERIOD_END'
  /** the first day of the period */
  | 'PERIOD_START'
  /** the best value (mixes units unless filtered to one metric) */
  | 'VALUE';

/** What a recruitment figure counts. */
export type RecruitmentMetric =
  /** people called up for compulsory military service: one conscription campaign, or a running total of them */
  | 'CONSCRIPTED'
  /** the number of people who signed a military service contract in the period */
  | 'CONTRACTS_SIGNED'
  /** residents of the occupied territories killed while serving in Russia's forces */
  | 'KILLED'
  /** people mobilised into Russia's forces or the occupation formations outside regular conscription (sources mostly call it forced mobilisation) */
  | 'MOBILISED'
  /** a payment offered to recruits, in the figure's unit */
  | 'PAYMENT_AMOUNT'
  /** the number of conscripts the occupying authorities planned to call up */
  | 'PLANNED_CONSCRIPTS'
  /** the number of people the occupying authorities planned to mobilise */
  | 'PLANNED_MOBILISATION'
  /** the number of recruits the occupying authorities planned for the period */
  | 'PLANNED_RECRUITS'
  /** contracts signed as a percentage of the plan, as the source reports it */
  | 'PLAN_FULFILMENT_PERCENT'
  /** residents of the occupied territories as a percentage of the personnel of a force or unit */
  | 'SHARE_OF_PERSONNEL_PERCENT';

/** What one report says of one region's recruitment in one calendar year, and what follows from it. Every number comes from one report (sources), picked by a documented rule; the other reports stating figures for the region and year are otherSources. For each metric the summary uses that report's figure whose period ends latest in the year; a figure whose period spans two years counts in the year it ends. See docs/analytics.md. */
export type RecruitmentSummary = {
  __typename?: 'RecruitmentSummary';
  /** contractsSigned / plannedRecruits x 100, where both are stated, with the contracts of fulfilmentBasis and a plan whose period covers theirs */
  computedFulfilmentPercent?: Maybe<Estimate>;
  /** whether the stated percentage agrees with the computed one, given the bounds of both; NOT_CHECKABLE unless a plan, a percentage and contracts for the percentage's period are all stated */
  consistency: ConsistencyStatus;
  /** the end of the period that the contracts figure covers */
  contractsPeriodEnd?: Maybe<Scalars['Date']['output']>;
  /** the contracts signed, as stated, for the period ending latest in the year */
  contractsSigned?: Maybe<QualifiedNumber>;
  /** the figures the summary uses, all from its one report (sources): for every metric and unit it states, the one whose period ends latest in the year, plus the fulfilment basis; each leads to its sentence in the report */
  figures: Array<RecruitmentFigure>;
  /** the contracts figure that computedFulfilmentPercent, impliedPlannedRecruits and consistency divide: the one stated for the reported percentage's own period where there is one (a percentage is measured on one period), otherwise contractsSigned */
  fulfilmentBasis?: Maybe<RecruitmentFigure>;
  /** contractsSigned / reportedFulfilmentPercent x 100, where contracts and percentage are stated for the same period (the contracts of fulfilmentBasis) */
  impliedPlannedRecruits?: Maybe<Estimate>;
  /** reports that state figures for this region and year which the summary did not combine with the ones it used, in the order of the rule; compare them in dataQualityIssues */
  otherSources: Array<Report>;
  /** the plan for the year, as stated */
  plannedRecruits?: Maybe<QualifiedNumber>;
  /** the region summarised */
  region: Region;
  /** the plan fulfilment percentage, as stated */
  reportedFulfilmentPercent?: Maybe<QualifiedNumber>;
  /** the report the summary draws on: every number of a summary comes from one report, picked by the rule in docs/analytics.md (most of plan, count and percentage stated; then the latest figures; then the latest published) */
  sources: Array<Report>;
  /** the calendar year: figures whose period ends in it */
  year: Scalars['Int']['output'];
};

/** A region of Ukraine occupied in whole or in part, or a group of such regions. */
export type Region = Node & {
  __typename?: 'Region';
  /** the regions whose primary group this is, by code (for UA-TOT the same as members) */
  children: Array<Region>;
  /** ISO 3166-2 code (UA-14 Donetsk, UA-09 Luhansk, UA-23 Zaporizhzhia, UA-65 Kherson, UA-43 Crimea, UA-40 Sevastopol); UA-TOT for all temporarily occupied territories */
  code: Scalars['String']['output'];
  /** the groups this region belongs to, e.g. UA-TOT and UA-SOUTH, by code */
  groups: Array<Region>;
  id: Scalars['ID']['output'];
  /** KATOTTG code of the unit, where it has one */
  katottg?: Maybe<Scalars['String']['output']>;
  /** oblast, autonomous republic, city with special status, or a group */
  kind: RegionKind;
  /** for a group: the regions it is made of, by code; a figure for the group covers exactly these */
  members: Array<Region>;
  /** official English name */
  nameEn: Scalars['String']['output'];
  /** official Ukrainian name */
  nameUk: Scalars['String']['output'];
  /** the region's primary group (UA-TOT for the six occupied regions); a region may be in several groups: see groups */
  parent?: Maybe<Region>;
  /** The figures stated for this region itself (for UA-TOT: for all occupied territories together, not the sum of its children). */
  recruitmentFigures: RecruitmentFigureConnection;
  /** the region's summary for a year; null when no figure for the region ends in that year */
  recruitmentSummary?: Maybe<RecruitmentSummary>;
};


/** A region of Ukraine occupied in whole or in part, or a group of such regions. */
export type RegionRecruitmentFiguresArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecruitmentFigureFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecruitmentFigureOrder>;
};


/** A region of Ukraine occupied in whole or in part, or a group of such regions. */
export type RegionRecruitmentSummaryArgs = {
  year: Scalars['Int']['input'];
};

/** What sort of administrative unit a region is. */
export type RegionKind =
  /** a group of regions, e.g. all temporarily occupied territories together */
  | 'AGGREGATE'
  /** the Autonomous Republic of Crimea */
  | 'AUTONOMOUS_REPUBLIC'
  /** a city with special status (Sevastopol) */
  | 'CITY_WITH_SPECIAL_STATUS'
  /** a country, e.g. Russia as a whole */
  | 'COUNTRY'
  /** a Russian military district, e.g. the Southern Military District */
  | 'MILITARY_DISTRICT'
  /** an oblast (province) */
  | 'OBLAST';

/** One record added, changed or removed since the previous release. */
export type ReleaseChange = {
  __typename?: 'ReleaseChange';
  /** the record's global ID */
  entityId: Scalars['ID']['output'];
  /** Report, RecruitmentFigure, CoercionFactor or Region */
  entityType: Scalars['String']['output'];
  /** added, changed or removed */
  kind: ReleaseChangeKind;
  /** a one-line description a reader understands, e.g. 'UA-23 CONTRACTS_SIGNED 2024: over 330 -> about 330' */
  summary: Scalars['String']['output'];
};

/** A page of the changes a release brings, in the order Region, Report, CoercionFactor, RecruitmentFigure. */
export type ReleaseChangeConnection = {
  __typename?: 'ReleaseChangeConnection';
  edges: Array<ReleaseChangeEdge>;
  pageInfo: PageInfo;
  /** how many records changed (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

/** A change and its cursor. */
export type ReleaseChangeEdge = {
  __typename?: 'ReleaseChangeEdge';
  cursor: Scalars['String']['output'];
  node: ReleaseChange;
};

/** What changed in one record between two releases. */
export type ReleaseChangeKind =
  /** the record is new in this release */
  | 'ADDED'
  /** the record is in both releases, with different content */
  | 'CHANGED'
  /** the record was in the previous release and is not in this one */
  | 'REMOVED';

/** A published report that states recruitment figures or describes coercion. */
export type Report = Node & {
  __typename?: 'Report';
  /** the coercion factors this report describes */
  coercionFactors: Array<CoercionFactor>;
  /** when this record was added to the dataset */
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** BCP 47 language tag of the source */
  language: Scalars['String']['output'];
  /** the editors' notes on how the source was read */
  note?: Maybe<Scalars['String']['output']>;
  /** the last day of the period the report's findings cover */
  periodEnd?: Maybe<Scalars['Date']['output']>;
  /** the first day of the period the report's findings cover */
  periodStart?: Maybe<Scalars['Date']['output']>;
  /** where the report was published or relayed */
  publications: Array<ReportPublication>;
  /** the date of publication, where known */
  publishedOn?: Maybe<Scalars['Date']['output']>;
  /** how exactly publishedOn is known (it is the first day of that month/quarter/year) */
  publishedOnPrecision: DatePrecision;
  /** the organisation that issued the report, e.g. National Resistance Center */
  publisher: Scalars['String']['output'];
  /** The figures this report states. */
  recruitmentFigures: RecruitmentFigureConnection;
  /** stable, URL-safe identifier */
  slug: Scalars['String']['output'];
  /** who the report comes from: a Ukrainian official, an NGO, the UN, ... */
  sourceKind: SourceKind;
  /** where the report (or the relay it was read from) can be read */
  sourceUrl?: Maybe<Scalars['String']['output']>;
  /** the person who made the statement, where one is named, e.g. 'Vladyslav Voloshyn, spokesman of the Southern Defence Forces' */
  speaker?: Maybe<Scalars['String']['output']>;
  /** what the report finds, in the editors' words */
  summary?: Maybe<Scalars['String']['output']>;
  /** the title, in English (the editors' own where the source has none) */
  title: Scalars['String']['output'];
  /** when this record last changed */
  updatedAt: Scalars['DateTime']['output'];
  /** incremented on every change; updates must carry the version they read */
  version: Scalars['Int']['output'];
};


/** A published report that states recruitment figures or describes coercion. */
export type ReportRecruitmentFiguresArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecruitmentFigureFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecruitmentFigureOrder>;
};

/** A page of reports. */
export type ReportConnection = {
  __typename?: 'ReportConnection';
  edges: Array<ReportEdge>;
  pageInfo: PageInfo;
  /** how many reports match across all pages (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

/** A report and its cursor. */
export type ReportEdge = {
  __typename?: 'ReportEdge';
  cursor: Scalars['String']['output'];
  node: Report;
};

/** Keeps the reports that match every field given. */
export type ReportFilter = {
  /** published on or after this date */
  publishedFrom?: InputMaybe<Scalars['Date']['input']>;
  /** published on or before this date */
  publishedTo?: InputMaybe<Scalars['Date']['input']>;
  /** part of the publisher name, case-insensitive */
  publisher?: InputMaybe<Scalars['String']['input']>;
};

/** An ordering of reports. The default is PUBLISHED_ON DESC: newest first. */
export type ReportOrder = {
  /** ascending or descending */
  direction: OrderDirection;
  /** what to order by */
  field: ReportOrderField;
};

/** What to order reports by; ties are broken by id. */
export type ReportOrderField =
  /** the end of the period covered; reports with none count as the earliest */
  | 'PERIOD_END'
  /** publication date; reports with no known date count as the earliest */
  | 'PUBLISHED_ON'
  /** title, in byte order */
  | 'TITLE';

/** A place where a report was published or relayed: one report often reaches readers through several outlets. */
export type ReportPublication = {
  __typename?: 'ReportPublication';
  /** BCP 47 language tag of this publication */
  language?: Maybe<Scalars['String']['output']>;
  /** how this publication differs from the others, if it does */
  note?: Maybe<Scalars['String']['output']>;
  /** the outlet, e.g. 112.ua or Suspilne */
  outlet: Scalars['String']['output'];
  /** when this outlet published it, where known */
  publishedOn?: Maybe<Scalars['Date']['output']>;
  /** how exactly publishedOn is known (it is the first day of that month/quarter/year) */
  publishedOnPrecision: DatePrecision;
  /** where this publication can be read */
  url: Scalars['String']['output'];
};

/** The rows put back, or why nothing was. */
export type RestoreFromAuditResult = BaseError | ConflictError | NotFoundError | RestoreFromAuditSuccess | StaleWriteError | ValidationError;

/** The restore succeeded. */
export type RestoreFromAuditSuccess = {
  __typename?: 'RestoreFromAuditSuccess';
  /** the RESTORE entries written: the requested row first, then the rows deleted with it */
  entries: Array<AuditEntry>;
};

/** Something a search found: a report, a coercion factor or a region. */
export type SearchResult = CoercionFactor | Region | Report;

/** A page of search hits, best first. */
export type SearchResultConnection = {
  __typename?: 'SearchResultConnection';
  edges: Array<SearchResultEdge>;
  pageInfo: PageInfo;
  /** how many hits the query has across all pages */
  totalCount: Scalars['Int']['output'];
};

/** One search hit and where it stands. */
export type SearchResultEdge = {
  __typename?: 'SearchResultEdge';
  cursor: Scalars['String']['output'];
  node: SearchResult;
  /** relevance, higher is better (PostgreSQL ts_rank: title and names weigh most, then publisher and descriptions, then summaries) */
  rank: Scalars['Float']['output'];
};

/** The whole list of regions a group is made of; it replaces the present list. */
export type SetRegionGroupMembersInput = {
  /** the group, e.g. UA-SOUTH (a region of kind AGGREGATE, COUNTRY or MILITARY_DISTRICT) */
  groupCode: Scalars['String']['input'];
  /** the codes of its members, each once; not the group itself */
  memberCodes: Array<Scalars['String']['input']>;
};

/** The group with its new members, or why nothing was written. */
export type SetRegionGroupMembersResult = BaseError | ConflictError | NotFoundError | SetRegionGroupMembersSuccess | ValidationError;

/** The members were set. */
export type SetRegionGroupMembersSuccess = {
  __typename?: 'SetRegionGroupMembersSuccess';
  /** the group as it now is */
  region: Region;
};

/** Who a report comes from, so that a reader can weigh it: none of them is neutral. */
export type SourceKind =
  /** the UN, OHCHR or another international body */
  | 'INTERNATIONAL_ORGANISATION'
  /** a news outlet's own reporting */
  | 'MEDIA'
  /** a human-rights or civil-society organisation, e.g. the Crimean Human Rights Group */
  | 'NGO'
  /** a research institute or think tank */
  | 'RESEARCH'
  /** the Russian government, its armed forces or the occupation authorities */
  | 'RUSSIAN_OFFICIAL'
  /** Ukraine's military intelligence or armed forces, or an official citing their intelligence */
  | 'UKRAINIAN_MILITARY'
  /** a Ukrainian government body or official, e.g. the National Resistance Center, a ministry, the Mission in Crimea, the Coordination HQ for POWs */
  | 'UKRAINIAN_OFFICIAL';

/** Someone changed the record after you read it. Nothing was written: read it again, and reapply your change to the current version. */
export type StaleWriteError = Error & {
  __typename?: 'StaleWriteError';
  /** the version stored now */
  currentVersion: Scalars['Int']['output'];
  /** its global ID */
  entityId: Scalars['ID']['output'];
  /** the kind of record */
  entityType: Scalars['String']['output'];
  /** the version you sent */
  expectedVersion: Scalars['Int']['output'];
  /** what went wrong, in words meant for the editor */
  message: Scalars['String']['output'];
};

/** What a token may do. */
export type TokenRole =
  /** everything an editor may, plus reading the audit log and restoring from it */
  | 'ADMIN'
  /** create, correct and delete reports, figures and coercion factors; import bundles */
  | 'EDITOR';

/** The unit a figure's value is in. */
export type Unit =
  /** a percentage */
  | 'PERCENT'
  /** people */
  | 'PERSONS'
  /** Russian roubles */
  | 'RUB'
  /** US dollars */
  | 'USD';

/** A region a coercion factor no longer applies to. */
export type UnlinkCoercionFactorFromRegionInput = {
  /** the coercion factor */
  factor: Scalars['ID']['input'];
  /** the region, by ISO 3166-2 code or UA-TOT */
  regionCode: Scalars['String']['input'];
};

/** The unlinked coercion factor, or why nothing was written. */
export type UnlinkCoercionFactorFromRegionResult = BaseError | ConflictError | NotFoundError | StaleWriteError | UnlinkCoercionFactorFromRegionSuccess | ValidationError;

/** The coercion factor was unlinked. */
export type UnlinkCoercionFactorFromRegionSuccess = {
  __typename?: 'UnlinkCoercionFactorFromRegionSuccess';
  /** the coercion factor as unlinked */
  coercionFactor: CoercionFactor;
};

/** A report that no longer counts as describing a coercion factor. */
export type UnlinkCoercionFactorFromReportInput = {
  /** the coercion factor */
  factor: Scalars['ID']['input'];
  /** the report */
  report: Scalars['ID']['input'];
};

/** The unlinked coercion factor, or why nothing was written. */
export type UnlinkCoercionFactorFromReportResult = BaseError | ConflictError | NotFoundError | StaleWriteError | UnlinkCoercionFactorFromReportSuccess | ValidationError;

/** The coercion factor was unlinked. */
export type UnlinkCoercionFactorFromReportSuccess = {
  __typename?: 'UnlinkCoercionFactorFromReportSuccess';
  /** the coercion factor as unlinked */
  coercionFactor: CoercionFactor;
};

/** Changes to a coercion factor. Fields left out stay as they are; null clears an optional field. Links change through the link and unlink mutations. Refused (StaleWriteError) unless expectedVersion is the version stored. */
export type UpdateCoercionFactorInput = {
  /** replaces the whole list */
  affectedGroups?: InputMaybe<Array<Scalars['String']['input']>>;
  /** the kind of pressure */
  category?: InputMaybe<CoercionCategory>;
  /** what the pressure is, as the reports describe it */
  description?: InputMaybe<Scalars['String']['input']>;
  /** the date from which it applies; null if none is given */
  effectiveFrom?: InputMaybe<Scalars['Date']['input']>;
  /** how exactly the source dates effectiveFrom */
  effectiveFromPrecision?: InputMaybe<DatePrecision>;
  /** the CoercionFactor.version you read */
  expectedVersion: Scalars['Int']['input'];
  /** the factor to change */
  id: Scalars['ID']['input'];
  /** the editors' notes */
  note?: InputMaybe<Scalars['String']['input']>;
  /** a new slug (links to the old one stop working) */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** a short name for the pressure */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** The updated coercion factor, or why nothing was written. */
export type UpdateCoercionFactorResult = BaseError | ConflictError | NotFoundError | StaleWriteError | UpdateCoercionFactorSuccess | ValidationError;

/** The coercion factor was updated. */
export type UpdateCoercionFactorSuccess = {
  __typename?: 'UpdateCoercionFactorSuccess';
  /** the coercion factor as updated */
  coercionFactor: CoercionFactor;
};

/** Corrections to a figure. Fields left out stay as they are; null clears an optional field; a value given replaces the whole value, bounds re-derived. Refused (StaleWriteError) unless expectedVersion is the version stored. */
export type UpdateRecruitmentFigureInput = {
  /** who the source says stands behind the figure, where that is not the report's publisher */
  attributedTo?: InputMaybe<Scalars['String']['input']>;
  /** the RecruitmentFigure.version you read */
  expectedVersion: Scalars['Int']['input'];
  /** the figure to correct */
  id: Scalars['ID']['input'];
  /** what the figure counts */
  metric?: InputMaybe<RecruitmentMetric>;
  /** how the figure was read from its source */
  note?: InputMaybe<Scalars['String']['input']>;
  /** the period in the source's words */
  periodAsStated?: InputMaybe<Scalars['String']['input']>;
  /** last day of the period */
  periodEnd?: InputMaybe<Scalars['Date']['input']>;
  /** how exactly the source dates the end (DAY if not given) */
  periodEndPrecision?: InputMaybe<DatePrecision>;
  /** FLOW (default), CUMULATIVE (a running total to periodEnd) or SNAPSHOT */
  periodKind?: InputMaybe<PeriodKind>;
  /** first day of the period */
  periodStart?: InputMaybe<Scalars['Date']['input']>;
  /** how exactly the source dates the start (DAY if not given) */
  periodStartPrecision?: InputMaybe<DatePrecision>;
  /** the sentence that states the figure, in the source's language */
  quote?: InputMaybe<Scalars['String']['input']>;
  /** the same sentence in English */
  quoteEn?: InputMaybe<Scalars['String']['input']>;
  /** the region, by ISO 3166-2 code or UA-TOT */
  regionCode?: InputMaybe<Scalars['String']['input']>;
  /** the unit of the value; the metric's default unit if not given */
  unit?: InputMaybe<Unit>;
  /** the number as stated; replaces the whole value */
  value?: InputMaybe<QualifiedNumberInput>;
  /** how relays of the report word the figure, one per publication (by URL); given, it replaces the figure's variants */
  variants?: InputMaybe<Array<FigureVariantInput>>;
};

/** The updated figure, or why nothing was written. */
export type UpdateRecruitmentFigureResult = BaseError | ConflictError | NotFoundError | StaleWriteError | UpdateRecruitmentFigureSuccess | ValidationError;

/** The figure was updated. */
export type UpdateRecruitmentFigureSuccess = {
  __typename?: 'UpdateRecruitmentFigureSuccess';
  /** the figure as updated */
  recruitmentFigure: RecruitmentFigure;
};

/** Changes to a report. Fields left out stay as they are; null clears an optional field. The change is refused (StaleWriteError) unless expectedVersion is the version stored. */
export type UpdateReportInput = {
  /** the Report.version you read */
  expectedVersion: Scalars['Int']['input'];
  /** the report to change */
  id: Scalars['ID']['input'];
  /** BCP 47 language tag of the source */
  language?: InputMaybe<Scalars['String']['input']>;
  /** the editors' notes on how the source was read */
  note?: InputMaybe<Scalars['String']['input']>;
  /** last day of that period */
  periodEnd?: InputMaybe<Scalars['Date']['input']>;
  /** first day of the period its findings cover */
  periodStart?: InputMaybe<Scalars['Date']['input']>;
  /** the date of publication; null if unknown */
  publishedOn?: InputMaybe<Scalars['Date']['input']>;
  /** how exactly publishedOn is known */
  publishedOnPrecision?: InputMaybe<DatePrecision>;
  /** the organisation that issued it */
  publisher?: InputMaybe<Scalars['String']['input']>;
  /** a new slug (links to the old one stop working) */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** who the report comes from */
  sourceKind?: InputMaybe<SourceKind>;
  /** where the report can be read (http or https) */
  sourceUrl?: InputMaybe<Scalars['String']['input']>;
  /** the person who made the statement; null if none is named */
  speaker?: InputMaybe<Scalars['String']['input']>;
  /** a short summary of the findings */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** the title as published */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** The updated report, or why nothing was written. */
export type UpdateReportResult = BaseError | ConflictError | NotFoundError | StaleWriteError | UpdateReportSuccess | ValidationError;

/** The report was updated. */
export type UpdateReportSuccess = {
  __typename?: 'UpdateReportSuccess';
  /** the report as updated */
  report: Report;
};

/** The input broke one or more rules; each issue names the field it concerns. */
export type ValidationError = Error & {
  __typename?: 'ValidationError';
  /** every problem found, not only the first */
  issues: Array<FieldIssue>;
  /** what went wrong, in words meant for the editor */
  message: Scalars['String']['output'];
};

export type ExampleRegionFiguresQueryVariables = Exact<{
  code: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ExampleRegionFiguresQuery = { __typename?: 'Query', region?: { __typename?: 'Region', id: string, code: string, nameEn: string, recruitmentFigures: { __typename?: 'RecruitmentFigureConnection', totalCount: number, edges: Array<{ __typename?: 'RecruitmentFigureEdge', cursor: string, node: { __typename?: 'RecruitmentFigure', id: string, metric: RecruitmentMetric, periodStart: string, periodEnd: string, updatedAt: string, value: { __typename?: 'QualifiedNumber', asStated: string, qualifier: Qualifier, best: number, low?: number | null, high?: number | null }, report: { __typename?: 'Report', id: string, slug: string, publisher: string } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } | null };

export type ExampleFigureNodeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExampleFigureNodeQuery = { __typename?: 'Query', node?:
    | { __typename?: 'CoercionFactor', id: string }
    | { __typename?: 'DatasetRelease', id: string }
    | { __typename?: 'RecruitmentFigure', metric: RecruitmentMetric, id: string, value: { __typename?: 'QualifiedNumber', asStated: string, low?: number | null, high?: number | null } }
    | { __typename?: 'Region', id: string }
    | { __typename?: 'Report', id: string }
   | null };

export type ExampleSummariesQueryVariables = Exact<{
  year: Scalars['Int']['input'];
}>;


export type ExampleSummariesQuery = { __typename?: 'Query', recruitmentSummaries: Array<{ __typename?: 'RecruitmentSummary', year: number, consistency: ConsistencyStatus, region: { __typename?: 'Region', id: string, code: string }, reportedFulfilmentPercent?: { __typename?: 'QualifiedNumber', asStated: string, qualifier: Qualifier, best: number, low?: number | null, high?: number | null } | null, impliedPlannedRecruits?: { __typename?: 'Estimate', best: number, low?: number | null, high?: number | null } | null }> };


export const ExampleRegionFiguresDocument = {"__meta__":{"hash":"4331d1b4f5295546f6368ff21e04175d435949e532c1935dfb52d887b68d3a9f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleRegionFigures"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"recruitmentFigures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"value"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asStated"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"best"}},{"kind":"Field","name":{"kind":"Name","value":"low"}},{"kind":"Field","name":{"kind":"Name","value":"high"}}]}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExampleRegionFiguresQuery, ExampleRegionFiguresQueryVariables>;
export const ExampleFigureNodeDocument = {"__meta__":{"hash":"39e9bd0fda0f4fea0a8fbbc419e8671eebfabdbb7e594105c998991cef9adb77"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleFigureNode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RecruitmentFigure"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"value"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asStated"}},{"kind":"Field","name":{"kind":"Name","value":"low"}},{"kind":"Field","name":{"kind":"Name","value":"high"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExampleFigureNodeQuery, ExampleFigureNodeQueryVariables>;
export const ExampleSummariesDocument = {"__meta__":{"hash":"4fad2198b8ed21c7e4de4cd60b27434350abe6e2988da5ff12dc94cc7aed2172"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExampleSummaries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recruitmentSummaries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reportedFulfilmentPercent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asStated"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"best"}},{"kind":"Field","name":{"kind":"Name","value":"low"}},{"kind":"Field","name":{"kind":"Name","value":"high"}}]}},{"kind":"Field","name":{"kind":"Name","value":"impliedPlannedRecruits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"best"}},{"kind":"Field","name":{"kind":"Name","value":"low"}},{"kind":"Field","name":{"kind":"Name","value":"high"}}]}},{"kind":"Field","name":{"kind":"Name","value":"consistency"}}]}}]}}]} as unknown as DocumentNode<ExampleSummariesQuery, ExampleSummariesQueryVariables>;