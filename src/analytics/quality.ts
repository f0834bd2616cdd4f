// Data-quality checks across reports, computed in one SQL statement that returns only the problems
// (never whole tables), each with the figures needed to explain it. The interval rules are those of
// src/domain/estimate.ts, written again in SQL so that the database does the filtering; a test checks
// that both agree. Null bounds are unbounded: PostgreSQL's greatest() and least() skip nulls, which is
// exactly "the highest stated low" and "the lowest stated high".
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { computedFulfilmentPercent, RELATIVE_TOLERANCE, type Estimate } from '../domain/estimate.js';
import { named, rowsOf } from '../db/statements.js';
import { yearRange, type Metric } from './summary.js';

export type DataQualityIssueKind = 'PERCENT_MISMATCH' | 'REGIONS_EXCEED_TOTAL' | 'CONFLICTING_REPORTS';

export interface DataQualityIssue {
  kind: DataQualityIssueKind;
  message: string;
  regionId: number | null;
  metric: Metric | null;
  /** the reports whose figures are involved, ordered by id */
  reportIds: number[];
}

/** A figure as the checks return it. */
interface Fig {
  id: number;
  report: string;
  region: string;
  periodStart: string;
  periodEnd: string;
  best: number;
  low: number | null;
  high: number | null;
  asStated: string;
}

interface Row {
  kind: DataQualityIssueKind;
  region_id: number;
  region_code: string;
  metric: Metric;
  report_ids: number[] | string;
  details: unknown;
}

/** `lo > hi` beyond rounding error, as in estimate.ts `overlaps`; null when either side is unbounded. */
function exceeds(lo: SQL, hi: SQL): SQL {
  return sql`(${lo}) > (${hi}) + ${RELATIVE_TOLERANCE}::float8 * greatest(1, abs(${lo}), abs(${hi}))`;
}

function figureJson(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`json_build_object('id', ${a}.id, 'report', (select slug from reports where id = ${a}.report_id),
    'region', (select code from regions where id = ${a}.region_id),
    'periodStart', ${a}.period_start::text, 'periodEnd', ${a}.period_end::text,
    'best', ${a}.best, 'low', ${a}.low, 'high', ${a}.high, 'asStated', ${a}.as_stated)`;
}

/**
 * At most this many issues of each kind are returned. Curated data has a handful; a flood means the
 * data needs attention, not a longer list, and the bound keeps memory and time in check.
 */
export const MAX_ISSUES_PER_KIND = 500;

/** Every issue (up to MAX_ISSUES_PER_KIND of each kind), or those whose figures' periods end in `year`. */
export async function dataQualityIssues(db: Db, year?: number | null): Promise<DataQualityIssue[]> {
  const range = year == null ? null : yearRange(year);
  const inYear = (column: SQL): SQL =>
    range ? sql`(${column} >= ${range.from}::date and ${column} < ${range.to}::date)` : sql`true`;

  // computed percent = contracts / plan x 100 as an interval (see estimate.ts quotient)
  const computedLow = sql`(c.low * 100 / l.high)`;
  const computedHigh = sql`(c.high * 100 / nullif(l.low, 0))`;
  const statedOrComputedLow = sql`greatest(p.low, ${computedLow})`;
  const statedOrComputedHigh = sql`least(p.high, ${computedHigh})`;

  const result = await db.execute(named('dataQualityIssues', sql`
    (select 'PERCENT_MISMATCH' as kind, p.region_id, g.code as region_code, p.metric::text as metric,
      (select json_agg(distinct x) from unnest(array[p.report_id, c.report_id, l.report_id]) x) as report_ids,
      json_build_object('percent', ${figureJson('p')}, 'contracts', ${figureJson('c')}, 'plan', ${figureJson('l')}) as details
    from recruitment_figures p
    join regions g on g.id = p.region_id
    join recruitment_figures c on c.region_id = p.region_id and c.metric = 'CONTRACTS_SIGNED'
      and c.period_start = p.period_start and c.period_end = p.period_end
    join recruitment_figures l on l.region_id = p.region_id and l.metric = 'PLANNED_RECRUITS'
      and l.period_start <= c.period_start and l.period_end >= c.period_end and l.best > 0
    where p.metric = 'PLAN_FULFILMENT_PERCENT' and ${inYear(sql`p.period_end`)}
      and ${exceeds(statedOrComputedLow, statedOrComputedHigh)}
    limit ${MAX_ISSUES_PER_KIND})

    union all

    (select 'REGIONS_EXCEED_TOTAL', t.region_id, g.code, t.metric::text,
      (select json_agg(distinct x) from unnest(array_append(array_agg(k.report_id), t.report_id)) x),
      json_build_object('total', ${figureJson('t')}, 'childrenLow', sum(k.low),
        'children', json_agg(json_build_object('region', k.code, 'low', k.low, 'asStated', k.as_stated,
          'report', k.slug, 'periodStart', k.period_start::text, 'periodEnd', k.period_end::text) order by k.code))
    from recruitment_figures t
    join regions g on g.id = t.region_id
    -- per child region, the highest low among its figures of the same metric within the total's period:
    -- a count over part of a period cannot exceed the count over the whole of it
    join lateral (
      select distinct on (f.region_id) f.region_id, ch.code, f.low, f.as_stated, f.report_id, r.slug,
        f.period_start, f.period_end
      from recruitment_figures f
      join regions ch on ch.id = f.region_id
      join reports r on r.id = f.report_id
      where ch.parent_id = t.region_id and f.metric = t.metric and f.low is not null
        and f.period_start >= t.period_start and f.period_end <= t.period_end
        -- implied by the line above; lets the (region_id, period_end) index bound the scan
        and f.period_end >= t.period_start
      order by f.region_id, f.low desc, f.id
    ) k on true
    where t.metric in ('PLANNED_RECRUITS', 'CONTRACTS_SIGNED') and t.high is not null
      and ${inYear(sql`t.period_end`)}
    group by t.id, g.code
    having ${exceeds(sql`sum(k.low)`, sql`t.high`)}
    limit ${MAX_ISSUES_PER_KIND})

    union all

    (select 'CONFLICTING_REPORTS', a.region_id, g.code, a.metric::text,
      json_build_array(least(a.report_id, b.report_id), greatest(a.report_id, b.report_id)),
      json_build_object('higher', ${figureJson('a')}, 'lower', ${figureJson('b')})
    from recruitment_figures a
    join regions g on g.id = a.region_id
    -- b's period is a's, or (for cumulative counts only) contains it: a's low above b's high then
    -- cannot both be true
    join recruitment_figures b on b.region_id = a.region_id and b.metric = a.metric and b.report_id <> a.report_id
      and b.period_start <= a.period_start and b.period_end >= a.period_end
      and (a.metric = 'CONTRACTS_SIGNED' or (b.period_start = a.period_start and b.period_end = a.period_end))
    where (${inYear(sql`a.period_end`)} or ${inYear(sql`b.period_end`)})
      and ${exceeds(sql`a.low`, sql`b.high`)}
    limit ${MAX_ISSUES_PER_KIND})`));

  const issues = rowsOf<Row>(result).map((row) => ({
    kind: row.kind,
    regionId: Number(row.region_id),
    metric: row.metric,
    reportIds: parseJson<number[]>(row.report_ids).map(Number).sort((a, b) => a - b),
    message: message(row.kind, parseJson(row.details)),
    regionCode: row.region_code,
  }));
  // A stable order for clients: by kind, region, metric, then the message (which names the reports).
  const key = (i: (typeof issues)[number]) => [KIND_ORDER.indexOf(i.kind), i.regionCode, i.metric ?? '', i.message] as const;
  issues.sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    for (let n = 0; n < a.length; n++) if (a[n] !== b[n]) return a[n]! < b[n]! ? -1 : 1;
    return 0;
  });
  return issues.map(({ regionCode: _, ...issue }) => issue);
}

