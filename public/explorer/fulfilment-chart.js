// The plan-fulfilment chart: for each region, a point at the figure the source gives with a whisker over
// the interval its wording allows (interval-plot.js), labelled with the figure's words and its period
// ("about 135% · Jan–Nov 2024"), and a dashed line at 100% of the plan. Where contracts and a plan are
// both stated, the fulfilment they imply is a second point (a diamond) just below. Chart.js comes from
// the page's own copy as the global `Chart`; the whiskers, labels and plan line are small plugins.
import { formatEstimate, formatInterval, formatPeriod, qualifierWord, shortLabel } from './format.js';
import { axisRange, intervalWhiskers, rowOffsets } from './interval-plot.js';

const COLORS = {
  stated: { fill: '#1f4e79', border: '#0f2a44' },
  computed: { fill: '#b56216', border: '#6e3a0b' },
  plan: '#6b1d1d',
};

/** Splits a long region name over lines so the axis stays narrow on a phone. */
function wrap(text, width = 16) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A dashed line at 100%: the plan. */
const planLine = {
  id: 'planLine',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    const px = scales.x.getPixelForValue(100);
    if (px < chartArea.left || px > chartArea.right) return;
    ctx.save();
    ctx.strokeStyle = COLORS.plan;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px, chartArea.top);
    ctx.lineTo(px, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/** "about 135% · Jan–Nov 2024": the words, then the period the figure covers where it is known. */
export function pointLabel(words, period) {
  return period ? `${words} · ${formatPeriod(period.start, period.end)}` : words;
}

function statedPoint(row, y) {
  const v = row.fulfilment;
  if (!v) return null;
  return { x: v.best, y, low: v.low, high: v.high, label: pointLabel(shortLabel(v, '%'), row.fulfilmentPeriod), value: v, row };
}

function computedPoint(row, y) {
  const e = row.computedFulfilment;
  if (!e) return null;
  return { x: e.best, y, low: e.low, high: e.high, label: pointLabel(formatEstimate(e, '%').split(' (')[0], row.computedPeriod), estimate: e, row };
}

/**
 * The points of one dataset: one per row that has the value, on the row's line, or nudged off it by
 * `offset` where the row has both a stated and a computed figure.
 */
function points(rows, make, offset) {
  return rows.map((row, i) => make(row, row.fulfilment && row.computedFulfilment ? i + offset : i)).filter(Boolean);
}

/** Draws (or redraws) the chart into `canvas` for the given rows; returns the Chart instance. */
export function drawFulfilmentChart(canvas, rows, previous) {
  previous?.destroy();
  const Chart = globalThis.Chart;
  if (!Chart) throw new Error('Chart.js did not load (/vendor/chart.umd.js).');
  const withComputed = rows.some((r) => r.computedFulfilment);
  const [statedOffset, computedOffset] = rowOffsets(withComputed ? 2 : 1);
  const datasets = [
    {
      label: 'As the source states it',
      data: points(rows, statedPoint, statedOffset),
      pointStyle: 'circle',
      pointRadius: 6,
      pointHoverRadius: 8,
      backgroundColor: COLORS.stated.fill,
      borderColor: COLORS.stated.border,
    },
  ];
  if (withComputed) {
    datasets.push({
      label: 'Computed: contracts ÷ stated plan',
      data: points(rows, computedPoint, computedOffset),
      pointStyle: 'rectRot',
      pointRadius: 7,
      pointHoverRadius: 9,
      backgroundColor: COLORS.computed.fill,
      borderColor: COLORS.computed.border,
    });
  }
  const all = datasets.flatMap((d) => d.data);
  const { min, max } = axisRange(all, { include: [100] });
  return new Chart(canvas, {
    type: 'scatter',
    data: { datasets },
    plugins: [planLine, intervalWhiskers],
    options: {
      maintainAspectRatio: false,
      // No animation: whiskers and labels are drawn at the final values, and a point still moving
      // towards them would misstate the figure for a moment (and in any screenshot taken then).
      animation: false,
      layout: { padding: { top: 14 } },
      scales: {
        x: {
          type: 'linear',
          min,
          max,
          title: { display: true, text: '% of the occupiers’ plan (dashed line: 100%)' },
          ticks: { callback: (v) => `${v}%` },
        },
        y: {
          type: 'linear',
          reverse: true,
          min: -0.6,
          max: rows.length - 0.4,
          grid: { display: false },
          // One tick per region, on its row.
          afterBuildTicks: (axis) => {
            axis.ticks = rows.map((_, i) => ({ value: i }));
          },
          ticks: { autoSkip: false, callback: (v) => wrap(rows[v]?.name ?? '') },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 10 } },
        tooltip: {
          callbacks: {
            title: (items) => items[0]?.raw.row.name ?? '',
            label: (item) => {
              const p = item.raw;
              if (p.value) {
                return [
                  `Stated: “${p.value.asStated}” (${qualifierWord(p.value.qualifier)})`,
                  `Interval: ${formatInterval(p.value.low, p.value.high, '%')}`,
                  ...(p.row.fulfilmentPeriod ? [`Period: ${formatPeriod(p.row.fulfilmentPeriod.start, p.row.fulfilmentPeriod.end)}`] : []),
                ];
              }
              return [`Computed: ${formatEstimate(p.estimate, '%')}`];
            },
          },
        },
      },
    },
  });
}
