// The explorer page: asks the public GraphQL API for a year's figures, summaries, warnings and coercion
// factors, and writes them into the page. Everything is built with DOM methods and textContent, never
// innerHTML, so text from the database cannot become markup.
import {
  csvLink,
  fetchDataset,
  fetchFactors,
  fetchRunningTotals,
  fetchYear,
  fetchYears,
  graphiqlLink,
  releaseCsvLink,
  yearVariables,
  YEAR_QUERY,
  YEAR_QUERY_CORE,
} from './api.js';
import {
  CATEGORY_LABELS,
  CONSISTENCY_LABELS,
  figurePeriod,
  formatDate,
  formatDateAt,
  formatEstimate,
  formatInterval,
  formatPeriod,
  metricLabel,
  PERIOD_KIND_LABELS,
  qualifierWord,
  reportLine,
  sourceKindLabel,
  UNIT_LABELS,
  unitSuffix,
} from './format.js';
import { drawFulfilmentChart } from './fulfilment-chart.js';
import { chartRows, cumulativeSeries, issuesByFigure, regionRows, reportsPerRegion, sortFigures, sourceGroups, unitOf } from './model.js';
import { drawSeriesChart } from './series-chart.js';
import { chartHeight, drawSourcesChart } from './sources-chart.js';

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

/** A figure's unit as the suffix its numbers carry ("%", " RUB", nothing for persons). */
const suffixOf = (figure) => unitSuffix(unitOf(figure), figure.metric);

/** "National Resistance Center · Ukrainian official": who a report comes from, for a table cell. */
function sourceKindChip(report) {
  return h('span', { className: 'source-kind', 'data-source-kind': report.sourceKind ?? '' }, sourceKindLabel(report.sourceKind));
}

/** One figure in a line of text: region, metric, words, interval, period and source. */
function figureLine(f) {
  return [
    h('strong', {}, `${f.region.nameEn}, ${metricLabel(f.metric)}: `),
    h('span', { className: 'as-stated' }, `“${f.value.asStated}”`),
    ` (${qualifierWord(f.value.qualifier)}, interval ${formatInterval(f.value.low, f.value.high, suffixOf(f))}), ${figurePeriod(f)} — `,
    `${f.report.publisher} `,
    sourceKindChip(f.report),
  ];
}

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

/** "1 report", "3 reports". */
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

let state = { controller: null, chart: null, sourceCharts: [], seriesChart: null, series: [], seriesIssues: [] };

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
      // The one report the summary draws on, and the others that speak of the region and year: the
      // summary never mixes them; the charts below show each.
      const sources = [
        r.sources.map((s, i) => [i ? '; ' : '', sourceLink(s), h('span', { className: 'derived' }, reportLine(s), ' ', sourceKindChip(s))]),
        r.otherSources.length
          ? h(
              'details',
              { className: 'other-sources' },
              h('summary', {}, `${plural(r.otherSources.length, 'other report')} for this region and year`),
              h('ul', {}, r.otherSources.map((s) => h('li', {}, sourceLink(s), h('span', { className: 'derived' }, reportLine(s), ' ', sourceKindChip(s))))),
            )
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
        h('td', { 'data-label': 'Source' }, sources),
        h('td', { 'data-label': 'Check' }, check),
      );
    }),
  );
  if (rows.length === 0) {
    body.append(h('tr', {}, h('td', { colSpan: 7 }, 'No region has a figure for this year.')));
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
  container.replaceChildren(warningList(issues));
}

const ISSUE_KIND_LABELS = {
  PERCENT_MISMATCH: 'Percentage does not match the counts',
  REGIONS_EXCEED_TOTAL: 'Regions add up to more than the total',
  CONFLICTING_REPORTS: 'Reports disagree',
  GROUP_MEMBERS_CONFLICT: 'A group’s figure does not fit its members’',
  RELAY_VARIANT: 'Relays word the figure differently',
  CUMULATIVE_DECREASE: 'A running total falls',
};

