// How the explorer words numbers. The rule: nothing is shown more exact than its source. A stated
// figure is shown as the source words it (asStated) with its interval; a number computed from stated
// figures is rounded to two significant digits, marked "≈", and its interval is rounded outwards so it
// never claims more than the arithmetic gives.

/** The qualifier as a word, the way the sources put it. */
export const QUALIFIER_WORDS = {
  EXACT: 'plain figure',
  APPROXIMATELY: 'about',
  MORE_THAN: 'over',
  JUST_OVER: 'just over',
  AT_LEAST: 'at least',
  ALMOST: 'almost',
  LESS_THAN: 'under',
  AT_MOST: 'at most',
  RANGE: 'range',
};

/** The word placed before a number ("over 330"); empty for a plain or ranged figure. */
export function qualifierPrefix(qualifier) {
  if (qualifier === 'EXACT' || qualifier === 'RANGE') return '';
  return QUALIFIER_WORDS[qualifier] ?? String(qualifier).toLowerCase().replaceAll('_', ' ');
}

export function qualifierWord(qualifier) {
  return QUALIFIER_WORDS[qualifier] ?? String(qualifier).toLowerCase().replaceAll('_', ' ');
}

export const METRIC_LABELS = {
  PLANNED_RECRUITS: 'Planned recruits',
  CONTRACTS_SIGNED: 'Contracts signed',
  PLAN_FULFILMENT_PERCENT: 'Plan fulfilment',
  CONSCRIPTED: 'Conscripted',
  PLANNED_CONSCRIPTS: 'Planned conscripts',
  MOBILISED: 'Mobilised',
  PLANNED_MOBILISATION: 'Planned mobilisation',
  SHARE_OF_PERSONNEL_PERCENT: 'Share of personnel',
  KILLED: 'Killed',
  PAYMENT_AMOUNT: 'Payment',
};

/** A metric's name for a reader; an unknown one (a newer server) as its code in words. */
export function metricLabel(metric) {
  return METRIC_LABELS[metric] ?? String(metric).charAt(0) + String(metric).slice(1).toLowerCase().replaceAll('_', ' ');
}

/** Who a report comes from (Report.sourceKind), short enough to sit beside a figure. */
export const SOURCE_KIND_LABELS = {
  UKRAINIAN_OFFICIAL: 'Ukrainian official',
  UKRAINIAN_MILITARY: 'Ukrainian military',
  INTERNATIONAL_ORGANISATION: 'international organisation',
  NGO: 'NGO',
  RESEARCH: 'research',
  MEDIA: 'media',
  RUSSIAN_OFFICIAL: 'Russian official',
};

export function sourceKindLabel(kind) {
  if (!kind) return 'source kind not given';
  return SOURCE_KIND_LABELS[kind] ?? String(kind).toLowerCase().replaceAll('_', ' ');
}

/** "National Resistance Center, 6 Dec 2024": a report's publisher and date, to tell its reports apart. */
export function reportLine(report) {
  const date = report.publishedOn ? formatDateAt(report.publishedOn, report.publishedOnPrecision ?? 'DAY') : 'undated';
  return `${report.publisher}, ${date}`;
}

export const PERIOD_KIND_LABELS = {
  FLOW: 'in the period',
  CUMULATIVE: 'running total',
  SNAPSHOT: 'as of',
};

/** The unit as a suffix: "%" glued on, a currency after a space, nothing for persons. */
export function unitSuffix(unit, metric) {
  if (unit === 'PERCENT') return '%';
  if (unit === 'RUB') return ' RUB';
  if (unit === 'USD') return ' USD';
  if (unit == null && /PERCENT$/.test(metric ?? '')) return '%';
  return '';
}

export const UNIT_LABELS = { PERSONS: 'persons', PERCENT: '%', RUB: 'roubles', USD: 'US dollars' };

export const CATEGORY_LABELS = {
  ECONOMIC_HARDSHIP: 'Economic hardship',
  UNEMPLOYMENT: 'Unemployment',
  PROPAGANDA: 'Propaganda',
  FINANCIAL_INCENTIVE: 'Financial incentive',
  FORCED_PASSPORTIZATION: 'Forced passportization',
};

export const CONSISTENCY_LABELS = {
  CONSISTENT: 'consistent',
  INCONSISTENT: 'inconsistent',
  NOT_CHECKABLE: 'not checkable',
};

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

/** A bound as stored (bounds are derived, so they are shown as they are, only grouped). */
export function formatNumber(value, unit = '') {
  return `${grouped.format(value)}${unit}`;
}

/**
 * The interval a statement allows, in words a reader can check: "297–363", "330 or more",
 * "at most 80", "unbounded". A null bound is unbounded on that side.
 */
