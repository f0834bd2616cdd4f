// Recruitment summaries per region and calendar year. One SQL statement fetches, for the requested
// regions, only the figures whose period ends in the year, and picks ONE report per region and year:
// every number a summary shows or derives comes from that report's figures, so that no summary blends two
// sources into a number neither stated. The others are listed as otherSources. The rule that picks the
// report (docs/analytics.md):
//   1. the report that states most of the fulfilment ratio's three metrics (plan, count, percentage: the
//      metric definition with a numerator and denominator);
//   2. then the one whose figures for the region reach latest into the year;
//   3. then the most recently published, where a report with no publication date counts from its
//      earliest dated relay, or else from the end of its latest figure (it cannot have appeared before
//      the period it reports on): never as the oldest by accident;
//   4. then the newer row.
// Within that report, for each metric and unit the figure with the latest period end (then the longest
// period, then the newer row). A figure whose period spans two years belongs to the year it ends in.
//
// A percentage is contracts over a plan for one period, so the derived numbers (computed percentage,
// implied plan, consistency) use the contracts figure the report states for the reported percentage's
// own period where there is one: the "fulfilment basis". The arithmetic is src/domain/estimate.ts.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deriveSummary, type ConsistencyStatus, type Estimate } from '../domain/estimate.js';
import { AnalyticsArgumentError } from './errors.js';
import { named, rowsOf } from '../db/statements.js';

/** A metric's name, as metric_definitions and the recruitment_metric enum spell it. */
export type Metric = string;

/** A picked figure, shaped like a recruitment_figures row so that QualifiedNumber resolves it. */
export interface SummaryFigure {
  id: number;
  reportId: number;
  metric: Metric;
  unit: string;
  periodStart: string;
  periodEnd: string;
  best: number;
  low: number | null;
  high: number | null;
  qualifier: string;
  asStated: string;
}

export interface RegionYearSummary {
  regionId: number;
  year: number;
  plannedRecruits: SummaryFigure | null;
  contractsSigned: SummaryFigure | null;
  reportedFulfilmentPercent: SummaryFigure | null;
  /**
   * The contracts figure the derived numbers use: the one for the reported percentage's period where
   * there is one, else contractsSigned.
   */
  fulfilmentBasis: SummaryFigure | null;
  computedFulfilmentPercent: Estimate | null;
  impliedPlannedRecruits: Estimate | null;
  consistency: ConsistencyStatus;
  /** the report every figure of the summary comes from */
  sourceReportIds: number[];
  /** the other reports that state figures for the region in the year, in the order of the rule */
  otherSourceReportIds: number[];
  /** the chosen report's figure for every metric and unit it states (latest period end first per metric) */
  figures: SummaryFigure[];
}

/** Years outside this range are refused: dates are written with four digits. */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9998;


export function yearRange(year: number): { from: string; to: string } {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new AnalyticsArgumentError('year', `Argument "year" must be a year from ${MIN_YEAR} to ${MAX_YEAR}; got ${year}.`);
  }
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

export interface SummaryFilter {
  /** region codes (e.g. UA-23, UA-TOT); codes that name no region match nothing */
  regionCodes?: readonly string[] | null | undefined;
  /** region ids, as Region.recruitmentSummary batches them */
  regionIds?: readonly number[] | null | undefined;
}

interface Row {
  region_id: number;
  figures: SummaryFigure[];
  basis: SummaryFigure | null;
  report_ids: number[];
  ratio: { metric: string; numerator: string; denominator: string } | null;
}

/**
 * The summaries of the regions that have at least one figure ending in `year`, ordered by region code.
 * Always one statement, however many regions.
 */
