// Recruitment summaries per region and calendar year. One SQL statement fetches, for the requested
// regions, only the figures whose period ends in the year, picks per region and metric the one with the
// latest period end (then the latest publication, then the longest period, then the newest row), and
// lists every report that states a figure for that region and year. The arithmetic on the picked
// figures is src/domain/estimate.ts. A figure whose period spans two years belongs to the year its
// period ends in.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deriveSummary, type ConsistencyStatus, type Estimate } from '../domain/estimate.js';
import { AnalyticsArgumentError } from './errors.js';
import { rowsOf } from './rows.js';

export type Metric = 'PLANNED_RECRUITS' | 'CONTRACTS_SIGNED' | 'PLAN_FULFILMENT_PERCENT';

/** A picked figure, shaped like a recruitment_figures row so that QualifiedNumber resolves it. */
export interface SummaryFigure {
  id: number;
  reportId: number;
  metric: Metric;
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
  computedFulfilmentPercent: Estimate | null;
  impliedPlannedRecruits: Estimate | null;
  consistency: ConsistencyStatus;
  /** every report that states a figure for the region in the year, latest publication first */
  sourceReportIds: number[];
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
  source_report_ids: number[];
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
  const result = await db.execute(sql`
    with candidates as (
      select f.id, f.report_id, f.region_id, g.code, f.metric, f.period_start, f.period_end,
             f.best, f.low, f.high, f.qualifier, f.as_stated, r.published_on,
             row_number() over (
               partition by f.region_id, f.metric
               order by f.period_end desc, r.published_on desc nulls last, f.period_start asc, f.id desc
             ) as pick
      from recruitment_figures f
      join reports r on r.id = f.report_id
      join regions g on g.id = f.region_id
      where f.period_end >= ${from}::date and f.period_end < ${to}::date
      ${byCode} ${byId}
    )
    select c.region_id,
      json_agg(json_build_object(
        'id', c.id, 'reportId', c.report_id, 'metric', c.metric,
        'periodStart', c.period_start::text, 'periodEnd', c.period_end::text,
        'best', c.best, 'low', c.low, 'high', c.high, 'qualifier', c.qualifier, 'asStated', c.as_stated
      ) order by c.metric) filter (where c.pick = 1) as figures,
      (select json_agg(s.report_id order by s.published_on desc nulls last, s.report_id)
         from (select distinct c2.report_id, c2.published_on from candidates c2 where c2.region_id = c.region_id) s
      ) as source_report_ids
    from candidates c
    group by c.region_id, c.code
    order by c.code`);

  return rowsOf<Row>(result).map((row) => {
    const figures = parseJson<SummaryFigure[]>(row.figures);
    const pick = (metric: Metric) => figures.find((f) => f.metric === metric) ?? null;
    const plannedRecruits = pick('PLANNED_RECRUITS');
    const contractsSigned = pick('CONTRACTS_SIGNED');
    const reportedFulfilmentPercent = pick('PLAN_FULFILMENT_PERCENT');
    const derived = deriveSummary({ plan: plannedRecruits, contracts: contractsSigned, percent: reportedFulfilmentPercent });
    return {
      regionId: Number(row.region_id),
      year,
      plannedRecruits,
      contractsSigned,
      reportedFulfilmentPercent,
      ...derived,
      sourceReportIds: parseJson<number[]>(row.source_report_ids).map(Number),
    };
  });
}

// PGlite and postgres.js both parse json columns, but a driver configured otherwise hands back text.
function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
