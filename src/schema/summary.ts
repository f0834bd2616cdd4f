// Research analytics: summaries per region and year that carry their uncertainty, and data-quality
// checks across reports. The SQL is src/analytics/, the arithmetic src/domain/estimate.ts; this file only
// shapes them for GraphQL. Regions, reports and figures are returned as `{ id }` and loaded by
// plugin-drizzle's model loader, which batches every row of a response into one statement per type.
import { dataQualityIssues, MAX_ISSUES_PER_KIND, type DataQualityIssue as Issue } from '../analytics/quality.js';
import { recruitmentSummaries, yearRange, MAX_YEAR, MIN_YEAR, type RegionYearSummary } from '../analytics/summary.js';
import { builder } from '../builder.js';
import { ESTIMATE_SIGNIFICANT_DIGITS, roundOutward, type Estimate as EstimateShape } from '../domain/estimate.js';
import { asGraphQL } from './arguments.js';
import { batchLoad } from './batch.js';
import { QualifiedNumber, RecruitmentFigure, RecruitmentMetric } from './figure.js';
import { Region } from './region.js';
import { Report } from './report.js';

export const Estimate = builder.objectRef<EstimateShape>('Estimate').implement({
  description: `A best estimate and the interval it is known to lie in; a null bound is unbounded. Shown to ${ESTIMATE_SIGNIFICANT_DIGITS} significant digits, the interval rounded outwards so it still contains the computed one.`,
  fields: (t) => ({
    best: t.float({
      description: 'the value computed from the stated best values',
      resolve: (e) => roundOutward(e).best,
    }),
    low: t.float({
      nullable: true,
      description: 'the lowest value the stated bounds allow, rounded down; null where a bound it depends on is unbounded',
      resolve: (e) => roundOutward(e).low,
    }),
    high: t.float({
      nullable: true,
      description:
        'the highest value the stated bounds allow, rounded up; null where a bound it depends on is unbounded, or a divisor may be zero',
      resolve: (e) => roundOutward(e).high,
    }),
  }),
});

export const ConsistencyStatus = builder.enumType('ConsistencyStatus', {
  description: 'Whether a stated percentage agrees with the one computed from stated counts.',
  values: {
    CONSISTENT: { description: "the stated percentage's interval and the computed one overlap" },
    INCONSISTENT: { description: 'the two intervals do not overlap: at least one statement is wrong' },
    NOT_CHECKABLE: { description: 'too little is stated to tell' },
  } as const,
});

export const RecruitmentSummary = builder.objectRef<RegionYearSummary>('RecruitmentSummary').implement({
  description:
    'What one report says of one region\'s recruitment in one calendar year, and what follows from it. Every number comes from one report (sources), picked by a documented rule; the other reports stating figures for the region and year are otherSources. For each metric the summary uses that report\'s figure whose period ends latest in the year; a figure whose period spans two years counts in the year it ends. See docs/analytics.md.',
  fields: (t) => ({
    region: t.field({ type: Region, description: 'the region summarised', resolve: (s) => ({ id: s.regionId }) as never }),
    year: t.exposeInt('year', { description: 'the calendar year: figures whose period ends in it' }),
    plannedRecruits: t.field({
      type: QualifiedNumber,
      nullable: true,
      description: 'the plan for the year, as stated',
      resolve: (s) => s.plannedRecruits as never,
    }),
    contractsSigned: t.field({
      type: QualifiedNumber,
      nullable: true,
      description: 'the contracts signed, as stated, for the period ending latest in the year',
      resolve: (s) => s.contractsSigned as never,
    }),
    contractsPeriodEnd: t.field({
      type: 'Date',
      nullable: true,
      description: 'the end of the period that the contracts figure covers',
      resolve: (s) => s.contractsSigned?.periodEnd ?? null,
    }),
    reportedFulfilmentPercent: t.field({
      type: QualifiedNumber,
      nullable: true,
      description: 'the plan fulfilment percentage, as stated',
      resolve: (s) => s.reportedFulfilmentPercent as never,
    }),
    fulfilmentBasis: t.field({
      type: RecruitmentFigure,
      nullable: true,
      description:
        "the contracts figure that computedFulfilmentPercent, impliedPlannedRecruits and consistency divide: the one stated for the reported percentage's own period where there is one (a percentage is measured on one period), otherwise contractsSigned",
      // The row's columns that RecruitmentFigure always selects are here; the rest (note, report, ...)
      // plugin-drizzle loads by id, in one statement for the whole response.
      resolve: (s) => s.fulfilmentBasis as never,
    }),
    computedFulfilmentPercent: t.field({
      type: Estimate,
      nullable: true,
      description:
        "contractsSigned / plannedRecruits x 100, where both are stated, with the contracts of fulfilmentBasis and a plan whose period covers theirs",
      resolve: (s) => s.computedFulfilmentPercent,
    }),
    impliedPlannedRecruits: t.field({
      type: Estimate,
      nullable: true,
      description:
        'contractsSigned / reportedFulfilmentPercent x 100, where contracts and percentage are stated for the same period (the contracts of fulfilmentBasis)',
      resolve: (s) => s.impliedPlannedRecruits,
    }),
    consistency: t.field({
      type: ConsistencyStatus,
      description:
        "whether the stated percentage agrees with the computed one, given the bounds of both; NOT_CHECKABLE unless a plan, a percentage and contracts for the percentage's period are all stated",
      resolve: (s) => s.consistency,
    }),
    figures: t.field({
      type: [RecruitmentFigure],
      description:
        "the figures the summary uses, all from its one report (sources): for every metric and unit it states, the one whose period ends latest in the year, plus the fulfilment basis; each leads to its sentence in the report",
      resolve: (s) =>
        [...s.figures, s.fulfilmentBasis].filter(
          (f, i, all) => f !== null && all.findIndex((g) => g?.id === f.id) === i,
        ) as never,
    }),
    sources: t.field({
      type: [Report],
      description:
        'the report the summary draws on: every number of a summary comes from one report, picked by the rule in docs/analytics.md (most of plan, count and percentage stated; then the latest figures; then the latest published)',
      resolve: (s) => s.sourceReportIds.map((id) => ({ id })) as never,
    }),
    otherSources: t.field({
      type: [Report],
      description:
        'reports that state figures for this region and year which the summary did not combine with the ones it used, in the order of the rule; compare them in dataQualityIssues',
      resolve: (s) => s.otherSourceReportIds.map((id) => ({ id })) as never,
    }),
  }),
});

