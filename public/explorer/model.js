// Turns the API's answers into what the page draws: one row per region for the chosen year. Pure
// functions over plain data, so the same rows feed the chart, its text alternative and the tests.

export const AGGREGATE_CODE = 'UA-TOT';

/**
 * One row per region with a figure in the year. With the analytics API the rows come straight from
 * recruitmentSummaries (the server picks the latest figure where reports disagree and derives the
 * implied plan); without it, from the figures alone, by the same rule of "latest period end, then latest
 * publication", and with nothing derived.
 */
export function regionRows({ year, summaries, figures }) {
  const rows = summaries ? rowsFromSummaries(summaries) : rowsFromFigures(figures, year);
  return rows.sort(compareRows);
}

/** The period { start, end } a figure covers, or null. */
function periodOf(figure) {
  return figure ? { start: figure.periodStart, end: figure.periodEnd } : null;
}

function rowsFromSummaries(summaries) {
  return summaries.map((s) => ({
    code: s.region.code,
    name: s.region.nameEn,
    fulfilment: s.reportedFulfilmentPercent ?? null,
    // The stated percentage's own period; a computed one is measured on its contracts' period.
    fulfilmentPeriod: s.reportedFulfilmentPercent ? periodOf(s.figures?.find((f) => f.metric === 'PLAN_FULFILMENT_PERCENT')) : null,
    computedFulfilment: s.computedFulfilmentPercent ?? null,
    computedPeriod: s.computedFulfilmentPercent ? periodOf(s.fulfilmentBasis) : null,
    contracts: s.contractsSigned ?? null,
    contractsPeriodEnd: s.contractsPeriodEnd ?? null,
    plan: s.plannedRecruits ?? null,
    impliedPlan: s.impliedPlannedRecruits ?? null,
    consistency: s.consistency ?? null,
    sources: s.sources ?? [],
    otherSources: s.otherSources ?? [],
  }));
}

/** The year a figure counts towards: the year its period ends in (as the analytics API counts it). */
export function figureYear(figure) {
  return Number(figure.periodEnd.slice(0, 4));
}

function later(a, b) {
  if (a.periodEnd !== b.periodEnd) return a.periodEnd > b.periodEnd ? a : b;
  return (a.report.publishedOn ?? '') >= (b.report.publishedOn ?? '') ? a : b;
}

function rowsFromFigures(figures, year) {
  const byRegion = new Map();
  for (const f of figures) {
    if (figureYear(f) !== year) continue;
    let entry = byRegion.get(f.region.code);
    if (!entry) {
      entry = { region: f.region, latest: {}, reports: new Map() };
      byRegion.set(f.region.code, entry);
    }
    const current = entry.latest[f.metric];
    entry.latest[f.metric] = current ? later(current, f) : f;
    entry.reports.set(f.report.slug, f.report);
  }
  return [...byRegion.values()].map(({ region, latest, reports }) => ({
    code: region.code,
    name: region.nameEn,
    fulfilment: latest.PLAN_FULFILMENT_PERCENT?.value ?? null,
    fulfilmentPeriod: periodOf(latest.PLAN_FULFILMENT_PERCENT),
    computedFulfilment: null,
    computedPeriod: null,
    contracts: latest.CONTRACTS_SIGNED?.value ?? null,
    contractsPeriodEnd: latest.CONTRACTS_SIGNED?.periodEnd ?? null,
    plan: latest.PLANNED_RECRUITS?.value ?? null,
    impliedPlan: null,
    consistency: null,
    sources: [...reports.values()],
    otherSources: [],
  }));
}

/** The whole first, then regions from the highest stated fulfilment down; regions with none last, by name. */
function compareRows(a, b) {
  if (a.code === AGGREGATE_CODE || b.code === AGGREGATE_CODE) return a.code === AGGREGATE_CODE ? -1 : 1;
  const fa = a.fulfilment?.best ?? a.computedFulfilment?.best;
  const fb = b.fulfilment?.best ?? b.computedFulfilment?.best;
  if (fa != null && fb != null && fa !== fb) return fb - fa;
  if ((fa == null) !== (fb == null)) return fa == null ? 1 : -1;
  return a.name.localeCompare(b.name, 'en');
}

/** The rows the chart can draw: those with a stated or a computed fulfilment. */
export function chartRows(rows) {
  return rows.filter((r) => r.fulfilment || r.computedFulfilment);
}

/** The figures of the table: by region (the whole first), then metric, then period. */
export function sortFigures(figures) {
  const metricOrder = { PLANNED_RECRUITS: 0, CONTRACTS_SIGNED: 1, PLAN_FULFILMENT_PERCENT: 2 };
  return [...figures].sort((a, b) => {
    if (a.region.code !== b.region.code) {
      if (a.region.code === AGGREGATE_CODE || b.region.code === AGGREGATE_CODE) return a.region.code === AGGREGATE_CODE ? -1 : 1;
      return a.region.nameEn.localeCompare(b.region.nameEn, 'en');
    }
    if (a.metric !== b.metric) return (metricOrder[a.metric] ?? 9) - (metricOrder[b.metric] ?? 9);
    if (a.periodEnd !== b.periodEnd) return a.periodEnd < b.periodEnd ? -1 : 1;
    return a.report.slug.localeCompare(b.report.slug);
  });
}


