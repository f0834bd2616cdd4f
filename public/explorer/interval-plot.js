// Drawing intervals with Chart.js: each figure is a point at the value its source gives, with a
// horizontal whisker over the interval its wording allows (an arrow where a side is unbounded) and a
// label beside it. A point does not claim more than it should; a bar from 0 would stress the point
// estimate over the interval. Used by the plan-fulfilment chart; any chart of stated figures can use it.
// Rows sit at integer y positions; datasets are nudged up and down so that two figures of one row do
// not overlap.

export const INTERVAL_COLORS = {
  whisker: '#111',
  text: '#111',
  halo: 'rgba(255, 255, 255, 0.85)',
};

/** An arrowhead at (x, y) pointing left (-1) or right (1): the interval goes on that way. */
function arrow(ctx, x, y, direction) {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - 6 * direction, y - 4);
  ctx.lineTo(x - 6 * direction, y + 4);
  ctx.closePath();
  ctx.fill();
}

/**
 * The whisker of each point ({ x, y, low, high, label }), drawn under the points, and the labels, drawn
 * over everything. A null low or high is unbounded on that side.
 */
export const intervalWhiskers = {
  id: 'intervalWhiskers',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.strokeStyle = INTERVAL_COLORS.whisker;
    ctx.fillStyle = INTERVAL_COLORS.whisker;
    // Two pixels wide on whole pixels: crisp, with no anti-aliased grey.
    ctx.lineWidth = 2;
    forEachPoint(chart, (point) => {
      const y = Math.round(scales.y.getPixelForValue(point.y));
      const left = point.low == null ? chartArea.left : Math.max(chartArea.left, scales.x.getPixelForValue(point.low));
      const right = point.high == null ? chartArea.right : Math.min(chartArea.right, scales.x.getPixelForValue(point.high));
      const cap = 5;
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
    });
    ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textBaseline = 'bottom';
    forEachPoint(chart, (point) => {
      if (!point.label) return;
      // Above the whisker, starting at the point, or ending there when the right side has no room.
      const y = scales.y.getPixelForValue(point.y) - 6;
      const at = scales.x.getPixelForValue(point.x);
      const width = ctx.measureText(point.label).width;
      const x = at + width + 2 <= chartArea.right ? at : Math.max(chartArea.left + 2, at - width);
      ctx.fillStyle = INTERVAL_COLORS.halo;
      ctx.fillRect(x - 2, y - 14, width + 4, 14);
      ctx.fillStyle = INTERVAL_COLORS.text;
      ctx.textAlign = 'left';
      ctx.fillText(point.label, x, y);
    });
    ctx.restore();
  },
};

function forEachPoint(chart, draw) {
  chart.data.datasets.forEach((dataset, i) => {
    if (chart.getDatasetMeta(i).hidden) return;
    for (const point of dataset.data) if (point && point.x != null) draw(point);
  });
}

/** How far each of `count` datasets is nudged from its row, in rows: 0 for one, ±0.2 for two. */
export function rowOffsets(count) {
  if (count <= 1) return [0];
  const step = 0.4 / (count - 1);
  return Array.from({ length: count }, (_, i) => -0.2 + i * step);
}

/** The x axis: from a little below the lowest bound to a little past the highest, in steps of 10. */
export function axisRange(points, { include = [] } = {}) {
  const lows = points.map((p) => p.low ?? p.x);
  const highs = points.map((p) => p.high ?? p.x);
  const min = Math.min(...lows, ...include);
  const max = Math.max(...highs, ...include);
  const pad = Math.max(5, (max - min) * 0.15);
  return { min: Math.max(0, Math.floor((min - pad) / 10) * 10), max: Math.ceil((max + pad) / 10) * 10 };
}
