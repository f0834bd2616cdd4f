// The explorer page: asks the public GraphQL API for a year's figures, summaries, warnings and coercion
// factors, and writes them into the page. Everything is built with DOM methods and textContent, never
// innerHTML, so text from the database cannot become markup.
import { csvLink, fetchFactors, fetchYear, fetchYears, graphiqlLink, yearVariables, YEAR_QUERY, YEAR_QUERY_CORE } from './api.js';
import {
  CATEGORY_LABELS,
  CONSISTENCY_LABELS,
  formatDate,
  formatEstimate,
  formatInterval,
  formatPeriod,
  METRIC_LABELS,
  qualifierWord,
} from './format.js';
import { drawFulfilmentChart } from './fulfilment-chart.js';
import { chartRows, regionRows, sortFigures } from './model.js';

const $ = (selector) => document.querySelector(selector);

/** h('td', { className: 'num' }, 'text', child): an element with properties and children. */
function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key in node && key !== 'list') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A link to a source only when it is an http(s) URL; otherwise the plain title. */
function sourceLink(report) {
  const url = report.sourceUrl;
  if (url && /^https?:\/\//i.test(url)) return h('a', { href: url, rel: 'noopener noreferrer' }, report.title);
  return report.title;
}

function qualifierChip(qualifier) {
  return h('span', { className: 'qualifier', title: `qualifier: ${qualifier}` }, qualifierWord(qualifier));
}

const unitOf = (metric) => (metric === 'PLAN_FULFILMENT_PERCENT' ? '%' : '');

/** A stated figure: its words, its qualifier, and (unless told not to) its interval. */
function stated(value, unit, { interval = true } = {}) {
  if (!value) return '—';
  return [
    h('span', { className: 'as-stated' }, value.asStated),
    ' ',
    qualifierChip(value.qualifier),
    interval ? h('span', { className: 'derived' }, `interval ${formatInterval(value.low, value.high, unit)}`) : null,
  ];
}

let state = { controller: null, chart: null };

function setStatus(text, kind = '') {
  const status = $('#status');
  status.textContent = text;
  status.className = `status ${kind}`.trim();
}

function setYearText(year) {
  for (const node of document.querySelectorAll('.year-text')) node.textContent = String(year);
  document.title = `Explorer ${year}: recruitment from Ukraine’s occupied territories`;
}

function renderSummary(rows, analytics) {
  const body = $('#summary-table tbody');
  body.replaceChildren(
    ...rows.map((r) => {
      const fulfilment = r.fulfilment
        ? [h('span', { className: 'as-stated' }, r.fulfilment.asStated), ' ', qualifierChip(r.fulfilment.qualifier)]
        : r.computedFulfilment
          ? [formatEstimate(r.computedFulfilment, '%').split(' (')[0], h('span', { className: 'derived' }, 'not stated; computed from counts')]
          : '—';
      const interval = r.fulfilment
        ? formatInterval(r.fulfilment.low, r.fulfilment.high, '%')
        : r.computedFulfilment
          ? formatInterval(r.computedFulfilment.low, r.computedFulfilment.high, '%')
          : '—';
      const contracts = r.contracts
        ? [
            stated(r.contracts, ''),
            r.contractsPeriodEnd ? h('span', { className: 'derived' }, `to ${formatDate(r.contractsPeriodEnd)}`) : null,
          ]
        : '—';
      const plan = r.plan
        ? stated(r.plan, '')
        : r.impliedPlan
          ? [formatEstimate(r.impliedPlan), h('span', { className: 'derived' }, 'implied: contracts ÷ fulfilment')]
          : analytics
            ? '—'
            : h('span', { className: 'derived' }, 'not stated');
      const check = !analytics
        ? '—'
        : [
            h('span', { className: `verdict-${r.consistency}` }, CONSISTENCY_LABELS[r.consistency] ?? r.consistency ?? '—'),
            r.computedFulfilment
              ? h('span', { className: 'derived' }, `contracts ÷ plan ${formatEstimate(r.computedFulfilment, '%')}`)
              : null,
          ];
      return h(
        'tr',
        { 'data-region': r.code },
        h('th', { scope: 'row' }, r.name),
        h('td', { 'data-label': 'Fulfilment' }, fulfilment),
        h('td', { className: 'num', 'data-label': 'Interval' }, interval),
        h('td', { 'data-label': 'Contracts' }, contracts),
        h('td', { 'data-label': 'Plan' }, plan),
        h('td', { 'data-label': 'Check' }, check),
      );
    }),
  );
  if (rows.length === 0) {
    body.append(h('tr', {}, h('td', { colSpan: 6 }, 'No region has a figure for this year.')));
  }
}

function chartSummary(rows, year) {
  const drawn = chartRows(rows);
  if (drawn.length === 0) return `No plan-fulfilment figure is stated for ${year}.`;
  const stated = drawn
    .filter((r) => r.fulfilment)
    .map(
      (r) =>
        `${r.name}: “${r.fulfilment.asStated}” (interval ${formatInterval(r.fulfilment.low, r.fulfilment.high, '%')})` +
        (r.fulfilmentPeriod ? ` in ${formatPeriod(r.fulfilmentPeriod.start, r.fulfilmentPeriod.end)}` : ''),
    );
  const computed = drawn
    .filter((r) => r.computedFulfilment)
    .map((r) => `${r.name}: ${formatEstimate(r.computedFulfilment, '%')}`);
  return [
    stated.length ? `Plan fulfilment in ${year}, as the sources state it. ${stated.join('; ')}.` : '',
    computed.length ? `Computed from the stated contracts and plan: ${computed.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function renderChart(rows, year) {
  const drawn = chartRows(rows);
  const box = $('#chart-box');
  const canvas = $('#fulfilment-chart');
  $('#chart-summary').textContent = chartSummary(rows, year);
  canvas.setAttribute('aria-label', `Chart of plan fulfilment by region in ${year}: each figure a point with its interval. The table below gives the same figures.`);
  if (drawn.length === 0) {
    state.chart?.destroy();
    state.chart = null;
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const points = drawn.length * (drawn.some((r) => r.computedFulfilment) ? 2 : 1);
  box.style.height = `${Math.max(220, 90 + drawn.length * 30 + points * 22)}px`;
  state.chart = drawFulfilmentChart(canvas, drawn, state.chart);
}

function renderWarnings(issues, analytics, year) {
  const container = $('#warnings-list');
  if (!analytics) {
    container.replaceChildren(
      h('p', { className: 'notice' }, 'This server does not offer the data-quality checks (dataQualityIssues) yet.'),
    );
    return;
  }
  if (issues.length === 0) {
    container.replaceChildren(h('p', { className: 'notice' }, `No warnings for ${year}: no disagreement between the sources was found.`));
    return;
  }
  const kindLabels = {
    PERCENT_MISMATCH: 'Percentage does not match the counts',
    REGIONS_EXCEED_TOTAL: 'Regions add up to more than the total',
    CONFLICTING_REPORTS: 'Reports disagree',
  };
  container.replaceChildren(
    h(
      'ul',
      { className: 'warnings' },
      issues.map((issue) =>
        h(
          'li',
          { 'data-kind': issue.kind },
          h('span', { className: 'kind' }, kindLabels[issue.kind] ?? issue.kind),
          issue.message,
          issue.region || issue.reports.length
            ? h(
                'span',
                { className: 'derived' },
                [
                  issue.region ? `Region: ${issue.region.nameEn}` : null,
                  issue.metric ? `metric: ${METRIC_LABELS[issue.metric] ?? issue.metric}` : null,
                  issue.reports.length ? `reports: ${issue.reports.map((r) => r.title).join('; ')}` : null,
                ]
                  .filter(Boolean)
                  .join(' · '),
              )
            : null,
        ),
      ),
    ),
  );
}

function renderFigures(figures) {
  const body = $('#figures-table tbody');
  body.replaceChildren(
    ...sortFigures(figures).map((f) =>
      h(
        'tr',
        { 'data-region': f.region.code, 'data-metric': f.metric },
        h('th', { scope: 'row' }, f.region.nameEn),
        h('td', { 'data-label': 'Metric' }, METRIC_LABELS[f.metric] ?? f.metric),
        h(
          'td',
          { 'data-label': 'As stated' },
          h('span', { className: 'as-stated' }, f.value.asStated),
          f.note ? h('details', {}, h('summary', {}, 'How it was read'), h('p', {}, f.note)) : null,
        ),
        h('td', { 'data-label': 'Qualifier' }, qualifierChip(f.value.qualifier)),
        h('td', { className: 'num', 'data-label': 'Interval' }, formatInterval(f.value.low, f.value.high, unitOf(f.metric))),
        h(
          'td',
          { className: 'period', 'data-label': 'Period' },
          h('time', { dateTime: f.periodStart }, formatPeriod(f.periodStart, f.periodEnd)),
          f.periodAsStated ? h('span', { className: 'period-words' }, f.periodAsStated) : null,
        ),
        h('td', { className: 'report', 'data-label': 'Report' }, sourceLink(f.report), h('span', { className: 'derived' }, f.report.publisher)),
      ),
    ),
  );
  if (figures.length === 0) body.append(h('tr', {}, h('td', { colSpan: 7 }, 'No figure covers this year.')));
}

function renderFactors(factors) {
  const container = $('#factors-list');
  if (factors.length === 0) {
    container.replaceChildren(h('p', { className: 'notice' }, 'The reports for this year describe no coercion factor.'));
    return;
  }
  container.replaceChildren(
    ...factors.map((f) =>
      h(
        'article',
        { className: 'factor', 'data-category': f.category, 'aria-labelledby': `factor-${f.slug}` },
        h('h3', { id: `factor-${f.slug}` }, f.title),
        h('span', { className: 'category' }, CATEGORY_LABELS[f.category] ?? f.category),
        h('p', {}, f.description),
        h(
          'dl',
          {},
          h('dt', {}, 'In force from'),
          h('dd', {}, f.effectiveFrom ? h('time', { dateTime: f.effectiveFrom }, formatDate(f.effectiveFrom)) : 'no date given'),
          f.affectedGroups.length ? [h('dt', {}, 'Bears most on'), h('dd', {}, f.affectedGroups.join('; '))] : null,
          h('dt', {}, 'Regions'),
          h('dd', {}, f.regions.length ? f.regions.map((r) => r.nameEn).join('; ') : 'all occupied territories'),
          h('dt', {}, f.reports.length > 1 ? 'Sources' : 'Source'),
          h(
            'dd',
            {},
            f.reports.map((r, i) => [i ? '; ' : '', sourceLink(r), ` (${r.publisher})`]),
          ),
        ),
      ),
    ),
  );
}

function renderLinks(year, analytics) {
  $('#csv-link').href = csvLink(year, 'csv');
  $('#json-link').href = csvLink(year, 'json');
  const variables = yearVariables(year);
  $('#graphiql-link').href = analytics
    ? graphiqlLink(YEAR_QUERY, variables)
    : graphiqlLink(YEAR_QUERY_CORE, { periodFrom: variables.periodFrom, periodTo: variables.periodTo });
}

async function showYear(year) {
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const options = { signal: controller.signal };
  document.body.dataset.state = 'loading';
  setYearText(year);
  setStatus(`Loading the figures for ${year}…`);
  try {
    const data = await fetchYear(year, options);
    const reportSlugs = [...new Set(data.figures.map((f) => f.report.slug))];
    const factors = await fetchFactors(reportSlugs, options);
    if (controller.signal.aborted) return;
    const rows = regionRows({ year, summaries: data.summaries, figures: data.figures });
    renderChart(rows, year);
    renderSummary(rows, data.analytics);
    renderWarnings(data.issues ?? [], data.analytics, year);
    renderFigures(data.figures);
    renderFactors(factors);
    renderLinks(year, data.analytics);
    const reports = reportSlugs.length;
    setStatus(
      `${year}: ${data.figures.length} figure${data.figures.length === 1 ? '' : 's'} from ${reports} report${reports === 1 ? '' : 's'}.` +
        (data.analytics ? '' : ' Summaries and checks are not available on this server.'),
    );
    document.body.dataset.state = 'ready';
  } catch (error) {
    if (error.name === 'AbortError') return;
    setStatus(`Could not load the figures for ${year}: ${error.message}`, 'error');
    document.body.dataset.state = 'error';
  }
}

function requestedYear(years) {
  const asked = Number(new URLSearchParams(location.search).get('year'));
  return years.includes(asked) ? asked : years[0];
}

async function start() {
  const select = $('#year');
  let years;
  try {
    years = await fetchYears();
  } catch (error) {
    setStatus(`Could not reach the API: ${error.message}`, 'error');
    document.body.dataset.state = 'error';
    return;
  }
  if (years.length === 0) {
    setStatus('The database holds no figures yet.');
    document.body.dataset.state = 'empty';
    return;
  }
  select.replaceChildren(...years.map((y) => h('option', { value: String(y) }, String(y))));
  const year = requestedYear(years);
  select.value = String(year);

  const go = (y) => {
    const url = new URL(location.href);
    url.searchParams.set('year', String(y));
    history.pushState({ year: y }, '', url);
    showYear(y);
  };
  select.addEventListener('change', () => go(Number(select.value)));
  $('#controls').addEventListener('submit', (event) => {
    event.preventDefault();
    go(Number(select.value));
  });
  window.addEventListener('popstate', () => {
    const y = requestedYear(years);
    select.value = String(y);
    showYear(y);
  });
  await showYear(year);
}

start();