/** The regions in reading order: the whole first, then by English name. */
export function compareRegions(a, b) {
  if (a.code === b.code) return 0;
  if (a.code === AGGREGATE_CODE || b.code === AGGREGATE_CODE) return a.code === AGGREGATE_CODE ? -1 : 1;
  return a.nameEn.localeCompare(b.nameEn, 'en');
}

/** A figure's unit, or (from a server without units) the one its metric implies. */
export function unitOf(figure) {
  return figure.unit ?? (/PERCENT$/.test(figure.metric) ? 'PERCENT' : 'PERSONS');
}

/**
 * Every figure that counts towards the year (its period ends in it), one group per metric and unit,
 * and in each group one entry per figure: several reports for one region and year are each kept,
 * never merged or hidden behind one another. Regions in reading order, then by period end, then by
 * publisher, so a region's sources sit together.
 */
export function sourceGroups(figures, year) {
  const groups = new Map();
  for (const f of figures) {
    if (figureYear(f) !== year) continue;
    const unit = unitOf(f);
    const key = `${f.metric}|${unit}`;
    if (!groups.has(key)) groups.set(key, { key, metric: f.metric, unit, figures: [] });
    groups.get(key).figures.push(f);
  }
  const metricOrder = ['PLAN_FULFILMENT_PERCENT', 'PLANNED_RECRUITS', 'CONTRACTS_SIGNED'];
  const rank = (m) => (metricOrder.includes(m) ? metricOrder.indexOf(m) : metricOrder.length);
  return [...groups.values()]
    .map((g) => ({
      ...g,
      figures: g.figures.sort(
        (a, b) =>
          compareRegions(a.region, b.region) ||
          (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0) ||
          a.report.publisher.localeCompare(b.report.publisher, 'en') ||
          a.report.slug.localeCompare(b.report.slug),
      ),
      reports: new Set(g.figures.map((f) => f.report.slug)).size,
    }))
    .sort((a, b) => rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric) || a.unit.localeCompare(b.unit));
}

/** How many reports state a figure for each region in a group: where more than one, sources disagree or agree side by side. */
export function reportsPerRegion(group) {
  const byRegion = new Map();
  for (const f of group.figures) {
    if (!byRegion.has(f.region.code)) byRegion.set(f.region.code, new Set());
    byRegion.get(f.region.code).add(f.report.slug);
  }
  return new Map([...byRegion].map(([code, slugs]) => [code, slugs.size]));
}

/**
 * Running totals (CUMULATIVE figures) as series, one per region, metric and unit, each ordered by its
 * as-of date (periodEnd); the longest series first.
 */
export function cumulativeSeries(figures) {
  const series = new Map();
  for (const f of figures) {
    if (f.periodKind !== 'CUMULATIVE') continue;
    const unit = unitOf(f);
    const key = `${f.region.code}:${f.metric}:${unit}`;
    if (!series.has(key)) series.set(key, { key, region: f.region, metric: f.metric, unit, figures: [] });
    series.get(key).figures.push(f);
  }
  return [...series.values()]
    .map((s) => ({
      ...s,
      figures: s.figures.sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : a.report.slug.localeCompare(b.report.slug))),
    }))
    .sort((a, b) => b.figures.length - a.figures.length || compareRegions(a.region, b.region) || a.metric.localeCompare(b.metric));
}

const utc = (y, m, d) => Date.UTC(y, m - 1, d);

/**
 * The span of days a date stands for at its precision, as UTC milliseconds [first day, last day]:
 * "2018" (YEAR) is the whole of 2018, "Nov 2017" (MONTH) the whole month, a DAY one day.
 */
export function dateSpan(iso, precision = 'DAY') {
  const [y, m, d] = iso.split('-').map(Number);
  if (precision === 'YEAR') return [utc(y, 1, 1), utc(y, 12, 31)];
  if (precision === 'QUARTER') {
    const first = (Math.ceil(m / 3) - 1) * 3 + 1;
    return [utc(y, first, 1), utc(y, first + 3, 0)];
  }
  if (precision === 'MONTH') return [utc(y, m, 1), utc(y, m + 1, 0)];
  return [utc(y, m, d), utc(y, m, d)];
}

/** For each figure id, the data-quality issues that name it. */
export function issuesByFigure(issues) {
  const map = new Map();
  for (const issue of issues ?? []) {
    for (const f of issue.figures ?? []) {
      if (!map.has(f.id)) map.set(f.id, []);
      map.get(f.id).push(issue);
    }
  }
  return map;
}