/** The warnings, each with its kind, message, and the figures it names (words, interval, period, source). */
function warningList(issues) {
  return h(
    'ul',
    { className: 'warnings' },
    issues.map((issue) =>
      h(
        'li',
        { 'data-kind': issue.kind },
        h('span', { className: 'kind' }, ISSUE_KIND_LABELS[issue.kind] ?? issue.kind),
        issue.message,
        issue.region || issue.reports.length
          ? h(
              'span',
              { className: 'derived' },
              [
                issue.region ? `Region: ${issue.region.nameEn}` : null,
                issue.metric ? `metric: ${metricLabel(issue.metric)}` : null,
                issue.reports.length ? `reports: ${issue.reports.map((r) => r.title).join('; ')}` : null,
              ]
                .filter(Boolean)
                .join(' · '),
            )
          : null,
        issue.figures?.length
          ? h('ul', { className: 'issue-figures', 'aria-label': 'The figures it names' }, issue.figures.map((f) => h('li', { 'data-figure': f.id }, figureLine(f))))
          : null,
      ),
    ),
  );
}

/** Narrow screens: the rows of the source charts carry their labels above the points, not on an axis. */
const compactQuery = window.matchMedia('(max-width: 40rem)');

/** Every source for the year: one chart per metric and unit, one row (point and interval) per figure. */
function renderSources(figures, issues, year) {
  state.sourcesShown = { figures, issues, year };
  const compact = compactQuery.matches;
  for (const chart of state.sourceCharts) chart.destroy();
  state.sourceCharts = [];
  const container = $('#sources-charts');
  const groups = sourceGroups(figures, year);
  const warned = new Set(issuesByFigure(issues).keys());
  if (groups.length === 0) {
    container.replaceChildren(h('p', { className: 'notice' }, `No figure’s period ends in ${year}.`));
    return;
  }
  const articles = groups.map((group, i) => {
    const id = `sources-${i}`;
    const several = [...reportsPerRegion(group)].filter(([, n]) => n > 1);
    const regionName = (code) => group.figures.find((f) => f.region.code === code).region.nameEn;
    const canvas = h('canvas', {
      id: `${id}-chart`,
      role: 'img',
      'aria-label': `${metricLabel(group.metric)} in ${year}: one point with its interval per figure, labelled with its report’s publisher and source kind. The list below gives the same figures.`,
      'aria-describedby': `${id}-list`,
    });
    const box = h('div', { className: 'chart-box' }, canvas);
    box.style.height = `${chartHeight(group, { compact })}px`;
    const article = h(
      'article',
      { className: 'source-group', 'data-metric': group.metric, 'data-unit': group.unit, 'aria-labelledby': `${id}-heading` },
      h('h3', { id: `${id}-heading` }, `${metricLabel(group.metric)} (${UNIT_LABELS[group.unit] ?? group.unit})`),
      h(
        'p',
        { className: 'help' },
        `${plural(group.figures.length, 'figure')} from ${plural(group.reports, 'report')}.`,
        several.length ? ` Several reports for ${several.map(([code, n]) => `${regionName(code)} (${n})`).join(', ')}: each is its own row.` : '',
      ),
      h('figure', { className: 'chart-figure' }, box, h('figcaption', {}, h('ul', { className: 'source-list', id: `${id}-list` }, group.figures.map((f) => h('li', { 'data-figure': f.id, 'data-region': f.region.code, className: warned.has(f.id) ? 'warned' : null }, figureLine(f), warned.has(f.id) ? h('a', { className: 'warn-chip', href: '#warnings' }, 'named in a warning') : null))))),
    );
    return { article, canvas, group };
  });
  container.replaceChildren(...articles.map((a) => a.article));
  state.sourceCharts = articles.map(({ canvas, group }) => drawSourcesChart(canvas, group, warned, null, { compact }));
}

compactQuery.addEventListener('change', () => {
  if (state.sourcesShown) renderSources(state.sourcesShown.figures, state.sourcesShown.issues, state.sourcesShown.year);
});

