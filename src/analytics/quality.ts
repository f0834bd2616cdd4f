// Data-quality checks across reports, computed in one SQL statement that returns only the problems
// (never whole tables), each with the figures needed to explain it. Which metric is compared how comes
// from metric_definitions (kind, additive, numerator/denominator), never from a list in this file. The
// interval rules are those of src/domain/estimate.ts, written again in SQL so that the database does the
// filtering; a test checks that both agree. Null bounds are unbounded: PostgreSQL's greatest() and least()
// skip nulls, which is exactly "the highest stated low" and "the lowest stated high". Intervals, never
// best values, decide. Each kind is a subquery of its own with its own LIMIT and no outer aggregation,
// so a flood of issues stops early instead of being counted in full (docs/analytics.md, "Scale").
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { computedFulfilmentPercent, RELATIVE_TOLERANCE, type Estimate } from '../domain/estimate.js';
import { named, rowsOf } from '../db/statements.js';
import { yearRange } from './summary.js';

export const DATA_QUALITY_ISSUE_KINDS = [
  'PERCENT_MISMATCH',
  'REGIONS_EXCEED_TOTAL',
  'GROUP_MEMBERS_CONFLICT',
  'CONFLICTING_REPORTS',
  'CUMULATIVE_DECREASE',
  'RELAY_VARIANT',
] as const;
export type DataQualityIssueKind = (typeof DATA_QUALITY_ISSUE_KINDS)[number];

export interface DataQualityIssue {
  kind: DataQualityIssueKind;
  message: string;
  regionId: number | null;
  metric: string | null;
  /** the reports whose figures are involved, ordered by id */
  reportIds: number[];
  /** the figures the issue is about, the one it is about first */
  figureIds: number[];
}

/** A figure as the checks return it. */
interface Fig {
  id: number;
  report: string;
  region: string;
  unit: string;
  periodKind: string;
  periodStart: string;
  periodEnd: string;
  periodEndPrecision: string;
  best: number;
  low: number | null;
  high: number | null;
  asStated: string;
}

interface Row {
  kind: DataQualityIssueKind;
  region_id: number;
  region_code: string;
  metric: string;
  report_ids: number[] | string;
  figure_ids: number[] | string;
  details: unknown;
}

/** `lo > hi` beyond rounding error, as in estimate.ts `overlaps`; null when either side is unbounded. */
function exceeds(lo: SQL, hi: SQL): SQL {
  return sql`(${lo}) > (${hi}) + ${RELATIVE_TOLERANCE}::float8 * greatest(1, abs(${lo}), abs(${hi}))`;
}

function figureJson(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`json_build_object('id', ${a}.id, 'report', (select slug from reports where id = ${a}.report_id),
    'region', (select code from regions where id = ${a}.region_id), 'unit', ${a}.unit, 'periodKind', ${a}.period_kind,
    'periodStart', ${a}.period_start::text, 'periodEnd', ${a}.period_end::text, 'periodEndPrecision', ${a}.period_end_precision,
    'best', ${a}.best, 'low', ${a}.low, 'high', ${a}.high, 'asStated', ${a}.as_stated)`;
}

/** The last day a start date stored with its precision may stand for (the first day is the date itself). */
function startRangeEnd(date: SQL, precision: SQL): SQL {
  return sql`(date_trunc(lower(${precision}::text), ${date}::timestamp) + case ${precision} when 'MONTH' then interval '1 month' when 'QUARTER' then interval '3 months' when 'YEAR' then interval '1 year' else interval '1 day' end - interval '1 day')::date`;
}

/** The first day an end date stored with its precision may stand for (the last day is the date itself). */
function endRangeStart(date: SQL, precision: SQL): SQL {
  return sql`date_trunc(lower(${precision}::text), ${date}::timestamp)::date`;
}

/**
 * At most this many issues of each kind are returned. Curated data has a handful; a flood means the
 * data needs attention, not a longer list, and the bound keeps memory and time in check.
 */
export const MAX_ISSUES_PER_KIND = 500;

