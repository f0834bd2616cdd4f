// Running totals over time: each CUMULATIVE figure of one region and metric (e.g. Crimeans conscripted
// since 2015) is a point at its as-of date with a vertical whisker over the interval its wording allows.
// A date known only to the month, quarter or year is drawn across that whole span (a horizontal
// whisker) with its point in the middle, so no point claims a day its source does not give. One colour
// and shape per source kind, so who says what is visible at a glance.
import { figurePeriod, formatDateAt, formatInterval, qualifierWord, sourceKindLabel, unitSuffix } from './format.js';
import { intervalWhiskers } from './interval-plot.js';
import { dateSpan } from './model.js';

export const KIND_STYLES = {
  UKRAINIAN_OFFICIAL: { fill: '#1f4e79', style: 'circle' },
  UKRAINIAN_MILITARY: { fill: '#3d6b22', style: 'rectRot' },
  INTERNATIONAL_ORGANISATION: { fill: '#7a3e9d', style: 'rect' },
  NGO: { fill: '#b35a00', style: 'triangle' },
  RESEARCH: { fill: '#00727a', style: 'star' },
  MEDIA: { fill: '#555', style: 'crossRot' },
  RUSSIAN_OFFICIAL: { fill: '#8b1a1a', style: 'rectRounded' },
};
const OTHER_STYLE = { fill: '#333', style: 'circle' };

/**
 * One point per figure: x in UTC milliseconds, y the stated value with its interval. Figures whose
 * as-of dates fall in the same span (three sources for "2018") are spread evenly across it rather than
 * drawn on top of each other; each still lies within the span its source allows.
 */
export function seriesPoints(series) {
  const bySpan = new Map();
  for (const f of series.figures) {
    const span = dateSpan(f.periodEnd, f.periodEndPrecision ?? 'DAY');
    const key = span.join('-');
    if (!bySpan.has(key)) bySpan.set(key, []);
    bySpan.get(key).push(f);
  }
  const points = [];
  for (const figures of bySpan.values()) {
    figures.forEach((f, i) => {
      const precision = f.periodEndPrecision ?? 'DAY';
      const [from, to] = dateSpan(f.periodEnd, precision);
      const x = from + ((to - from) * (i + 1)) / (figures.length + 1);
      const point = { x: from === to ? from : x, y: f.value.best, yLow: f.value.low, yHigh: f.value.high, figure: f };
      // The date's span as a horizontal whisker, where the source gives less than a day.
      if (from !== to) Object.assign(point, { low: from, high: to });
      points.push(point);
    });
  }
  return points.sort((a, b) => a.x - b.x);
}

/** Jan 1 of every year from the first point's to the one after the last's, in UTC milliseconds. */
export function yearTicks(points) {
  const years = points.flatMap((p) => [p.low ?? p.x, p.high ?? p.x]).map((ms) => new Date(ms).getUTCFullYear());
  const ticks = [];
  for (let y = Math.min(...years); y <= Math.max(...years) + 1; y++) ticks.push(Date.UTC(y, 0, 1));
  return ticks;
}

/** Draws (or redraws) the series into `canvas`; returns the Chart instance. */
export function drawSeriesChart(canvas, series, previous) {
  previous?.destroy();
  const Chart = globalThis.Chart;
  if (!Chart) throw new Error('Chart.js did not load (/vendor/chart.umd.js).');
  const points = seriesPoints(series);
  const suffix = unitSuffix(series.unit, series.metric);
  const kinds = [...new Set(points.map((p) => p.figure.report.sourceKind ?? 'UNKNOWN'))];
  const datasets = kinds.map((kind) => {
    const look = KIND_STYLES[kind] ?? OTHER_STYLE;
    return {
      label: sourceKindLabel(kind === 'UNKNOWN' ? null : kind),
      kind,
      data: points.filter((p) => (p.figure.report.sourceKind ?? 'UNKNOWN') === kind),
      pointStyle: look.style,
      pointRadius: 6,
      pointHoverRadius: 8,
      backgroundColor: look.fill,
      borderColor: look.fill,
      borderWidth: look.style.startsWith('cross') ? 3 : 1,
    };
  });
  const ticks = yearTicks(points);
  const highs = points.flatMap((p) => [p.yHigh ?? p.y, p.y]);
  const number = new Intl.NumberFormat('en-GB');
  return new Chart(canvas, {
    type: 'scatter',
    data: { datasets },
    plugins: [intervalWhiskers],
    options: {
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { top: 10, right: 10 } },
      scales: {
        x: {
          type: 'linear',
          min: ticks[0],
          max: ticks[ticks.length - 1],
          title: { display: true, text: 'as-of date (a bar spans a date known only to the month or year)' },
          afterBuildTicks: (scale) => {
            scale.ticks = ticks.map((value) => ({ value }));
          },
          ticks: {
            maxRotation: 0,
            // Every year where there is room; every other year on a phone.
            callback(v) {
              const year = new Date(v).getUTCFullYear();
              return this.chart.width < 560 && year % 2 ? '' : String(year);
            },
          },
        },
        y: {
          type: 'linear',
          min: 0,
          suggestedMax: Math.max(...highs) * 1.1,
          title: { display: true, text: `running total${suffix ? ` (${suffix.trim()})` : ''}` },
          ticks: { callback: (v) => `${number.format(v)}${suffix.trim() === '%' ? '%' : ''}` },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 10 } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const f = items[0]?.raw.figure;
              return f ? formatDateAt(f.periodEnd, f.periodEndPrecision ?? 'DAY') : '';
            },
            label: (item) => {
              const f = item.raw.figure;
              return [
                `“${f.value.asStated}” (${qualifierWord(f.value.qualifier)})`,
                `Interval: ${formatInterval(f.value.low, f.value.high, suffix)}`,
                `Period: ${figurePeriod(f)}`,
                `${f.report.publisher} (${sourceKindLabel(f.report.sourceKind)})`,
              ];
            },
          },
        },
      },
    },
  });
}