function renderFigures(figures, issues) {
  const warned = issuesByFigure(issues);
  const body = $('#figures-table tbody');
  body.replaceChildren(
    ...sortFigures(figures).map((f) =>
      h(
        'tr',
        { 'data-region': f.region.code, 'data-metric': f.metric, 'data-figure': f.id, className: warned.has(f.id) ? 'warned' : null },
        h('th', { scope: 'row' }, f.region.nameEn, warned.has(f.id) ? h('a', { className: 'warn-chip', href: '#warnings' }, 'named in a warning') : null),
        h('td', { 'data-label': 'Metric' }, metricLabel(f.metric)),
        h(
          'td',
          { 'data-label': 'As stated' },
          h('span', { className: 'as-stated' }, f.value.asStated),
          f.attributedTo ? h('span', { className: 'derived' }, `attributed to ${f.attributedTo}`) : null,
          f.quote
            ? h(
                'details',
                {},
                h('summary', {}, 'The source’s sentence'),
                h('blockquote', {}, f.quote),
                f.quoteEn ? h('p', { className: 'translation' }, `In English: ${f.quoteEn}`) : null,
              )
            : null,
          f.variants?.length
            ? h(
                'details',
                { className: 'variants' },
                h('summary', {}, `Worded differently by ${plural(f.variants.length, 'relay')}`),
                h('ul', {}, f.variants.map((v) => h('li', {}, `${v.publication.outlet}: “${v.value.asStated}” (interval ${formatInterval(v.value.low, v.value.high, suffixOf(f))})`))),
              )
            : null,
          f.note ? h('details', {}, h('summary', {}, 'How it was read'), h('p', {}, f.note)) : null,
        ),
        h('td', { 'data-label': 'Qualifier' }, qualifierChip(f.value.qualifier)),
        h('td', { className: 'num', 'data-label': 'Interval' }, formatInterval(f.value.low, f.value.high, suffixOf(f))),
        h(
          'td',
          { className: 'period', 'data-label': 'Period' },
          h('time', { dateTime: f.periodEnd }, figurePeriod(f)),
          f.periodKind && f.periodKind !== 'FLOW' ? h('span', { className: 'period-words' }, PERIOD_KIND_LABELS[f.periodKind] ?? f.periodKind) : null,
          f.periodAsStated ? h('span', { className: 'period-words' }, f.periodAsStated) : null,
        ),
        h(
          'td',
          { className: 'report', 'data-label': 'Report' },
          sourceLink(f.report),
          h('span', { className: 'derived' }, f.report.publisher, ' ', sourceKindChip(f.report)),
          f.report.speaker ? h('span', { className: 'derived' }, f.report.speaker) : null,
        ),
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

/** The series chosen in the URL (?series=UA-CRIMEA:CONSCRIPTED:PERSONS), or the longest. */
function requestedSeries(series) {
  const asked = new URLSearchParams(location.search).get('series');
  return series.find((s) => s.key === asked) ?? series[0];
}

function seriesName(s) {
  return `${s.region.nameEn}: ${metricLabel(s.metric)} (${s.figures.length} figures)`;
}

/** One running total over time: the chart, its figures as a table, and the warnings that name them. */
function renderSeries(series) {
  const ids = new Set(series.figures.map((f) => f.id));
  const issues = state.seriesIssues.filter((i) => i.figures?.some((f) => ids.has(f.id)));
  const warned = new Set(issuesByFigure(issues).keys());
  const suffix = unitSuffix(series.unit, series.metric);
  $('#series-heading-name').textContent = `${series.region.nameEn}, ${metricLabel(series.metric).toLowerCase()}`;
  const canvas = $('#series-chart');
  canvas.setAttribute(
    'aria-label',
    `Chart of ${metricLabel(series.metric).toLowerCase()} in ${series.region.nameEn} as a running total over time: each figure a point at its as-of date with its interval. The table below gives the same figures.`,
  );
  state.seriesChart = drawSeriesChart(canvas, series, state.seriesChart);
  $('#series-table tbody').replaceChildren(
    ...series.figures.map((f) =>
      h(
        'tr',
        { 'data-figure': f.id, className: warned.has(f.id) ? 'warned' : null },
        h('th', { scope: 'row' }, h('time', { dateTime: f.periodEnd }, formatDateAt(f.periodEnd, f.periodEndPrecision ?? 'DAY'))),
        h('td', { 'data-label': 'Since' }, formatDateAt(f.periodStart, f.periodStartPrecision ?? 'DAY')),
        h('td', { 'data-label': 'As stated' }, h('span', { className: 'as-stated' }, f.value.asStated), ' ', qualifierChip(f.value.qualifier)),
        h('td', { className: 'num', 'data-label': 'Interval' }, formatInterval(f.value.low, f.value.high, suffix)),
        h('td', { className: 'report', 'data-label': 'Report' }, sourceLink(f.report), h('span', { className: 'derived' }, f.report.publisher, ' ', sourceKindChip(f.report))),
      ),
    ),
  );
  // Whether the series falls (the check for running totals) first, then every warning naming its figures.
  const falls = issues.filter((i) => i.kind === 'CUMULATIVE_DECREASE').length;
  $('#series-warnings').replaceChildren(
    h(
      'p',
      { className: 'notice', id: 'series-verdict' },
      falls
        ? `${plural(falls, 'warning')}: a running total of this series lies wholly below an earlier one (see below).`
        : 'No running total of this series lies wholly below an earlier one from the same or an earlier start.',
    ),
    issues.length ? warningList(issues) : h('p', { className: 'help' }, 'No other warning names these figures.'),
  );
}

async function showSeries() {
  const section = $('#series');
  try {
    const { figures, issues } = await fetchRunningTotals();
    state.series = cumulativeSeries(figures);
    state.seriesIssues = issues;
  } catch (error) {
    $('#series-status').textContent = `Could not load the running totals: ${error.message}`;
    section.dataset.state = 'error';
    return;
  }
  const select = $('#series-select');
  if (state.series.length === 0) {
    $('#series-status').textContent = 'No figure in the data is a running total.';
    section.dataset.state = 'empty';
    return;
  }
  select.replaceChildren(...state.series.map((s) => h('option', { value: s.key }, seriesName(s))));
  const chosen = requestedSeries(state.series);
  select.value = chosen.key;
  select.addEventListener('change', () => {
    const s = state.series.find((x) => x.key === select.value);
    const url = new URL(location.href);
    url.searchParams.set('series', s.key);
    history.replaceState(history.state, '', url);
    renderSeries(s);
  });
  renderSeries(chosen);
  $('#series-status').textContent = `${plural(state.series.length, 'running total')} in the data.`;
  section.dataset.state = 'ready';
}

/** Cite this: the licence, the newest release (or the one chosen) with its citation and CSV, and the live data's citation. */
function renderCitation(dataset, version) {
  const release = dataset.releases.find((r) => r.version === version) ?? dataset.releases[0] ?? null;
  const licence = $('#licence');
  licence.replaceChildren(
    'The data is published under ',
    /^https?:\/\//i.test(dataset.licenseUrl) ? h('a', { href: dataset.licenseUrl, rel: 'license noopener noreferrer' }, dataset.license) : dataset.license,
    ': reuse it freely, naming the dataset and, for each figure, the report it comes from.',
  );
  const box = $('#release-citation');
  if (!release) {
    box.replaceChildren(
      h('p', { className: 'notice' }, 'No release has been made yet. Cite the live data with the date you accessed it:'),
      h('blockquote', { className: 'citation', id: 'citation-text' }, dataset.citation),
    );
    $('#release-csv-link').hidden = true;
    return;
  }
  const select = $('#release-select');
  select.replaceChildren(...dataset.releases.map((r) => h('option', { value: r.version }, `${r.version} (${formatDate(r.releasedAt.slice(0, 10))})`)));
  select.value = release.version;
  $('#release-picker').hidden = dataset.releases.length < 2;
  box.replaceChildren(
    h(
      'p',
      {},
      `Release `,
      h('strong', { id: 'release-version' }, release.version),
      ` of ${formatDate(release.releasedAt.slice(0, 10))}: ${plural(release.figureCount, 'figure')} from ${plural(release.reportCount, 'report')}, unchanged whatever is edited later.`,
      release.notes ? h('span', { className: 'derived' }, release.notes) : null,
    ),
    h('blockquote', { className: 'citation', id: 'citation-text' }, release.citation),
    h('details', {}, h('summary', {}, 'BibTeX'), h('pre', { className: 'bibtex' }, release.bibtex)),
    h('details', {}, h('summary', {}, 'Citing the live data instead (changes over time)'), h('p', {}, dataset.citation)),
  );
  const link = $('#release-csv-link');
  link.hidden = false;
  link.href = releaseCsvLink(release.version);
  link.textContent = `Download release ${release.version} (CSV)`;
}

async function showCitation() {
  const section = $('#cite');
  try {
    const dataset = await fetchDataset();
    renderCitation(dataset, new URLSearchParams(location.search).get('release'));
    $('#release-select').addEventListener('change', (event) => renderCitation(dataset, event.target.value));
    section.dataset.state = 'ready';
  } catch (error) {
    $('#release-citation').replaceChildren(h('p', { className: 'notice' }, `Could not load the citation: ${error.message}`));
    section.dataset.state = 'error';
  }
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
    renderSources(data.figures, data.issues ?? [], year);
    renderFigures(data.figures, data.issues ?? []);
    renderFactors(factors);
    renderLinks(year, data.analytics);
    const reports = reportSlugs.length;
    setStatus(
      `${year}: ${plural(data.figures.length, 'figure')} from ${plural(reports, 'report')}.` +
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
  // The running totals and the citation do not depend on the year: load them beside it.
  showSeries();
  showCitation();
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
