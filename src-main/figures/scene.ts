// Lays a FigureSpec out on a page as drawing primitives (lines, paths, filled polygons, text),
// in a top-left origin coordinate system of `width` × `height` units (px in SVG, pt in PDF).
// Both renderers draw the same scene, so SVG, PNG and PDF exports look the same.
import type { FigureSeries, FigureSpec, Scale } from './spec';
import { fitText, textWidth } from './text';
import type { Ticks } from './ticks';
import { formatTick, logTicks, niceTicks } from './ticks';

export type Anchor = 'start' | 'middle' | 'end';
export type Pt = [number, number];

export type Prim =
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number }
  | {
      kind: 'path';
      /** Polylines drawn with one style; a gap in the data starts a new one. */
      lines: Pt[][];
      stroke: string;
      width: number;
      opacity: number;
      dashed: boolean;
      clip: boolean;
      role: 'series' | 'legend';
      label: string;
    }
  | { kind: 'polygon'; points: Pt[]; fill: string; opacity: number; clip: boolean }
  | {
      kind: 'text';
      x: number;
      y: number; // baseline
      text: string;
      size: number;
      anchor: Anchor;
      fill: string;
      bold?: boolean;
      rotate?: boolean; // 90° counter-clockwise (a y-axis label)
      role?: 'title' | 'tick' | 'label' | 'legend' | 'caption';
    };

export interface Scene {
  width: number;
  height: number;
  plot: { x: number; y: number; w: number; h: number };
  prims: Prim[];
}

export interface SizeOptions {
  width?: number;
  height?: number;
}

export const DEFAULT_SIZE = { width: 480, height: 300 };

const INK = '#222222';
const MUTED = '#555555';
const GRID = '#e3e3e3';
const FONT = { title: 12, label: 10.5, tick: 9, legend: 9.5, caption: 8 };
const PAD = 10;
const TICK_LEN = 4;

interface Axis {
  ticks: Ticks;
  lo: number;
  hi: number;
  scale: Scale;
}