/** Every issue (up to MAX_ISSUES_PER_KIND of each kind), or those with a figure whose period ends in `year`. */
export async function dataQualityIssues(
  db: Db,
  year?: number | null,
  options: { kinds?: readonly DataQualityIssueKind[] } = {},
): Promise<DataQualityIssue[]> {
  const result = await db.execute(dataQualityIssuesSql(year, options));
  return toIssues(rowsOf<Row>(result));
}

/** The one statement of dataQualityIssues (also for EXPLAIN in the bench). */
export function dataQualityIssuesSql(year?: number | null, options: { kinds?: readonly DataQualityIssueKind[] } = {}): SQL {
  const range = year == null ? null : yearRange(year);
  const inYear = (column: SQL): SQL =>
    range ? sql`(${column} >= ${range.from}::date and ${column} < ${range.to}::date)` : sql`true`;
  const limit = sql`limit ${MAX_ISSUES_PER_KIND}`;

  // computed percent = numerator / denominator x 100 as an interval (see estimate.ts quotient)
  const computedLow = sql`(c.low * 100 / l.high)`;
  const computedHigh = sql`(c.high * 100 / nullif(l.low, 0))`;

  const branches: Record<DataQualityIssueKind, SQL> = {
    PERCENT_MISMATCH: sql`
    (select 'PERCENT_MISMATCH' as kind, p.region_id, g.code as region_code, p.metric::text as metric,
      (select json_agg(distinct x) from unnest(array[p.report_id, c.report_id, l.report_id]) x) as report_ids,
      json_build_array(p.id, c.id, l.id) as figure_ids,
      json_build_object('percent', ${figureJson('p')}, 'contracts', ${figureJson('c')}, 'plan', ${figureJson('l')}) as details
    from recruitment_figures p
    join metric_definitions d on d.metric = p.metric and d.numerator_metric is not null
    join regions g on g.id = p.region_id
    join recruitment_figures c on c.region_id = p.region_id and c.metric = d.numerator_metric
      and c.period_start = p.period_start and c.period_end = p.period_end
    join recruitment_figures l on l.region_id = p.region_id and l.metric = d.denominator_metric and l.unit = c.unit
      and l.period_start <= c.period_start and l.period_end >= c.period_end and l.best > 0
    -- c.period_end = p.period_end: said again for c, so that c too is an index range of the year
    where ${inYear(sql`p.period_end`)} and ${inYear(sql`c.period_end`)}
      and ${exceeds(sql`greatest(p.low, ${computedLow})`, sql`least(p.high, ${computedHigh})`)}
    ${limit})
`,
    REGIONS_EXCEED_TOTAL: sql`
    -- a group's figure against the sum of its members' (by membership), for every additive metric: per
    -- member the highest low among its figures of the same metric and unit whose period lies within the
    -- group's (a count over part of a period cannot exceed the count over all of it; a snapshot only on
    -- the same day). The hot path sums bounds only, one covering index probe per member (index-only, no
    -- sort); the words are gathered for the issues found.
    (select 'REGIONS_EXCEED_TOTAL', t.region_id, g.code, t.metric::text,
      (select json_agg(distinct x) from unnest(array_append(k.report_ids, t.report_id)) x),
      (select json_agg(x) from unnest(array_prepend(t.id, k.figure_ids)) x),
      json_build_object('total', ${figureJson('t')}, 'childrenLow', t.members_low, 'children', k.members)
    from (
      select t.*, s.members_low
      from recruitment_figures t
      join metric_definitions d on d.metric = t.metric and d.additive
      join lateral (
        select sum(m.low) as members_low
        from region_memberships rm
        cross join lateral (
          select max(f.low) as low
          from recruitment_figures f
          where f.region_id = rm.member_id and f.metric = t.metric
            and f.period_start >= t.period_start and f.period_start <= t.period_end and f.period_end <= t.period_end
            and f.unit = t.unit and f.low is not null
            and (f.period_kind = 'SNAPSHOT') = (t.period_kind = 'SNAPSHOT')
            and (t.period_kind <> 'SNAPSHOT' or f.period_end = t.period_end)
        ) m
        where rm.group_id = t.region_id
      ) s on true
      where t.high is not null and ${inYear(sql`t.period_end`)} and t.region_id in (select group_id from region_memberships)
        and ${exceeds(sql`s.members_low`, sql`t.high`)}
      ${limit}
    ) t
    join regions g on g.id = t.region_id
    cross join lateral (
      select array_agg(f.report_id) as report_ids, array_agg(f.id order by ch.code) as figure_ids,
        json_agg(json_build_object('region', ch.code, 'low', f.low, 'asStated', f.as_stated, 'report', r.slug,
          'periodStart', f.period_start::text, 'periodEnd', f.period_end::text) order by ch.code) as members
      from region_memberships rm
      join regions ch on ch.id = rm.member_id
      -- per member the figure with the highest low (the lowest id among equals): its id from the covering
      -- index, then the one row with its words
      cross join lateral (
        select f.id
        from recruitment_figures f
        where f.region_id = rm.member_id and f.metric = t.metric and f.unit = t.unit and f.low is not null
          and f.period_start >= t.period_start and f.period_start <= t.period_end and f.period_end <= t.period_end
          and (f.period_kind = 'SNAPSHOT') = (t.period_kind = 'SNAPSHOT')
          and (t.period_kind <> 'SNAPSHOT' or f.period_end = t.period_end)
        order by f.low desc, f.id
        limit 1
      ) best
      join recruitment_figures f on f.id = best.id
      join reports r on r.id = f.report_id
      where rm.group_id = t.region_id
    ) k)`,
    GROUP_MEMBERS_CONFLICT: sql`
    -- a group's figure against figures for every one of its members: a percentage of additive metrics (a
    -- ratio of sums) lies between its members' ratios; since the count in the numerator only grows, a
    -- member's figure from the same start to an earlier end is a lower bound of its ratio for the group's
    -- period (for the "group below every member" side); additive counts of all members over the same
    -- period together cannot fall short of the group's. The hot path aggregates bounds only; the words
    -- and ids are gathered for the (at most 500) issues found.
    (select 'GROUP_MEMBERS_CONFLICT', t.region_id, g.code, t.metric::text,
      (select json_agg(distinct x) from unnest(array_append(mf.report_ids, t.report_id)) x),
      (select json_agg(x) from unnest(array_prepend(t.id, mf.figure_ids)) x),
      json_build_object('group', ${figureJson('t')}, 'ratio', t.ratio,
        'membersLow', t.min_low, 'membersHigh', case when t.ratio then t.max_high else t.sum_high end,
        'members', mf.members)
    from (
      -- the members' bounds depend only on the group's (region, metric, unit, period kind, period), which
      -- the nine or so reports stating a figure for it share: per such group period and member, one
      -- covering index probe aggregates the member's figures; the group figures are joined to the result
      select t.*, s.ratio, s.min_low, s.max_high, s.sum_high
      from (
        select k.region_id, k.metric, k.unit, k.period_kind, k.period_start, k.period_end, k.ratio,
          count(*) as stated, count(m.high) as bounded, min(m.low) as min_low, max(m.high) as max_high, sum(m.high) as sum_high
        from (
          select distinct t.region_id, t.metric, t.unit, t.period_kind, t.period_start, t.period_end, d.numerator_metric is not null as ratio
          from recruitment_figures t
          join metric_definitions d on d.metric = t.metric and (d.additive or d.numerator_metric is not null)
          where ${inYear(sql`t.period_end`)} and t.region_id in (select group_id from region_memberships)
        ) k
        join region_memberships rm on rm.group_id = k.region_id
        cross join lateral (
          -- additive counts: member figures over exactly the group's period; ratios also those from the
          -- same start to an earlier end, as lower bounds. The high only over exactly the group's period,
          -- and only where every such figure is bounded.
          select count(*) as n, min(coalesce(f.low, 0)) as low,
            case when count(*) filter (where f.period_end = k.period_end) > 0
                  and bool_and(f.high is not null) filter (where f.period_end = k.period_end)
                 then max(f.high) filter (where f.period_end = k.period_end) end as high
          from recruitment_figures f
          where f.region_id = rm.member_id and f.metric = k.metric and f.period_start = k.period_start
            and f.period_end <= k.period_end and (k.ratio or f.period_end = k.period_end)
            and f.unit = k.unit and f.period_kind = k.period_kind
        ) m
        where m.n > 0
        group by k.region_id, k.metric, k.unit, k.period_kind, k.period_start, k.period_end, k.ratio
      ) s
      join recruitment_figures t on t.region_id = s.region_id and t.metric = s.metric and t.period_start = s.period_start
        and t.period_end = s.period_end and t.unit = s.unit and t.period_kind = s.period_kind
      join (select group_id, count(*) as members from region_memberships group by group_id) gm on gm.group_id = t.region_id
      where s.stated = gm.members
        and case when s.ratio
          then (s.min_low is not null and ${exceeds(sql`s.min_low`, sql`t.high`)})
            or (s.bounded = s.stated and ${exceeds(sql`t.low`, sql`s.max_high`)})
          else s.bounded = s.stated and ${exceeds(sql`t.low`, sql`s.sum_high`)} end
      ${limit}
    ) t
    join regions g on g.id = t.region_id
    cross join lateral (
      select array_agg(f.id order by ch.code, f.id) as figure_ids, array_agg(f.report_id) as report_ids,
        json_agg(json_build_object('region', ch.code, 'asStated', '"' || f.as_stated || '" (' || r.slug || ', to ' || f.period_end::text || ')')
          order by ch.code, f.id) as members
      from region_memberships rm
      join regions ch on ch.id = rm.member_id
      join recruitment_figures f on f.region_id = rm.member_id and f.metric = t.metric and f.period_start = t.period_start
        and f.period_end <= t.period_end and f.period_end >= t.period_start
        and (t.ratio or f.period_end = t.period_end) and f.unit = t.unit and f.period_kind = t.period_kind
      join reports r on r.id = f.report_id
      where rm.group_id = t.region_id
    ) mf)`,
    CONFLICTING_REPORTS: sql`
    (select 'CONFLICTING_REPORTS', a.region_id, g.code, a.metric::text,
      json_build_array(least(a.report_id, b.report_id), greatest(a.report_id, b.report_id)),
      json_build_array(a.id, b.id),
      json_build_object('higher', ${figureJson('a')}, 'lower', ${figureJson('b')})
    from (
      -- per figure a of the year, the other reports' figures of the same period and kind, or (for counts
      -- over a period) of a longer one containing it, whose high a's low exceeds: index range probes
      select a.id as a_id, b.id as b_id
      from recruitment_figures a
      join metric_definitions d on d.metric = a.metric
      join lateral (
        (select b.id from recruitment_figures b
         where b.region_id = a.region_id and b.metric = a.metric and b.period_start = a.period_start
           and b.period_end = a.period_end and b.unit = a.unit and b.period_kind = a.period_kind
           and b.report_id <> a.report_id and ${exceeds(sql`a.low`, sql`b.high`)})
        union all
        (select b.id from recruitment_figures b
         where d.kind = 'COUNT' and a.period_kind = 'FLOW'
           and b.region_id = a.region_id and b.metric = a.metric and b.period_start <= a.period_start
           and b.period_end >= a.period_end and not (b.period_start = a.period_start and b.period_end = a.period_end)
           and b.unit = a.unit and b.period_kind = 'FLOW' and b.report_id <> a.report_id
           and ${exceeds(sql`a.low`, sql`b.high`)})
      ) b on true
      where a.low is not null and ${inYear(sql`a.period_end`)}
      ${range ? sql`
      union all
      -- a longer period of the year that contains a count of an earlier year's period
      select a.id, b.id
      from recruitment_figures b
      join metric_definitions d on d.metric = b.metric and d.kind = 'COUNT'
      join lateral (
        select a.id, a.report_id from recruitment_figures a
        where a.region_id = b.region_id and a.metric = b.metric and a.period_start >= b.period_start
          and a.period_start < ${range.from}::date and a.period_end < ${range.from}::date
          and a.unit = b.unit and a.period_kind = 'FLOW' and a.report_id <> b.report_id
          and ${exceeds(sql`a.low`, sql`b.high`)}
      ) a on true
      where b.period_kind = 'FLOW' and b.high is not null and ${inYear(sql`b.period_end`)} and b.period_start < ${range.from}::date` : sql``}
    ) pair
    join recruitment_figures a on a.id = pair.a_id
    join recruitment_figures b on b.id = pair.b_id
    join regions g on g.id = a.region_id
    ${limit})`,
    CUMULATIVE_DECREASE: sql`
    -- a running total wholly below an earlier one of the same region, metric and unit from the same or a
    -- later start: "earlier" by as-of dates that their precision keeps apart; starts their precision
    -- cannot tell apart count as the same
    (select 'CUMULATIVE_DECREASE', a.region_id, g.code, a.metric::text,
      (select json_agg(distinct x) from unnest(array[a.report_id, b.report_id]) x),
      json_build_array(a.id, b.id),
      json_build_object('later', ${figureJson('a')}, 'earlier', ${figureJson('b')})
    from recruitment_figures a
    join regions g on g.id = a.region_id
    join lateral (
      select b.* from recruitment_figures b
      where b.region_id = a.region_id and b.metric = a.metric and b.unit = a.unit and b.period_kind = 'CUMULATIVE'
        and b.period_end < ${endRangeStart(sql`a.period_end`, sql`a.period_end_precision`)}
        and a.period_start <= ${startRangeEnd(sql`b.period_start`, sql`b.period_start_precision`)}
        and ${exceeds(sql`b.low`, sql`a.high`)}
      -- the latest earlier total it falls below: one pair per later total, the same one every time
      order by b.period_end desc, b.id desc
      limit 1
    ) b on true
    where a.period_kind = 'CUMULATIVE' and a.high is not null and ${inYear(sql`a.period_end`)}
    ${limit})
`,
    RELAY_VARIANT: sql`
    (select 'RELAY_VARIANT', f.region_id, g.code, f.metric::text, json_build_array(f.report_id), json_build_array(f.id),
      json_build_object('figure', ${figureJson('f')}, 'variants', v.variants)
    from recruitment_figures f
    join regions g on g.id = f.region_id
    join lateral (
      select json_agg(json_build_object('outlet', p.outlet, 'asStated', v.as_stated, 'low', v.low, 'high', v.high,
        'best', v.best, 'periodAsStated', v.period_as_stated) order by p.outlet, v.id) as variants
      from figure_variants v join report_publications p on p.id = v.publication_id
      where v.figure_id = f.id
    ) v on v.variants is not null
    where ${inYear(sql`f.period_end`)} and exists (select 1 from figure_variants x where x.figure_id = f.id)
    ${limit})`,
  };
  const chosen = options.kinds ?? DATA_QUALITY_ISSUE_KINDS;
  // every branch names its columns, so that any subset of kinds can be asked for
  const parts = chosen.map((k) => sql`select * from ${branches[k]} as q(kind, region_id, region_code, metric, report_ids, figure_ids, details)`);
  return named('dataQualityIssues', sql.join(parts, sql` union all `));
}