export const DataQualityIssueKind = builder.enumType('DataQualityIssueKind', {
  description: 'What sort of disagreement a data-quality issue is.',
  values: {
    PERCENT_MISMATCH: { description: 'a stated percentage disagrees with the one computed from stated counts' },
    REGIONS_EXCEED_TOTAL: {
      description: 'the regions\' figures add up to more than the figure for the group that holds them',
    },
    CONFLICTING_REPORTS: { description: 'two reports state incompatible figures for the same region, metric and period' },
    CUMULATIVE_DECREASE: {
      description:
        'a running total is smaller than an earlier running total of the same region and metric from the same or an earlier start',
    },
    GROUP_MEMBERS_CONFLICT: {
      description:
        "a figure for a group of regions cannot be reconciled with the figures stated for its members, e.g. the group's fulfilment below every member's",
    },
    RELAY_VARIANT: { description: 'relays of one report word the same figure differently' },
  } as const,
});

export const DataQualityIssue = builder.objectRef<Issue>('DataQualityIssue').implement({
  description: 'A place where stated figures cannot all be right, found by comparing their bounds.',
  fields: (t) => ({
    kind: t.field({ type: DataQualityIssueKind, description: 'what sort of disagreement', resolve: (i) => i.kind }),
    message: t.exposeString('message', { description: 'the disagreement in words, with the figures and reports involved' }),
    region: t.field({
      type: Region,
      nullable: true,
      description: 'the region concerned (for REGIONS_EXCEED_TOTAL, the group whose total is exceeded)',
      resolve: (i) => (i.regionId === null ? null : ({ id: i.regionId } as never)),
    }),
    metric: t.field({ type: RecruitmentMetric, nullable: true, description: 'the metric concerned', resolve: (i) => i.metric as never }),
    reports: t.field({
      type: [Report],
      description: 'the reports whose figures disagree, by id',
      resolve: (i) => i.reportIds.map((id) => ({ id })) as never,
    }),
    figures: t.field({
      type: [RecruitmentFigure],
      description: 'the figures the issue is about, the one it is about first (for REGIONS_EXCEED_TOTAL and GROUP_MEMBERS_CONFLICT the group\'s, then its members\')',
      // The rows of every issue of the response in one statement; their relations load as usual.
      resolve: (i, _args, ctx, info) =>
        Promise.all(
          i.figureIds.map((id) =>
            batchLoad(
              ctx,
              info.fieldNodes[0]!,
              '',
              id,
              async (ids) => {
                const rows = await ctx.db.query.recruitmentFigures.findMany({ where: { id: { in: ids } } });
                return new Map(rows.map((r) => [r.id, r]));
              },
              () => null,
            ),
          ),
        ).then((rows) => rows.filter((r) => r !== null)) as never,
    }),
  }),
});

const yearDescription = `a calendar year from ${MIN_YEAR} to ${MAX_YEAR}`;

builder.queryFields((t) => ({
  recruitmentSummaries: t.field({
    type: [RecruitmentSummary],
    description:
      'One summary per region with at least one figure whose period ends in the year, ordered by region code. Region codes that name no region match nothing.',
    args: {
      year: t.arg.int({ required: true, description: yearDescription }),
      regionCodes: t.arg.stringList({ required: false, description: 'only these regions, e.g. ["UA-23", "UA-TOT"]' }),
    },
    resolve: (_root, args, ctx) =>
      asGraphQL(() => recruitmentSummaries(ctx.db, args.year, { regionCodes: args.regionCodes ?? null })),
  }),
  dataQualityIssues: t.field({
    type: [DataQualityIssue],
    description:
      `Where stated figures cannot all be right: percentages that disagree with counts, regions that add up to more than their total, reports that contradict each other. Ordered by kind, region and metric; at most ${MAX_ISSUES_PER_KIND} of each kind.`,
    args: {
      year: t.arg.int({ required: false, description: `only issues with a figure whose period ends in this year (${yearDescription})` }),
    },
    resolve: (_root, args, ctx) => asGraphQL(() => dataQualityIssues(ctx.db, args.year ?? null)),
  }),
}));

builder.drizzleObjectFields(Region, (t) => ({
  recruitmentSummary: t.field({
    type: RecruitmentSummary,
    nullable: true,
    description: "the region's summary for a year; null when no figure for the region ends in that year",
    args: { year: t.arg.int({ required: true, description: yearDescription }) },
    select: { columns: { id: true } },
    // Every region of a list asks in the same tick: one statement for all of them.
    resolve: (region, args, ctx, info) =>
      asGraphQL(async () => {
        yearRange(args.year);
        return batchLoad<number, RegionYearSummary | null>(
          ctx,
          info.fieldNodes[0]!,
          JSON.stringify(args),
          region.id,
          async (ids) => {
            const list = await recruitmentSummaries(ctx.db, args.year, { regionIds: ids });
            return new Map(list.map((s) => [s.regionId, s]));
          },
          () => null,
        );
      }),
  }),
}));
