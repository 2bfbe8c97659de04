// x-axis choices users know from TensorBoard / W&B: step, wall time, relative time.
import type { MetricPoint } from '@contract';
import { formatInt } from '../lib/format';

/** One line of a chart, with its optional band. */
export interface ChartSeries {
  label: string;
  points: MetricPoint[];
  /** Fixed colour (compare view: one per run); defaults to the palette by index. */
  color?: string;
  /** A shaded band (e.g. mean ± std); drawn under the line, never smoothed. */
  band?: { lo: MetricPoint[]; hi: MetricPoint[] };
  /** Smooth this series (default true); pre-aggregated series pass false. */
  smooth?: boolean;
  /** Extra tooltip text per step (e.g. "n=3"). */
  note?: (step: number) => string;
}

export type XAxisKind = 'step' | 'wall' | 'relative';

export const X_AXES: { id: XAxisKind; label: string }[] = [
  { id: 'step', label: 'Step' },
  { id: 'wall', label: 'Wall time' },
  { id: 'relative', label: 'Relative time' },
];

/** A drawn point: x on the chosen axis, y, and the step it came from (for tooltips and clicks). */
export interface XYS {
  x: number;
  y: number;
  s: number;
}

/** Maps points to x values; `t0` is the series' start (seconds) for relative time. */
export function xOf(kind: XAxisKind, p: MetricPoint, t0: number): number {
  if (kind === 'step') return p.step;
  if (kind === 'wall') return p.wallTime * 1000;
  return p.wallTime - t0;
}

/** A compact signed elapsed-time tick ("45s", "3m05s", "2.5h"); durations in prose use
 * lib/format.ts formatDuration. */
export function formatElapsedTick(seconds: number): string {
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (s < 60) return `${sign}${Math.round(s)}s`;
  if (s < 3600)
    return `${sign}${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  const h = s / 3600;
  return `${sign}${h < 10 ? h.toFixed(1) : Math.round(h)}h`;
}

export function formatX(kind: XAxisKind, x: number): string {
  if (kind === 'step') return formatInt(x);
  if (kind === 'wall')
    return new Date(x).toLocaleTimeString(undefined, {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
  return formatElapsedTick(x);
}

/** Points inside [min, max] plus one neighbour each side, so lines run to the chart's edges. */
export function sliceRange<T extends { x: number }>(
  points: readonly T[],
  min: number,
  max: number,
): T[] {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as T).x < min) lo = mid + 1;
    else hi = mid;
  }
  const start = Math.max(0, lo - 1);
  let end = lo;
  while (end < points.length && (points[end] as T).x <= max) end++;
  return points.slice(start, Math.min(points.length, end + 1));
}

/** Every k-th point (first and last kept): aligned indices for band edges. */
export function strideDownsample<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points.slice();
  const k = Math.ceil(points.length / maxPoints);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += k) out.push(points[i] as T);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1] as T);
  return out;
}