function toIssues(rows: Row[]): DataQualityIssue[] {
  const issues = rows.map((row) => ({
    kind: row.kind,
    regionId: Number(row.region_id),
    metric: row.metric,
    reportIds: parseJson<number[]>(row.report_ids).map(Number).sort((a, b) => a - b),
    figureIds: parseJson<number[]>(row.figure_ids).map(Number),
    message: message(row.kind, parseJson(row.details)),
    regionCode: row.region_code,
  }));
  // A stable order for clients: by kind, region, metric, then the message (which names the reports).
  const key = (i: (typeof issues)[number]) => [DATA_QUALITY_ISSUE_KINDS.indexOf(i.kind), i.regionCode, i.metric ?? '', i.message] as const;
  issues.sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    for (let n = 0; n < a.length; n++) if (a[n] !== b[n]) return a[n]! < b[n]! ? -1 : 1;
    return 0;
  });
  return issues.map(({ regionCode: _, ...issue }) => issue);
}

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
        `${total.region}, ${period(total)}: its regions add up to at least ${num(childrenLow)}${unitText(total)} (${parts}), ` +
        `more than the at most ${num(total.high!)} that ${total.report} states for the whole ("${total.asStated}").`
      );
    }
    case 'GROUP_MEMBERS_CONFLICT': {
      const { group, ratio, membersLow, membersHigh, members } = details as {
        group: Fig;
        ratio: boolean;
        membersLow: number | null;
        membersHigh: number | null;
        members: { region: string; asStated: string }[];
      };
      const parts = members.map((m) => `${m.region} ${m.asStated}`).join('; ');
      const what = ratio
        ? `every member's own figure lies between ${membersLow === null ? 'unbounded' : num(membersLow)} and ${membersHigh === null ? 'unbounded' : num(membersHigh)}`
        : `its members add up to at most ${num(membersHigh!)}${unitText(group)}`;
      return (
        `${group.region}, ${period(group)}: ${group.report} states "${group.asStated}" (${interval(group)}) for the group, ` +
        `but ${what} (${parts}); a group made of exactly these regions cannot ${ratio ? 'lie outside them' : 'exceed their sum'}.`
      );
    }
    case 'CONFLICTING_REPORTS': {
      const { higher, lower } = details as { higher: Fig; lower: Fig };
      const samePeriod = higher.periodStart === lower.periodStart && higher.periodEnd === lower.periodEnd;
      return (
        `${higher.region}: ${higher.report} states "${higher.asStated}" (${interval(higher)}${unitText(higher)}) for ${period(higher)}, ` +
        `but ${lower.report} states "${lower.asStated}" (${interval(lower)}) for ` +
        `${samePeriod ? 'the same period' : `${period(lower)}, which contains it`}; the two cannot both be right.`
      );
    }
    case 'CUMULATIVE_DECREASE': {
      const { later, earlier } = details as { later: Fig; earlier: Fig };
      return (
        `${later.region}: ${later.report} states a running total of "${later.asStated}" (${interval(later)}${unitText(later)}) ` +
        `from ${later.periodStart} to ${asOf(later)}, below the "${earlier.asStated}" (${interval(earlier)}) that ` +
        `${earlier.report} states from ${earlier.periodStart} (the same start or a later one) to ${asOf(earlier)}; a running total cannot fall.`
      );
    }
    case 'RELAY_VARIANT': {
      const { figure, variants } = details as {
        figure: Fig;
        variants: { outlet: string; asStated: string; low: number | null; high: number | null; periodAsStated: string | null }[];
      };
      const parts = variants
        .map((v) => `${v.outlet}: "${v.asStated}" (${interval(v)})${v.periodAsStated ? `, period "${v.periodAsStated}"` : ''}`)
        .join('; ');
      return `${figure.region}, ${period(figure)}: ${figure.report} is relayed differently: it keeps "${figure.asStated}" (${interval(figure)}), but ${parts}.`;
    }
  }
}

function period(f: { periodStart: string; periodEnd: string }): string {
  return `${f.periodStart} to ${f.periodEnd}`;
}

function asOf(f: Fig): string {
  return f.periodEndPrecision === 'DAY' ? f.periodEnd : `${f.periodEnd} (${f.periodEndPrecision.toLowerCase()})`;
}

function unitText(f: Fig): string {
  return f.unit === 'PERSONS' || f.unit === 'PERCENT' ? '' : ` ${f.unit}`;
}

/** Numbers as a researcher would write them: no float noise, at most six significant digits. */
function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function interval(e: Pick<Estimate, 'low' | 'high'>): string {
  if (e.low !== null && e.high !== null) return e.low === e.high ? num(e.low) : `${num(e.low)} to ${num(e.high)}`;
  if (e.low !== null) return `at least ${num(e.low)}`;
  if (e.high !== null) return `at most ${num(e.high)}`;
  return 'unbounded';
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