export async function recruitmentSummaries(db: Db, year: number, filter: SummaryFilter = {}): Promise<RegionYearSummary[]> {
  const { from, to } = yearRange(year);
  if (filter.regionCodes && filter.regionCodes.length === 0) return [];
  if (filter.regionIds && filter.regionIds.length === 0) return [];
  const byCode = filter.regionCodes
    ? sql`and g.code in (select jsonb_array_elements_text(${JSON.stringify(filter.regionCodes)}::jsonb))`
    : sql``;
  const byId = filter.regionIds
    ? sql`and f.region_id in (select (jsonb_array_elements_text(${JSON.stringify(filter.regionIds)}::jsonb))::int)`
    : sql``;
  const result = await db.execute(named('recruitmentSummaries', sql`
    with ratio as (
      select metric, numerator_metric, denominator_metric from metric_definitions
      where numerator_metric is not null order by position limit 1
    ),
    candidates as (
      select f.id, f.report_id, f.region_id, g.code, f.metric, f.unit, f.period_start, f.period_end,
             f.best, f.low, f.high, f.qualifier, f.as_stated
      from recruitment_figures f
      join regions g on g.id = f.region_id
      where f.period_end >= ${from}::date and f.period_end < ${to}::date
      ${byCode} ${byId}
    ),
    ranked as (
      select c.region_id, c.report_id,
        row_number() over (
          partition by c.region_id
          order by count(distinct c.metric) filter (
                     where c.metric in (select metric from ratio union all select numerator_metric from ratio union all select denominator_metric from ratio)) desc,
                   max(c.period_end) desc,
                   coalesce(min(r.published_on),
                            (select min(p.published_on) from report_publications p where p.report_id = c.report_id),
                            (select max(x.period_end) from recruitment_figures x where x.report_id = c.report_id)) desc,
                   c.report_id desc
        ) as rank
      from candidates c join reports r on r.id = c.report_id
      group by c.region_id, c.report_id
    ),
    picked as (
      select c.*, row_number() over (
               partition by c.region_id, c.metric, c.unit order by c.period_end desc, c.period_start asc, c.id desc
             ) as pick
      from candidates c join ranked k on k.region_id = c.region_id and k.report_id = c.report_id and k.rank = 1
    ),
    -- the picked percentage of each region, and the same report's count for the percentage's own period
    basis as (
      select distinct on (b.region_id) b.region_id, ${figureJson('b')} as figure
      from picked b
      join picked p on p.region_id = b.region_id and p.pick = 1 and p.metric = (select metric from ratio)
        and p.period_start = b.period_start and p.period_end = b.period_end
      where b.metric = (select numerator_metric from ratio)
      order by b.region_id, b.id desc
    )
    select c.region_id,
      json_agg(${figureJson('c')} order by c.metric, c.unit) filter (where c.pick = 1) as figures,
      min(basis.figure::text) as basis,
      (select json_agg(k.report_id order by k.rank) from ranked k where k.region_id = c.region_id) as report_ids,
      (select json_build_object('metric', metric, 'numerator', numerator_metric, 'denominator', denominator_metric) from ratio) as ratio
    from picked c
    left join basis on basis.region_id = c.region_id
    group by c.region_id, c.code
    order by c.code`));

  return rowsOf<Row>(result).map((row) => {
    const figures = parseJson<SummaryFigure[]>(row.figures);
    const ratio = parseJson<Row['ratio']>(row.ratio);
    // the figure in the metric's usual unit (the first, by unit order) where a report states several
    const pick = (metric: string | undefined) => (metric ? figures.find((f) => f.metric === metric) ?? null : null);
    const plannedRecruits = pick(ratio?.denominator);
    const contractsSigned = pick(ratio?.numerator);
    const reportedFulfilmentPercent = pick(ratio?.metric);
    const fulfilmentBasis = row.basis ? parseJson<SummaryFigure>(row.basis) : contractsSigned;
    const derived = deriveSummary({ plan: plannedRecruits, contracts: fulfilmentBasis, percent: reportedFulfilmentPercent });
    const [chosen, ...others] = parseJson<number[]>(row.report_ids).map(Number);
    return {
      regionId: Number(row.region_id),
      year,
      plannedRecruits,
      contractsSigned,
      reportedFulfilmentPercent,
      fulfilmentBasis,
      ...derived,
      sourceReportIds: [chosen!],
      otherSourceReportIds: others,
      figures,
    };
  });
}

function figureJson(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`json_build_object(
    'id', ${a}.id, 'reportId', ${a}.report_id, 'metric', ${a}.metric, 'unit', ${a}.unit,
    'periodStart', ${a}.period_start::text, 'periodEnd', ${a}.period_end::text,
    'best', ${a}.best, 'low', ${a}.low, 'high', ${a}.high, 'qualifier', ${a}.qualifier, 'asStated', ${a}.as_stated)`;
}

// PGlite and postgres.js both parse json columns, but a driver configured otherwise hands back text.
function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
