// The parts of a plot inside its axes: gridlines and tick labels, bands, bars, lines and dots,
// and labelled markers (dashed vertical lines with their labels in rows above the plot).
import type { Axis } from './axes';
import type { Prim, Pt, Scene } from './prims';
import { FONT, GRID, INK, MUTED, PAD, TICK_LEN, rect } from './prims';
import type { FigureSpec } from './spec';
import { textWidth } from './text';

type Plot = Scene['plot'];
type Map = (v: number) => number;

export function drawGrid(
  prims: Prim[],
  plot: Plot,
  x: Axis,
  y: Axis,
  sx: Map,
  sy: Map,
  keep: boolean[],
  xTickY: number,
  pageWidth: number,
) {
  const line = (x1: number, y1: number, x2: number, y2: number, grid: boolean) =>
    prims.push({
      kind: 'line',
      x1,
      y1,
      x2,
      y2,
      stroke: grid ? GRID : INK,
      width: grid ? 0.6 : 0.8,
    });
  const tick = (px: number, py: number, label: string, anchor: 'end' | 'middle') =>
    prims.push({
      kind: 'text',
      x: px,
      y: py,
      text: label,
      size: FONT.tick,
      anchor,
      fill: MUTED,
      role: 'tick',
    });
  y.values.forEach((v, i) => {
    const py = sy(v);
    line(plot.x, py, plot.x + plot.w, py, true);
    line(plot.x - TICK_LEN, py, plot.x, py, false);
    tick(plot.x - TICK_LEN - 3, py + FONT.tick * 0.35, y.labels[i] as string, 'end');
  });
  x.values.forEach((v, i) => {
    const px = sx(v);
    line(px, plot.y, px, plot.y + plot.h, true);
    line(px, plot.y + plot.h, px, plot.y + plot.h + TICK_LEN, false);
    if (!keep[i]) return;
    // A label at the right edge moves left rather than off the page.
    const half = textWidth(x.labels[i] as string, FONT.tick) / 2;
    tick(Math.min(px, pageWidth - 2 - half), xTickY, x.labels[i] as string, 'middle');
  });
}

/** Bands, then bars, then lines (raw before smoothed, as listed), then dots. */
export function drawData(
  prims: Prim[],
  spec: FigureSpec,
  sx: Map,
  sy: Map,
  valid: (x: number, y: number) => boolean,
  baseline: number,
) {
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
  for (const set of spec.bars ?? [])
    for (const [x0, x1, v] of set.bars) {
      if (!valid(x0, v) || !valid(x1, v)) continue;
      const top = Math.min(baseline, sy(v));
      const a = sx(x0);
      const w = Math.max(0.6, sx(x1) - a);
      prims.push(
        rect(a, top, w, Math.max(0.6, baseline - top), {
          fill: set.colour,
          opacity: 1,
          clip: true,
          role: 'bar',
          label: set.label,
        }),
      );
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
    if (s.dots)
      for (const [px, py] of s.points)
        if (valid(px, py))
          prims.push({
            kind: 'circle',
            cx: sx(px),
            cy: sy(py),
            r: 2.6,
            fill: s.colour,
            stroke: '#ffffff',
            strokeWidth: 0.8,
            clip: false,
          });
  }
}

/** Rows of marker labels above the plot: one, or two when there are several markers. */
export function markerRows(spec: FigureSpec): number {
  const n = spec.markers?.length ?? 0;
  return n === 0 ? 0 : n === 1 ? 1.2 : 2.2;
}

/**
 * Dashed vertical lines with their labels above the plot. Each label takes the first free place
 * of: right of its line in row 1, in row 2, left of its line in row 1, in row 2.
 */
export function drawMarkers(prims: Prim[], spec: FigureSpec, sx: Map, plot: Plot) {
  const rows = markerRows(spec) > 1.5 ? 2 : 1;
  const taken: [number, number][][] = [[], []];
  const free = (row: number, a: number, b: number) =>
    (taken[row] as [number, number][]).every(([c, d]) => b + 4 < c || a > d + 4);
  const markers = (spec.markers ?? [])
    .map((m) => ({ ...m, px: sx(m.x) }))
    .filter((m) => Number.isFinite(m.px) && m.px >= plot.x - 0.5 && m.px <= plot.x + plot.w + 0.5)
    .sort((a, b) => a.px - b.px);
  for (const m of markers) {
    const w = textWidth(m.label, FONT.tick, true);
    const rightEdge = plot.x + plot.w + PAD - 2;
    const places: { row: number; a: number; b: number; anchor: 'start' | 'end' }[] = [];
    for (const side of ['start', 'end'] as const)
      for (let row = 0; row < rows; row++) {
        const a = side === 'start' ? m.px + 3 : m.px - 3 - w;
        if (a >= 2 && a + w <= rightEdge) places.push({ row, a, b: a + w, anchor: side });
      }
    const place = places.find((p) => free(p.row, p.a, p.b)) ?? places[0];
    if (!place) continue;
    (taken[place.row] as [number, number][]).push([place.a, place.b]);
    const labelY = plot.y - 3 - place.row * 10;
    prims.push({
      kind: 'path',
      lines: [
        [
          [m.px, labelY + 2],
          [m.px, plot.y + plot.h],
        ],
      ],
      stroke: m.colour,
      width: 1,
      opacity: 1,
      dashed: true,
      clip: false,
      role: 'marker',
      label: m.label,
    });
    prims.push({
      kind: 'text',
      x: place.anchor === 'start' ? place.a : place.b,
      y: labelY,
      text: m.label,
      size: FONT.tick,
      anchor: place.anchor,
      fill: m.colour,
      bold: true,
      role: 'marker',
    });
  }
}
