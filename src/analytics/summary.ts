// Recruitment summaries per region and calendar year. One SQL statement fetches, for the requested
// regions, only the figures whose period ends in the year, picks per region and metric the one with the
// latest period end (then the latest publication, then the longest period, then the newest row), and
// lists every report that states a figure for that region and year. A figure whose period spans two
// years belongs to the year its period ends in.
//
// A percentage is contracts over a plan for one period, so the derived numbers (computed percentage,
// implied plan, consistency) use the contracts figure stated for the reported percentage's own period
// where there is one: the "fulfilment basis". The latest contracts figure can cover a longer period
// (the first report has 9.6 thousand to 30 November with its 93 %, and "almost 10 thousand" for the
// whole year); dividing that by the percentage would mix two periods. The arithmetic is
// src/domain/estimate.ts.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deriveSummary, type ConsistencyStatus, type Estimate } from '../domain/estimate.js';
import { AnalyticsArgumentError } from './errors.js';
import { named, rowsOf } from '../db/statements.js';

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
  /**
   * The contracts figure the derived numbers use: the one for the reported percentage's period where
   * there is one, else contractsSigned.
   */
  fulfilmentBasis: SummaryFigure | null;
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
  basis: SummaryFigure | null;
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
  const result = await db.execute(named('recruitmentSummaries', sql`
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
    ),
    -- the picked percentage of each region (at most one), and the contracts figure of its period
    percent as (select * from candidates where metric = 'PLAN_FULFILMENT_PERCENT' and pick = 1),
    basis as (
      select distinct on (b.region_id) b.region_id, ${figureJson('b')} as figure
      from candidates b
      join percent p on p.region_id = b.region_id and p.period_start = b.period_start and p.period_end = b.period_end
      where b.metric = 'CONTRACTS_SIGNED'
      order by b.region_id, b.published_on desc nulls last, b.id desc
    ),
    sources as (
      select s.region_id, json_agg(s.report_id order by s.published_on desc nulls last, s.report_id) as report_ids
      from (select distinct region_id, report_id, published_on from candidates) s
      group by s.region_id
    )
    select c.region_id,
      json_agg(${figureJson('c')} order by c.metric) filter (where c.pick = 1) as figures,
      min(basis.figure::text) as basis,
      min(sources.report_ids::text) as source_report_ids
    from candidates c
    left join basis on basis.region_id = c.region_id
    left join sources on sources.region_id = c.region_id
    group by c.region_id, c.code
    order by c.code`));

  return rowsOf<Row>(result).map((row) => {
    const figures = parseJson<SummaryFigure[]>(row.figures);
    const pick = (metric: Metric) => figures.find((f) => f.metric === metric) ?? null;
    const plannedRecruits = pick('PLANNED_RECRUITS');
    const contractsSigned = pick('CONTRACTS_SIGNED');
    const reportedFulfilmentPercent = pick('PLAN_FULFILMENT_PERCENT');
    const fulfilmentBasis = row.basis ? parseJson<SummaryFigure>(row.basis) : contractsSigned;
    const derived = deriveSummary({ plan: plannedRecruits, contracts: fulfilmentBasis, percent: reportedFulfilmentPercent });
    return {
      regionId: Number(row.region_id),
      year,
      plannedRecruits,
      contractsSigned,
      reportedFulfilmentPercent,
      fulfilmentBasis,
      ...derived,
      sourceReportIds: parseJson<number[]>(row.source_report_ids).map(Number),
    };
  });
}

function figureJson(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`json_build_object(
    'id', ${a}.id, 'reportId', ${a}.report_id, 'metric', ${a}.metric,
    'periodStart', ${a}.period_start::text, 'periodEnd', ${a}.period_end::text,
    'best', ${a}.best, 'low', ${a}.low, 'high', ${a}.high, 'qualifier', ${a}.qualifier, 'asStated', ${a}.as_stated)`;
}

// PGlite and postgres.js both parse json columns, but a driver configured otherwise hands back text.
function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
