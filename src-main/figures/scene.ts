// Lays a plot FigureSpec out on a page as drawing primitives (prims.ts): title, legend, axes
// with ticks and labels (axes.ts), bands, bars, lines with optional dots, labelled markers and a
// caption. Both renderers draw the same scene, so SVG, PNG and PDF exports look the same.
import type { Axis } from './axes';
import { buildAxis, mapper } from './axes';
import { drawLegendItem, drawTopLegend, legendItems } from './legend';
import { drawData, drawGrid, drawMarkers, markerRows } from './plot-draw';
import type { Prim, Scene, SizeOptions, TextPrim } from './prims';
import { DEFAULT_SIZE, FAINT, FONT, INK, MUTED, PAD, TICK_LEN } from './prims';
import type { FigureSpec } from './spec';
import { fitText, textWidth } from './text';

export type { Anchor, Prim, Pt, Scene, SizeOptions } from './prims';
export { DEFAULT_SIZE } from './prims';

function* xs(spec: FigureSpec) {
  for (const s of spec.series) {
    for (const p of s.points) yield p[0];
    for (const b of s.band ?? []) yield b[0];
  }
  for (const set of spec.bars ?? [])
    for (const [x0, x1] of set.bars) {
      yield x0;
      yield x1;
    }
  for (const m of spec.markers ?? []) yield m.x;
}
function* ys(spec: FigureSpec) {
  for (const s of spec.series) {
    for (const p of s.points) yield p[1];
    for (const b of s.band ?? []) {
      yield b[1];
      yield b[2];
    }
  }
  for (const set of spec.bars ?? []) {
    if (spec.yScale === 'linear' && set.bars.length > 0) yield 0; // bars stand on zero
    for (const b of set.bars) yield b[2];
  }
}

function yAxis(spec: FigureSpec, count: number): Axis {
  return buildAxis(
    {
      values: ys(spec),
      scale: spec.yScale,
      ...(spec.linthresh === undefined ? {} : { linthresh: spec.linthresh }),
      ...(spec.yDomain ? { domain: spec.yDomain } : {}),
      widen: true,
      format: spec.yFormat ?? 'number',
    },
    count,
  );
}

function xAxis(spec: FigureSpec, count: number): Axis {
  return buildAxis(
    {
      values: xs(spec),
      scale: spec.xScale,
      ...(spec.linthresh === undefined ? {} : { linthresh: spec.linthresh }),
      ...(spec.xDomain ? { domain: spec.xDomain } : {}),
      ...(spec.xTicks ? { ticks: spec.xTicks } : {}),
      widen: false,
    },
    count,
  );
}

/** Which tick labels to print: all when they fit, else a left-to-right subset that does. */
function fittingLabels(pos: number[], labels: string[]): { fits: boolean; keep: boolean[] } {
  const keep = labels.map(() => true);
  let fits = true;
  let last = -1;
  for (let i = 0; i < pos.length; i++) {
    if (last < 0) {
      last = i;
      continue;
    }
    const need =
      (textWidth(labels[last] as string, FONT.tick) + textWidth(labels[i] as string, FONT.tick)) /
        2 +
      8;
    if ((pos[i] as number) - (pos[last] as number) < need) {
      fits = false;
      keep[i] = false;
    } else last = i;
  }
  return { fits, keep };
}

export function layoutFigure(spec: FigureSpec, size: SizeOptions = {}): Scene {
  const width = size.width ?? DEFAULT_SIZE.width;
  const height = size.height ?? DEFAULT_SIZE.height;
  const prims: Prim[] = [];
  const text = (p: Omit<TextPrim, 'kind'>) => prims.push({ kind: 'text', ...p });

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

  const items = legendItems(spec);
  const legend = items.length > 0 ? spec.legend : 'none';
  let right = width - PAD;
  if (legend === 'right') {
    const maxLabel = Math.min(width * 0.32, Math.max(...items.map((i) => i.w)));
    right -= maxLabel + 12;
  }

  // Left: y label (rotated), y tick labels. Tick count from the height available.
  const plotHApprox = bottom - top - (legend === 'top' ? 16 : 0);
  const y = yAxis(spec, Math.max(3, Math.min(8, Math.round(plotHApprox / 42) + 1)));
  const yLabelW = Math.max(0, ...y.labels.map((l) => textWidth(l, FONT.tick)));
  let left = PAD;
  if (spec.yLabel) left += FONT.label + 6;
  const yLabelX = PAD + FONT.label - 1;
  left += yLabelW + 4 + TICK_LEN;

  const plotW = right - left;
  if (legend === 'top') top = drawTopLegend(prims, items, left, plotW, top);
  top += markerRows(spec) * 10; // room for the marker labels above the plot
  const plot = { x: left, y: top + 4, w: plotW, h: Math.max(20, bottom - top - 4) };

  if (legend === 'right') {
    let ly = plot.y + FONT.legend;
    for (const it of items) {
      drawLegendItem(prims, it, right + 12, ly, width - PAD - right - 12);
      ly += FONT.legend + 5;
      if (ly > plot.y + plot.h) break;
    }
  }

  // x ticks: as many as fit without labels touching (given ticks: every label that fits).
  let count = Math.max(2, Math.min(10, Math.floor(plot.w / 60)));
  let x = xAxis(spec, count);
  let keep: boolean[];
  for (;;) {
    const sx0 = mapper(x, plot.x, plot.x + plot.w);
    const fit = fittingLabels(x.values.map(sx0), x.labels);
    keep = fit.keep;
    if (fit.fits || spec.xTicks || count <= 2) break;
    count -= 1;
    x = xAxis(spec, count);
  }

  const sx = mapper(x, plot.x, plot.x + plot.w);
  const sy = mapper(y, plot.y + plot.h, plot.y);
  drawGrid(prims, plot, x, y, sx, sy, keep, xTickY, width);

  const valid = (px: number, py: number) =>
    Number.isFinite(px) &&
    Number.isFinite(py) &&
    (x.scale !== 'log' || px > 0) &&
    (y.scale !== 'log' || py > 0);
  drawData(prims, spec, sx, sy, valid, plot.y + plot.h);
  if (
    !spec.series.some((s) => s.points.some(([a, b]) => valid(a, b))) &&
    !(spec.bars ?? []).some((set) => set.bars.some(([a, , b]) => valid(a, b)))
  )
    text({
      x: plot.x + plot.w / 2,
      y: plot.y + plot.h / 2,
      text: 'no data',
      size: FONT.label,
      anchor: 'middle',
      fill: MUTED,
    });
  drawMarkers(prims, spec, sx, plot);

  // Axis lines (left and bottom; no top/right box).
  const axisLine = (x1: number, y1: number, x2: number, y2: number) =>
    prims.push({ kind: 'line', x1, y1, x2, y2, stroke: INK, width: 0.8 });
  axisLine(plot.x, plot.y, plot.x, plot.y + plot.h);
  axisLine(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h);

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
      fill: FAINT,
      role: 'caption',
    });

  return { width, height, plot, prims };
}
