// The plan-fulfilment chart: one horizontal bar per region at the figure the source gives, a whisker
// over the interval its wording allows (an arrow where a side is unbounded), the figure's words beside
// it ("about 135%"), and a dashed line at 100% of the plan. Chart.js comes from the page's own copy
// (/vendor/chart.umd.js) as the global `Chart`; the whiskers, labels and plan line are small plugins
// drawn after the bars, so no further library is needed.
import { formatEstimate, formatInterval, qualifierWord, shortLabel } from './format.js';

const COLORS = {
  stated: { fill: 'rgba(31, 78, 121, 0.55)', border: '#1f4e79' },
  computed: { fill: 'rgba(181, 98, 22, 0.45)', border: '#8a4a10' },
  whisker: '#111',
  text: '#111',
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

function arrow(ctx, x, y, direction) {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - 6 * direction, y - 4);
  ctx.lineTo(x - 6 * direction, y + 4);
  ctx.closePath();
  ctx.fill();
}

/** Draws each bar's interval as a whisker and its wording as a label, after the bars. */
const errorBars = {
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    ctx.save();
    ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textBaseline = 'middle';
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      meta.data.forEach((bar, j) => {
        const point = dataset.data[j];
        if (!point || point.x == null) return;
        const { y, height } = bar.getProps(['y', 'height'], true);
        const cap = Math.min(10, height * 0.6) / 2;
        const left = point.low == null ? chartArea.left : x.getPixelForValue(point.low);
        const right = point.high == null ? chartArea.right : Math.min(chartArea.right, x.getPixelForValue(point.high));
        ctx.strokeStyle = COLORS.whisker;
        ctx.fillStyle = COLORS.whisker;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(right, y);
        if (point.low != null) {
          ctx.moveTo(left, y - cap);
          ctx.lineTo(left, y + cap);
        }
        if (point.high != null) {
          ctx.moveTo(right, y - cap);
          ctx.lineTo(right, y + cap);
        }
        ctx.stroke();
        if (point.low == null) arrow(ctx, left, y, -1);
        if (point.high == null) arrow(ctx, right, y, 1);

        const label = point.label;
        const width = ctx.measureText(label).width;
        const end = Math.max(right, x.getPixelForValue(point.x));
        ctx.fillStyle = COLORS.text;
        if (end + 6 + width <= chartArea.right) {
          ctx.textAlign = 'left';
          ctx.fillText(label, end + 6, y);
        } else {
          // No room right of the whisker (an unbounded one reaches the edge): write it inside the bar's
          // end, on a light background so the whisker does not run through the words.
          const at = Math.max(chartArea.left + 4, x.getPixelForValue(point.x) - 6 - width);
          ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
          ctx.fillRect(at - 2, y - 8, width + 4, 16);
          ctx.fillStyle = COLORS.text;
          ctx.textAlign = 'left';
          ctx.fillText(label, at, y);
        }
      });
    });
    ctx.restore();
  },
};

/** A dashed line at 100%: the plan. */
const planLine = {
  id: 'planLine',
  afterDatasetsDraw(chart) {
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

// A region without the value still needs a point (Chart.js's object parsing cannot skip a null), so it
// gets one with no x: no bar, no whisker, no label.
const noPoint = (row) => ({ x: null, y: row.name, row });

function statedPoint(row) {
  const v = row.fulfilment;
  if (!v) return noPoint(row);
  return { x: v.best, y: row.name, low: v.low, high: v.high, label: shortLabel(v, '%'), value: v, row };
}

function computedPoint(row) {
  const e = row.computedFulfilment;
  if (!e) return noPoint(row);
  return { x: e.best, y: row.name, low: e.low, high: e.high, label: formatEstimate(e, '%').split(' (')[0], estimate: e, row };
}

/** The axis reaches past every bounded whisker and leaves room for the labels. */
function axisMax(points) {
  const reach = Math.max(110, ...points.map((p) => p.high ?? p.x));
  return Math.ceil((reach * 1.2) / 10) * 10;
}

/** Draws (or redraws) the chart into `canvas` for the given rows; returns the Chart instance. */
export function drawFulfilmentChart(canvas, rows, previous) {
  previous?.destroy();
  const Chart = globalThis.Chart;
  if (!Chart) throw new Error('Chart.js did not load (/vendor/chart.umd.js).');
  const stated = rows.map(statedPoint);
  const computed = rows.map(computedPoint);
  const datasets = [
    {
      label: 'As the source states it',
      data: stated,
      backgroundColor: COLORS.stated.fill,
      borderColor: COLORS.stated.border,
      borderWidth: 1,
    },
  ];
  if (computed.some((p) => p.x != null)) {
    datasets.push({
      label: 'Computed: contracts ÷ stated plan',
      data: computed,
      backgroundColor: COLORS.computed.fill,
      borderColor: COLORS.computed.border,
      borderWidth: 1,
    });
  }
  const all = [...stated, ...computed].filter((p) => p.x != null);
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: rows.map((r) => r.name), datasets },
    plugins: [errorBars, planLine],
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      // No animation: the whiskers and labels are drawn at the final values, and a bar still growing
      // towards them would misstate the figure for a moment (and in any screenshot taken then).
      animation: false,
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      // skipNull: a region with one bar gets it centred, not a gap where the other would be.
      datasets: { bar: { categoryPercentage: 0.8, barPercentage: 0.9, maxBarThickness: 28, skipNull: true } },
      scales: {
        x: {
          min: 0,
          max: axisMax(all),
          title: { display: true, text: '% of the occupiers’ plan (dashed line: 100%)' },
          ticks: { callback: (v) => `${v}%` },
        },
        y: { ticks: { autoSkip: false, callback: (_v, i) => wrap(rows[i]?.name ?? '') } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: {
          callbacks: {
            title: (items) => items[0]?.raw.row.name ?? '',
            label: (item) => {
              const p = item.raw;
              if (p.value) {
                return [
                  `Stated: “${p.value.asStated}” (${qualifierWord(p.value.qualifier)})`,
                  `Interval: ${formatInterval(p.value.low, p.value.high, '%')}`,
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
