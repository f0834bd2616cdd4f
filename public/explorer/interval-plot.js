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

/** An arrowhead at (x, y) pointing up (-1) or down (1), in pixels (y grows downwards). */
function arrowVertical(ctx, x, y, direction) {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - 4, y - 6 * direction);
  ctx.lineTo(x + 4, y - 6 * direction);
  ctx.closePath();
  ctx.fill();
}

const has = (point, key) => Object.prototype.hasOwnProperty.call(point, key);

/** A bound's pixel, or `fallback` (the chart's edge) where the scale has none (0 on a log scale). */
function pixel(scale, value, fallback) {
  const px = scale.getPixelForValue(value);
  return Number.isFinite(px) ? px : fallback;
}

/**
 * A point's horizontal whisker, over [low, high] on the x scale (a null side is unbounded), and its
 * vertical one, over [yLow, yHigh] on the y scale, where the point has them.
 */
function drawWhiskers(ctx, chartArea, scales, point) {
  const cap = 5;
  ctx.strokeStyle = point.whiskerColor ?? INTERVAL_COLORS.whisker;
  ctx.fillStyle = point.whiskerColor ?? INTERVAL_COLORS.whisker;
  if (has(point, 'low') || has(point, 'high')) {
    const y = Math.round(scales.y.getPixelForValue(point.y));
    const left = point.low == null ? chartArea.left : Math.max(chartArea.left, pixel(scales.x, point.low, chartArea.left));
    const right = point.high == null ? chartArea.right : Math.min(chartArea.right, pixel(scales.x, point.high, chartArea.right));
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    if (point.low != null && !point.noCaps) {
      ctx.moveTo(left, y - cap);
      ctx.lineTo(left, y + cap);
    }
    if (point.high != null && !point.noCaps) {
      ctx.moveTo(right, y - cap);
      ctx.lineTo(right, y + cap);
    }
    ctx.stroke();
    if (point.low == null) arrow(ctx, left, y, -1);
    if (point.high == null) arrow(ctx, right, y, 1);
  }
  if (has(point, 'yLow') || has(point, 'yHigh')) {
    const x = Math.round(scales.x.getPixelForValue(point.x));
    // y grows downwards in pixels: the high bound is the top.
    const top = point.yHigh == null ? chartArea.top : Math.max(chartArea.top, pixel(scales.y, point.yHigh, chartArea.top));
    const bottom = point.yLow == null ? chartArea.bottom : Math.min(chartArea.bottom, pixel(scales.y, point.yLow, chartArea.bottom));
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    if (point.yHigh != null) {
      ctx.moveTo(x - cap, top);
      ctx.lineTo(x + cap, top);
    }
    if (point.yLow != null) {
      ctx.moveTo(x - cap, bottom);
      ctx.lineTo(x + cap, bottom);
    }
    ctx.stroke();
    if (point.yHigh == null) arrowVertical(ctx, x, top, -1);
    if (point.yLow == null) arrowVertical(ctx, x, bottom, 1);
  }
}

/**
 * The whiskers of each point, drawn under the points: { x, y, low, high } for an interval along x,
 * { x, y, yLow, yHigh } for one along y (both for a point uncertain in both), and the labels, drawn
 * over everything. A null bound is unbounded on that side (an arrow).
 */
export const intervalWhiskers = {
  id: 'intervalWhiskers',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    // Two pixels wide on whole pixels: crisp, with no anti-aliased grey.
    ctx.lineWidth = 2;
    forEachPoint(chart, (point) => drawWhiskers(ctx, chartArea, scales, point));
    ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textBaseline = 'bottom';
    forEachPoint(chart, (point) => {
      if (!point.label) return;
      // Above the whisker, starting at the point, or moved left as far as it must to end inside the
      // chart. A label may have several lines (an array), the last one nearest the whisker.
      const room = chartArea.right - 4;
      const lines = (Array.isArray(point.label) ? point.label : [point.label]).flatMap((line) => fitLine(ctx, line, room));
      const y = scales.y.getPixelForValue(point.y) - 6;
      const at = scales.x.getPixelForValue(point.x);
      const width = Math.max(...lines.map((line) => ctx.measureText(line).width));
      const x = point.labelAtLeft ? chartArea.left + 2 : Math.max(2, Math.min(at, chartArea.right - width - 2));
      ctx.fillStyle = INTERVAL_COLORS.halo;
      ctx.fillRect(x - 2, y - 14 * lines.length, width + 4, 14 * lines.length);
      ctx.fillStyle = INTERVAL_COLORS.text;
      ctx.textAlign = 'left';
      lines.forEach((line, i) => ctx.fillText(line, x, y - 14 * (lines.length - 1 - i)));
    });
    ctx.restore();
  },
};

/** A label line split at spaces into lines no wider than `room` pixels (a single long word stays whole). */
function fitLine(ctx, line, room) {
  if (ctx.measureText(line).width <= room) return [line];
  const lines = [];
  let current = '';
  for (const word of line.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (current && ctx.measureText(next).width > room) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}

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