const KIND_ORDER: DataQualityIssueKind[] = ['PERCENT_MISMATCH', 'REGIONS_EXCEED_TOTAL', 'CONFLICTING_REPORTS'];

function message(kind: DataQualityIssueKind, details: any): string {
  switch (kind) {
    case 'PERCENT_MISMATCH': {
      const { percent, contracts, plan } = details as { percent: Fig; contracts: Fig; plan: Fig };
      const computed = computedFulfilmentPercent(contracts, plan);
      return (
        `${percent.region}, ${period(percent)}: ${percent.report} states a plan fulfilment of "${percent.asStated}" ` +
        `(${interval(percent)} %), but ${contracts.report}'s contracts "${contracts.asStated}" against ` +
        `${plan.report}'s plan "${plan.asStated}" give ${computed ? interval(computed) : 'no percentage'} %.`
      );
    }
    case 'REGIONS_EXCEED_TOTAL': {
      const { total, childrenLow, children } = details as {
        total: Fig;
        childrenLow: number;
        children: { region: string; low: number; asStated: string; report: string }[];
      };
      const parts = children.map((c) => `${c.region} at least ${num(c.low)} ("${c.asStated}", ${c.report})`).join(', ');
      return (
        `${total.region}, ${period(total)}: its regions add up to at least ${num(childrenLow)} (${parts}), ` +
        `more than the at most ${num(total.high!)} that ${total.report} states for the whole ("${total.asStated}").`
      );
    }
    case 'CONFLICTING_REPORTS': {
      const { higher, lower } = details as { higher: Fig; lower: Fig };
      const samePeriod = higher.periodStart === lower.periodStart && higher.periodEnd === lower.periodEnd;
      return (
        `${higher.region}: ${higher.report} states "${higher.asStated}" (${interval(higher)}) for ${period(higher)}, ` +
        `but ${lower.report} states "${lower.asStated}" (${interval(lower)}) for ` +
        `${samePeriod ? 'the same period' : `${period(lower)}, which contains it`}; the two cannot both be right.`
      );
    }
  }
}

function period(f: { periodStart: string; periodEnd: string }): string {
  return `${f.periodStart} to ${f.periodEnd}`;
}

/** Numbers as a researcher would write them: no float noise, at most six significant digits. */
function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function interval(e: Estimate): string {
  if (e.low !== null && e.high !== null) return e.low === e.high ? num(e.low) : `${num(e.low)} to ${num(e.high)}`;
  if (e.low !== null) return `at least ${num(e.low)}`;
  if (e.high !== null) return `at most ${num(e.high)}`;
  return 'unbounded';
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
