// What the hover card shows at a hovered x, as pure functions over the full-resolution lines:
// the x snapped to the nearest logged point, one row per line (its smoothed value when smoothed,
// the raw one beside it) ranked highest first, and the rows capped so 20 runs stay readable.
import type { PlaceInput } from './card-placement';
import type { ChartLine } from './line-model';
import { formatX } from './xaxis';
import type { ChartSeries, XAxisKind, XYS } from './xaxis';

/** One line's value at the hovered x. */
export interface HoverRow {
  label: string;
  color: string;
  /** The value the line draws there: smoothed if the line is smoothed, else raw. */
  value: number;
  /** The logged value when `value` is smoothed. */
  raw: number | null;
  /** The point drawn: x on the chart's axis, y = value, and its step. */
  at: XYS;
}

/** A hovered column: the shared x and each line's point there (data units or canvas pixels). */
export interface HoverColumn {
  x: number;
  points: { x: number; y: number; color: string }[];
}

/** The column on a laid-out chart: its rows, highest first, in pixels, and the plot's height. */
export interface ColumnAt {
  rows: HoverRow[];
  px: HoverColumn;
  top: number;
  bottom: number;
}

/** Index of the point nearest `x` (points sorted by x); -1 when there are none. */
export function nearestIndex(points: readonly { x: number }[], x: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as { x: number }).x < x) lo = mid + 1;
    else hi = mid;
  }
  const prev = points[lo - 1];
  const here = points[lo] as { x: number };
  return prev && Math.abs(prev.x - x) <= Math.abs(here.x - x) ? lo - 1 : lo;
}

/** The logged point nearest x over all lines (its x to snap to, its step to report). */
export function nearestPoint(lines: readonly ChartLine[], x: number): XYS | null {
  let best: XYS | null = null;
  for (const line of lines) {
    const p = line.raw[nearestIndex(line.raw, x)];
    if (p && (best === null || Math.abs(p.x - x) < Math.abs(best.x - x))) best = p;
  }
  return best;
}

/**
 * Each line's row at x. A line counts only where it was logged: x within its first and last
 * point, or within `slack` (axis units) of its nearest point — a run that ended at step 100 has
 * no value at step 500, and a single eval point still shows when the cursor is on it.
 */
export function hoverRows(lines: readonly ChartLine[], x: number, slack: number): HoverRow[] {
  const rows: HoverRow[] = [];
  for (const line of lines) {
    const i = nearestIndex(line.raw, x);
    const p = line.raw[i];
    if (!p) continue;
    const first = line.raw[0] as XYS;
    const last = line.raw[line.raw.length - 1] as XYS;
    const inside = x >= first.x && x <= last.x;
    if (!inside && Math.abs(p.x - x) > slack) continue;
    const smooth = line.smoothed?.[i];
    const value = smooth ? smooth.y : p.y;
    rows.push({
      label: line.label,
      color: line.color,
      value,
      raw: smooth ? p.y : null,
      at: { x: p.x, y: value, s: p.s },
    });
  }
  return rows;
}

/** A row as the card lists it. */
export interface CardRow {
  label: string;
  color: string;
  value: number;
  raw: number | null;
  /** The series' note at that step (e.g. "n=3"), or ''. */
  note: string;
}

/** Highest value first (TensorBoard's "descending"); NaN last; ties keep the lines' order. */
export function sortRows(rows: readonly HoverRow[]): HoverRow[] {
  const key = (r: HoverRow) => (Number.isNaN(r.value) ? -Infinity : r.value);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => key(b.r) - key(a.r) || a.i - b.i)
    .map(({ r }) => r);
}

/** Rows the card lists before it says "+N more". */
export const MAX_CARD_ROWS = 12;

/** The first `max` rows, and how many were left out. */
export function capRows<T>(rows: readonly T[], max = MAX_CARD_ROWS): { shown: T[]; more: number } {
  return { shown: rows.slice(0, max), more: Math.max(0, rows.length - max) };
}

/** The card's heading: the step, and the time too on a time axis. */
export function cardTitle(kind: XAxisKind, at: XYS): string {
  const step = `step ${formatX('step', at.s)}`;
  return kind === 'step' ? step : `${step} · ${formatX(kind, at.x)}`;
}

/** What the card of the chart under the pointer shows, and the window pixels it must avoid. */
export function cardModel(o: {
  column: ColumnAt;
  /** The pointer and the canvas' top-left corner, in window pixels. */
  cursor: { x: number; y: number };
  origin: { left: number; top: number };
  hoveredX: number;
  xAxis: XAxisKind;
  series: readonly ChartSeries[];
}): { title: string; rows: CardRow[]; more: number; anchor: Omit<PlaceInput, 'card' | 'bounds'> } {
  const { column, cursor, origin } = o;
  const xs = [
    cursor.x,
    column.px.x + origin.left,
    ...column.px.points.map((p) => p.x + origin.left),
  ];
  const ys = column.px.points.map((p) => p.y + origin.top);
  const { shown, more } = capRows(column.rows);
  const at = column.rows.find((r) => r.at.x === o.hoveredX)?.at ?? column.rows[0]?.at;
  const note = (r: HoverRow) => o.series.find((s) => s.label === r.label)?.note?.(r.at.s) ?? '';
  return {
    title: at ? cardTitle(o.xAxis, at) : '',
    rows: shown.map((r) => ({ ...r, note: note(r) })),
    more,
    anchor: {
      column: { left: Math.min(...xs), right: Math.max(...xs) },
      points: ys.length
        ? { top: Math.min(...ys), bottom: Math.max(...ys) }
        : { top: cursor.y, bottom: cursor.y },
      cursorY: cursor.y,
    },
  };
}
