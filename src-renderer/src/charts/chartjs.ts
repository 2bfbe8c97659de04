// Chart.js, tree-shaken to what line charts need, plus the hovered column in pixels for
// LineChart's crosshair layer: an SVG over the canvas, so hovering (and its echo on every chart
// of a page) never redraws a chart. Values come from the full-resolution lines, not the drawn
// points: lines are downsampled independently, so drawn points of two lines need not share an x.
import {
  Chart,
  Filler,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
} from 'chart.js';
import { hoverRows, sortRows } from './hover-model';
import type { ColumnAt, HoverColumn } from './hover-model';
import type { ChartLine } from './line-model';

/** The column at x on a laid-out chart: the rows, highest first, and where to draw it. */
export function columnAt(chart: Chart, lines: readonly ChartLine[], x: number): ColumnAt | null {
  const sx = chart.scales['x'];
  if (!sx) return null;
  // Within 6 px of its nearest point a line counts outside its own range (single evals).
  const slack = Math.abs((sx.getValueForPixel(6) ?? 0) - (sx.getValueForPixel(0) ?? 0));
  const rows = sortRows(hoverRows(lines, x, slack));
  const points = rows.map((r) => ({ x: r.at.x, y: r.at.y, color: r.color }));
  const px = rows.length ? hoverPixels(chart, { x, points }) : null;
  return px ? { rows, px, top: chart.chartArea.top, bottom: chart.chartArea.bottom } : null;
}

/**
 * The column in canvas (CSS) pixels, or null when its x is off the plot area; points off the
 * area (zoomed out of view, log y of a value ≤ 0) are left out.
 */
function hoverPixels(chart: Chart, m: HoverColumn): HoverColumn | null {
  const sx = chart.scales['x'];
  const sy = chart.scales['y'];
  const a = chart.chartArea;
  if (!sx || !sy) return null;
  const inX = (x: number) => x >= a.left - 1 && x <= a.right + 1;
  const inY = (y: number) => y >= a.top - 1 && y <= a.bottom + 1;
  const x = sx.getPixelForValue(m.x);
  if (!inX(x)) return null;
  const points = m.points
    .map((p) => ({ x: sx.getPixelForValue(p.x), y: sy.getPixelForValue(p.y), color: p.color }))
    .filter((p) => inX(p.x) && inY(p.y));
  return { x, points };
}

let registered = false;

export function chartjs(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      LinearScale,
      LogarithmicScale,
      Filler,
    );
    registered = true;
  }
  return Chart;
}