export function formatInterval(low, high, unit = '') {
  const has = (v) => v !== null && v !== undefined;
  if (has(low) && has(high)) {
    return low === high ? formatNumber(low, unit) : `${formatNumber(low, unit)} – ${formatNumber(high, unit)}`;
  }
  if (has(low)) return `${formatNumber(low, unit)} or more`;
  if (has(high)) return `${formatNumber(high, unit)} or less`;
  return 'unbounded';
}

/** Rounds to `digits` significant digits, in the direction given ('nearest', 'down', 'up'). */
export function roundSignificant(value, digits = 2, direction = 'nearest') {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const step = 10 ** (magnitude - digits + 1);
  const f = direction === 'down' ? Math.floor : direction === 'up' ? Math.ceil : Math.round;
  // Scale by integers where possible, so 0.1-steps do not come back as 12.300000000000001.
  const scaled = f(value / step);
  return step >= 1 ? scaled * step : scaled / Math.round(1 / step);
}

/**
 * A computed estimate ({ best, low, high }, bounds nullable): "≈ 240 (230 or more)". The best is rounded
 * to two significant digits; the low bound down and the high bound up, so the interval still holds.
 */
export function formatEstimate(estimate, unit = '') {
  if (!estimate) return '—';
  const best = roundSignificant(estimate.best, 2);
  const low = estimate.low == null ? null : roundSignificant(estimate.low, 2, 'down');
  const high = estimate.high == null ? null : roundSignificant(estimate.high, 2, 'up');
  const interval = formatInterval(low, high, unit);
  const shown = formatNumber(best, unit);
  return interval === shown ? `≈ ${shown}` : `≈ ${shown} (${interval})`;
}

/** A label short enough for the chart, with the qualifier in front: "about 135%", "just over 80%". */
export function shortLabel(value, unit = '') {
  const prefix = qualifierPrefix(value.qualifier);
  if (value.qualifier === 'RANGE') return formatInterval(value.low, value.high, unit);
  return `${prefix ? `${prefix} ` : ''}${formatNumber(value.best, unit)}`;
}

/** A period as a reader says it: "Jan–Nov 2024", "2024", "15 Mar 2023 – 2 Feb 2024". */
export function formatPeriod(start, end) {
  const [ys, ms, ds] = start.split('-').map(Number);
  const [ye, me, de] = end.split('-').map(Number);
  const month = (m) => new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const lastDay = new Date(Date.UTC(ye, me, 0)).getUTCDate();
  const wholeMonths = ds === 1 && de === lastDay;
  if (wholeMonths && ys === ye) {
    if (ms === 1 && me === 12) return String(ys);
    if (ms === me) return `${month(ms)} ${ys}`;
    return `${month(ms)}–${month(me)} ${ys}`;
  }
  if (wholeMonths) return `${month(ms)} ${ys} – ${month(me)} ${ye}`;
  const day = (y, m, d) => `${d} ${month(m)} ${y}`;
  return `${day(ys, ms, ds)} – ${day(ye, me, de)}`;
}

const monthName = (m) => new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });

/**
 * A date no more exactly than its source dates it: "4 Dec 2024" (DAY), "Nov 2017" (MONTH), "Q4 2019"
 * (QUARTER), "2018" (YEAR). The stored date is the last (or first) day of that span; it is not shown.
 */
export function formatDateAt(iso, precision = 'DAY') {
  if (!iso) return '';
  const [y, m] = iso.split('-').map(Number);
  if (precision === 'YEAR') return String(y);
  if (precision === 'QUARTER') return `Q${Math.ceil(m / 3)} ${y}`;
  if (precision === 'MONTH') return `${monthName(m)} ${y}`;
  return formatDate(iso);
}

/** A date as "1 Jan 2024". */
export function formatDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The period a figure covers, no more exactly than its source dates it: "Jan–Nov 2024" (exact days),
 * "2015 – Nov 2017"; a running total "since 2015, as of Nov 2017"; a snapshot "as of Nov 2023".
 */
export function figurePeriod(figure) {
  const sp = figure.periodStartPrecision ?? 'DAY';
  const ep = figure.periodEndPrecision ?? 'DAY';
  const from = formatDateAt(figure.periodStart, sp);
  const to = formatDateAt(figure.periodEnd, ep);
  if (figure.periodKind === 'SNAPSHOT') return `as of ${to}`;
  if (figure.periodKind === 'CUMULATIVE') return `since ${from}, as of ${to}`;
  if (sp === 'DAY' && ep === 'DAY') return formatPeriod(figure.periodStart, figure.periodEnd);
  return from === to ? from : `${from} – ${to}`;
}
