// Every source, side by side: one chart per metric and unit, one row per figure. Where several reports
// state a figure for one region and year, each has its own row (a point with its interval, the
// report's publisher and source kind beside it), so no source hides another and a disagreement is
// there to see. Figures that a data-quality warning names are drawn in the warning colour.
import { figurePeriod, formatInterval, metricLabel, qualifierWord, reportLine, shortLabel, sourceKindLabel, unitSuffix } from './format.js';
import { intervalWhiskers } from './interval-plot.js';
import { compareRegions } from './model.js';

export const SOURCE_COLORS = {
  plain: { fill: '#1f4e79', border: '#0f2a44', whisker: '#111' },
  warned: { fill: '#c25400', border: '#6e2f00', whisker: '#8a3b00' },
};

/** Splits text over lines of at most `width` characters, at spaces. */
export function wrap(text, width = 18) {
  const lines = [];
  let line = '';
  for (const word of String(text).split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The axis label of each row: the region's name on the first row of the region, then the report's
 * publisher, date and source kind on every row.
 */
export function rowLabels(figures) {
  return figures.map((f, i) => {
    const first = i === 0 || compareRegions(figures[i - 1].region, f.region) !== 0;
    return [...(first ? wrap(f.region.nameEn, 22).map((l) => l.toUpperCase()) : []), ...wrap(reportLine(f.report), 22), `(${sourceKindLabel(f.report.sourceKind)})`];
  });
}

/**
 * On a narrow screen the rows have no axis labels (they would take half the width); each point's label
 * carries its region, report and source kind above its words instead.
 */
export function compactLabel(figure, unit) {
  return [figure.region.nameEn, `${reportLine(figure.report)} (${sourceKindLabel(figure.report.sourceKind)})`, figureLabel(figure, unit)];
}

/** "about 135% · Jan–Nov 2024": the figure's words and its period. */
export function figureLabel(figure, unit) {
  return `${shortLabel(figure.value, unitSuffix(unit, figure.metric))} · ${figurePeriod(figure)}`;
}

/**
 * The value axis: linear, or logarithmic where the figures span more than two orders of magnitude
 * (e.g. 478 and 300,000 people), so that the small ones are not squashed onto the axis.
 */
export function valueAxis(points) {
  const values = points.flatMap((p) => [p.low ?? p.x, p.high ?? p.x, p.x]).filter((v) => v > 0);
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (values.length && max / min > 100) {
    return { type: 'logarithmic', min: 10 ** Math.floor(Math.log10(min)), max: 10 ** Math.ceil(Math.log10(max * 1.05)) };
  }
  return { type: 'linear', ...niceRange(min, max) };
}

/** A linear axis from a little below `min` to a little above `max`, ending on round steps (1, 2 or 5 x 10^n). */
export function niceRange(min, max) {
  const span = Math.max(max - min, Math.abs(max) * 0.1, 1);
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  return { min: Math.max(0, Math.floor((min - span * 0.1) / step) * step), max: Math.ceil((max + span * 0.1) / step) * step };
}

/** The points of a group: one per figure, on its own row. */
export function sourcePoints(group, warnedIds = new Set(), { compact = false } = {}) {
  return group.figures.map((f, i) => {
    const warned = warnedIds.has(f.id);
    return {
      x: f.value.best,
      y: i,
      low: f.value.low,
      high: f.value.high,
      label: compact ? compactLabel(f, group.unit) : figureLabel(f, group.unit),
      labelAtLeft: compact,
      whiskerColor: warned ? SOURCE_COLORS.warned.whisker : SOURCE_COLORS.plain.whisker,
      figure: f,
      warned,
    };
  });
}

/** The chart's height in pixels: room for every row's axis label (or, compact, its three-line label). */
export function chartHeight(group, { compact = false } = {}) {
  if (compact) return 90 + 82 * group.figures.length;
  const lines = rowLabels(group.figures).map((l) => l.length);
  const perRow = Math.max(46, 14 * Math.max(...lines) + 14);
  return 70 + perRow * group.figures.length;
}

/** Draws (or redraws) one metric's chart into `canvas`; returns the Chart instance. */
export function drawSourcesChart(canvas, group, warnedIds, previous, { compact = false } = {}) {
  previous?.destroy();
  const Chart = globalThis.Chart;
  if (!Chart) throw new Error('Chart.js did not load (/vendor/chart.umd.js).');
  const all = sourcePoints(group, warnedIds, { compact });
  const labels = rowLabels(group.figures);
  const suffix = unitSuffix(group.unit, group.metric);
  const axis = valueAxis(all);
  const datasets = [
    { key: 'plain', label: 'As the source states it', data: all.filter((p) => !p.warned) },
    { key: 'warned', label: 'Named in a data-quality warning', data: all.filter((p) => p.warned) },
  ]
    .filter((d) => d.data.length > 0)
    .map((d) => ({
      label: d.label,
      data: d.data,
      pointStyle: d.key === 'warned' ? 'triangle' : 'circle',
      pointRadius: d.key === 'warned' ? 7 : 6,
      pointHoverRadius: 9,
      backgroundColor: SOURCE_COLORS[d.key].fill,
      borderColor: SOURCE_COLORS[d.key].border,
    }));
  return new Chart(canvas, {
    type: 'scatter',
    data: { datasets },
    plugins: [intervalWhiskers],
    options: {
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { top: compact ? 56 : 14 } },
      scales: {
        x: {
          type: axis.type,
          min: axis.min,
          max: axis.max,
          title: { display: true, text: `${metricLabel(group.metric)}${suffix ? ` (${suffix.trim()})` : ''}${axis.type === 'logarithmic' ? ', logarithmic scale' : ''}` },
          ticks: {
            maxTicksLimit: 8,
            callback: (v) => {
              // A log axis labels only its powers of ten and their 2x and 5x, to stay readable.
              if (axis.type === 'logarithmic' && !/^[125]$/.test(String(v / 10 ** Math.floor(Math.log10(v))))) return '';
              return `${new Intl.NumberFormat('en-GB').format(v)}${suffix.trim() === '%' ? '%' : ''}`;
            },
          },
        },
        y: {
          type: 'linear',
          reverse: true,
          min: -0.6,
          max: group.figures.length - 0.4,
          grid: { display: false },
          afterBuildTicks: (scale) => {
            scale.ticks = group.figures.map((_, i) => ({ value: i }));
          },
          ticks: { display: !compact, autoSkip: false, font: { size: 11 }, callback: (v) => labels[v] ?? '' },
        },
      },
      plugins: {
        legend: { display: datasets.length > 1, position: 'bottom', labels: { usePointStyle: true, boxWidth: 10 } },
        tooltip: {
          callbacks: {
            title: (items) => items[0]?.raw.figure.region.nameEn ?? '',
            label: (item) => {
              const f = item.raw.figure;
              return [
                `“${f.value.asStated}” (${qualifierWord(f.value.qualifier)})`,
                `Interval: ${formatInterval(f.value.low, f.value.high, suffix)}`,
                `Period: ${figurePeriod(f)}`,
                `${f.report.publisher} (${sourceKindLabel(f.report.sourceKind)})`,
                ...(item.raw.warned ? ['Named in a data-quality warning'] : []),
              ];
            },
          },
        },
      },
    },
  });
}
