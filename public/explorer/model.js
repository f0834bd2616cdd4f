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