function extent(values: Iterable<number>, scale: Scale): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (scale === 'log' && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function* xs(series: FigureSeries[]) {
  for (const s of series) {
    for (const p of s.points) yield p[0];
    for (const b of s.band ?? []) yield b[0];
  }
}
function* ys(series: FigureSeries[]) {
  for (const s of series) {
    for (const p of s.points) yield p[1];
    for (const b of s.band ?? []) {
      yield b[1];
      yield b[2];
    }
  }
}

function yAxis(spec: FigureSpec, count: number): Axis {
  const e = extent(ys(spec.series), spec.yScale) ?? (spec.yScale === 'log' ? [1, 10] : [0, 1]);
  const ticks = spec.yScale === 'log' ? logTicks(e[0], e[1], count) : niceTicks(e[0], e[1], count);
  return { ticks, lo: ticks.min, hi: ticks.max, scale: spec.yScale };
}

function xAxis(spec: FigureSpec, count: number): Axis {
  const e = extent(xs(spec.series), spec.xScale) ?? (spec.xScale === 'log' ? [1, 10] : [0, 1]);
  let [lo, hi] = e;
  if (hi === lo) {
    lo = spec.xScale === 'log' ? lo / 10 : lo - 1;
    hi = spec.xScale === 'log' ? hi * 10 : hi + 1;
  }
  const t = spec.xScale === 'log' ? logTicks(lo, hi, count) : niceTicks(lo, hi, count);
  const eps = (hi - lo) * 1e-9;
  const values = t.values.filter((v) => v >= lo - eps && v <= hi + eps);
  return { ticks: { ...t, values }, lo, hi, scale: spec.xScale };
}

function mapper(axis: Axis, from: number, to: number): (v: number) => number {
  const f = (v: number) => (axis.scale === 'log' ? Math.log10(v) : v);
  const a = f(axis.lo);
  const b = f(axis.hi);
  return (v) => from + ((f(v) - a) / (b - a || 1)) * (to - from);
}

interface LegendItem {
  label: string;
  colour: string;
  dashed: boolean;
  band: boolean;
  w: number;
}

const SWATCH = 18;

export function layoutFigure(spec: FigureSpec, size: SizeOptions = {}): Scene {
  const width = size.width ?? DEFAULT_SIZE.width;
  const height = size.height ?? DEFAULT_SIZE.height;
  const prims: Prim[] = [];
  const text = (p: Omit<Extract<Prim, { kind: 'text' }>, 'kind'>) =>
    prims.push({ kind: 'text', ...p });

  // Top: title, then (legend 'top') the legend rows.
  let top = PAD;
  if (spec.title) {
    top += FONT.title;
    text({
      x: width / 2,
      y: top,
      text: fitText(spec.title, FONT.title, width - 2 * PAD, true),
      size: FONT.title,
      anchor: 'middle',
      fill: INK,
      bold: true,
      role: 'title',
    });
    top += 8;
  }

  // Bottom, from the page edge up: caption, x label, tick labels, tick marks.
  let bottom = height - PAD + 2;
  if (spec.caption) bottom -= FONT.caption + 4;
  const captionY = height - PAD + 2;
  const xLabelY = bottom;
  if (spec.xLabel) bottom -= FONT.label + 5;
  const xTickY = bottom;
  bottom -= FONT.tick + 3 + TICK_LEN;

  // Legend entries.
  const items: LegendItem[] = spec.series
    .filter((s) => s.legend !== false)
    .map((s) => ({
      label: s.label,
      colour: s.colour,
      dashed: s.dashed === true,
      band: s.band !== undefined,
      w: SWATCH + 5 + textWidth(s.label, FONT.legend),
    }));
  const legend = items.length > 0 ? spec.legend : 'none';
  let right = width - PAD;
  if (legend === 'right') {
    const maxLabel = Math.min(width * 0.32, Math.max(...items.map((i) => i.w)));
    right -= maxLabel + 12;
  }

  // Left: y label (rotated), y tick labels. Tick count from the height available.
  const plotHApprox = bottom - top - (legend === 'top' ? 16 : 0);
  const y = yAxis(spec, Math.max(3, Math.min(8, Math.round(plotHApprox / 42) + 1)));
  const yLabels = y.ticks.values.map((v) => formatTick(v, y.ticks.step));
  const yLabelW = Math.max(0, ...yLabels.map((l) => textWidth(l, FONT.tick)));
  let left = PAD;
  if (spec.yLabel) left += FONT.label + 6;
  const yLabelX = PAD + FONT.label - 1;
  left += yLabelW + 4 + TICK_LEN;

  // Legend on top: wrap entries into rows as wide as the plot.
  const plotW = right - left;
  if (legend === 'top') {
    const gap = 14;
    const rows: LegendItem[][] = [[]];
    let rowW = 0;
    for (const it of items) {
      const w = Math.min(it.w, plotW);
      const row = rows[rows.length - 1] as LegendItem[];
      if (row.length > 0 && rowW + gap + w > plotW) {
        rows.push([it]);
        rowW = w;
      } else {
        rowW += (row.length > 0 ? gap : 0) + w;
        row.push(it);
      }
    }
    for (const row of rows.slice(0, 4)) {
      top += FONT.legend + 3;
      const total = row.reduce((a, it) => a + Math.min(it.w, plotW), 0) + gap * (row.length - 1);
      let x = left + Math.max(0, (plotW - total) / 2);
      for (const it of row) {
        drawLegendItem(prims, it, x, top, Math.min(it.w, plotW));
        x += Math.min(it.w, plotW) + gap;
      }
    }
    top += 8;
  }
  const plot = { x: left, y: top + 4, w: plotW, h: Math.max(20, bottom - top - 4) };

  if (legend === 'right') {
    let ly = plot.y + FONT.legend;
    for (const it of items) {
      drawLegendItem(prims, it, right + 12, ly, width - PAD - right - 12);
      ly += FONT.legend + 5;
      if (ly > plot.y + plot.h) break;
    }
  }

  // x ticks: as many as fit without labels touching.
  let count = Math.max(2, Math.min(10, Math.floor(plot.w / 60)));
  let x = xAxis(spec, count);
  let xLabels: string[] = [];
  for (;;) {
    xLabels = x.ticks.values.map((v) => formatTick(v, x.ticks.step));
    const sx0 = mapper(x, plot.x, plot.x + plot.w);
    const pos = x.ticks.values.map(sx0);
    let fits = true;
    for (let i = 1; i < pos.length; i++) {
      const need =
        (textWidth(xLabels[i - 1] as string, FONT.tick) +
          textWidth(xLabels[i] as string, FONT.tick)) /
          2 +
        8;
      if ((pos[i] as number) - (pos[i - 1] as number) < need) fits = false;
    }
    if (fits || count <= 2) break;
    count -= 1;
    x = xAxis(spec, count);
  }

  const sx = mapper(x, plot.x, plot.x + plot.w);
  const sy = mapper(y, plot.y + plot.h, plot.y);

  // Gridlines and ticks.
  y.ticks.values.forEach((v, i) => {
    const py = sy(v);
    prims.push({
      kind: 'line',
      x1: plot.x,
      y1: py,
      x2: plot.x + plot.w,
      y2: py,
      stroke: GRID,
      width: 0.6,
    });
    prims.push({
      kind: 'line',
      x1: plot.x - TICK_LEN,
      y1: py,
      x2: plot.x,
      y2: py,
      stroke: INK,
      width: 0.8,
    });
    text({
      x: plot.x - TICK_LEN - 3,
      y: py + FONT.tick * 0.35,
      text: yLabels[i] as string,
      size: FONT.tick,
      anchor: 'end',
      fill: MUTED,
      role: 'tick',
    });
  });
  x.ticks.values.forEach((v, i) => {
    const px = sx(v);
    prims.push({
      kind: 'line',
      x1: px,
      y1: plot.y,
      x2: px,
      y2: plot.y + plot.h,
      stroke: GRID,
      width: 0.6,
    });
    prims.push({
      kind: 'line',
      x1: px,
      y1: plot.y + plot.h,
      x2: px,
      y2: plot.y + plot.h + TICK_LEN,
      stroke: INK,
      width: 0.8,
    });
    text({
      x: px,
      y: xTickY,
      text: xLabels[i] as string,
      size: FONT.tick,
      anchor: 'middle',
      fill: MUTED,
      role: 'tick',
    });
  });

  // Bands first, then lines (raw before smoothed, as listed).
  const valid = (px: number, py: number) =>
    Number.isFinite(px) &&
    Number.isFinite(py) &&
    (x.scale !== 'log' || px > 0) &&
    (y.scale !== 'log' || py > 0);
  for (const s of spec.series) {
    if (!s.band) continue;
    const rows = s.band.filter(([bx, lo, hi]) => valid(bx, lo) && valid(bx, hi));
    if (rows.length < 2) continue;
    const upper = rows.map(([bx, , hi]): Pt => [sx(bx), sy(hi)]);
    const lower = rows.map(([bx, lo]): Pt => [sx(bx), sy(lo)]).reverse();
    prims.push({
      kind: 'polygon',
      points: [...upper, ...lower],
      fill: s.colour,
      opacity: 0.18,
      clip: true,
    });
  }
  for (const s of spec.series) {
    const lines: Pt[][] = [];
    let cur: Pt[] = [];
    for (const [px, py] of s.points) {
      if (!valid(px, py)) {
        if (cur.length) lines.push(cur);
        cur = [];
      } else cur.push([sx(px), sy(py)]);
    }
    if (cur.length) lines.push(cur);
    prims.push({
      kind: 'path',
      lines,
      stroke: s.colour,
      width: s.width ?? 1.5,
      opacity: s.opacity ?? 1,
      dashed: s.dashed === true,
      clip: true,
      role: 'series',
      label: s.label,
    });
  }
  if (!spec.series.some((s) => s.points.some(([a, b]) => valid(a, b))))
    text({
      x: plot.x + plot.w / 2,
      y: plot.y + plot.h / 2,
      text: 'no data',
      size: FONT.label,
      anchor: 'middle',
      fill: MUTED,
    });

  // Axis lines (left and bottom; no top/right box).
  prims.push({
    kind: 'line',
    x1: plot.x,
    y1: plot.y,
    x2: plot.x,
    y2: plot.y + plot.h,
    stroke: INK,
    width: 0.8,
  });
  prims.push({
    kind: 'line',
    x1: plot.x,
    y1: plot.y + plot.h,
    x2: plot.x + plot.w,
    y2: plot.y + plot.h,
    stroke: INK,
    width: 0.8,
  });

  if (spec.xLabel)
    text({
      x: plot.x + plot.w / 2,
      y: xLabelY,
      text: fitText(spec.xLabel, FONT.label, plot.w),
      size: FONT.label,
      anchor: 'middle',
      fill: INK,
      role: 'label',
    });
  if (spec.yLabel)
    text({
      x: yLabelX,
      y: plot.y + plot.h / 2,
      text: fitText(spec.yLabel, FONT.label, plot.h),
      size: FONT.label,
      anchor: 'middle',
      fill: INK,
      rotate: true,
      role: 'label',
    });
  if (spec.caption)
    text({
      x: width - PAD,
      y: captionY,
      text: fitText(spec.caption, FONT.caption, width - 2 * PAD),
      size: FONT.caption,
      anchor: 'end',
      fill: '#777777',
      role: 'caption',
    });

  return { width, height, plot, prims };
}

function drawLegendItem(prims: Prim[], it: LegendItem, x: number, baseline: number, maxW: number) {
  const mid = baseline - FONT.legend * 0.32;
  if (it.band)
    prims.push({
      kind: 'polygon',
      points: [
        [x, mid - 4],
        [x + SWATCH, mid - 4],
        [x + SWATCH, mid + 4],
        [x, mid + 4],
      ],
      fill: it.colour,
      opacity: 0.18,
      clip: false,
    });
  prims.push({
    kind: 'path',
    lines: [
      [
        [x, mid],
        [x + SWATCH, mid],
      ],
    ],
    stroke: it.colour,
    width: 2,
    opacity: 1,
    dashed: it.dashed,
    clip: false,
    role: 'legend',
    label: it.label,
  });
  prims.push({
    kind: 'text',
    x: x + SWATCH + 5,
    y: baseline,
    text: fitText(it.label, FONT.legend, maxW - SWATCH - 5),
    size: FONT.legend,
    anchor: 'start',
    fill: INK,
    role: 'legend',
  });
}
