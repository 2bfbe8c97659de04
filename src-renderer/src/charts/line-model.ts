// What LineChart.svelte draws, as pure functions: each series mapped to the chosen x axis and
// smoothed once per data change (debiased EMA over the full series), the Chart.js datasets for the
// visible range (min/max downsampled to a point budget; bands stride-sampled), and the options.
import type { ChartDataset } from 'chart.js';
import type { MetricPoint } from '@contract';
import { formatNumber } from '../lib/format';
import { minMaxDownsample } from './downsample';
import type { ChartPalette } from './palette';
import { withAlpha } from './palette';
import { DEFAULT_MAX_POINTS } from './series';
import { debiasedEma } from './smoothing';
import { formatX, sliceRange, strideDownsample, xOf } from './xaxis';
import type { ChartSeries, XAxisKind, XYS } from './xaxis';

/** One series on its x axis, at full resolution. */
export interface ChartLine {
  label: string;
  raw: XYS[];
  smoothed: XYS[] | null;
  band: { lo: XYS[]; hi: XYS[] } | null;
  color: string;
  last: MetricPoint | undefined;
  /** Few points (an eval every N steps, a single point): drawn with markers, not smoothed. */
  sparse: boolean;
}

/** Series with at most this many points are sparse: markers on, smoothing off. */
export const SPARSE_POINTS = 30;

export type Zoom = { min: number; max: number } | null;

export function chartLines(
  series: readonly ChartSeries[],
  xAxis: XAxisKind,
  smoothing: number,
  palette: ChartPalette,
): ChartLine[] {
  return series.map((s, i) => {
    const t0 = s.points[0]?.wallTime ?? 0;
    const raw: XYS[] = s.points.map((p) => ({ x: xOf(xAxis, p, t0), y: p.value, s: p.step }));
    if (xAxis !== 'step') raw.sort((a, b) => a.x - b.x);
    const sparse = raw.length <= SPARSE_POINTS;
    // An EMA over a handful of evals mostly shows the smoother, not the model: off by default.
    const smooth = (s.smooth ?? !sparse) && smoothing > 0;
    const ys = smooth
      ? debiasedEma(
          raw.map((p) => p.y),
          smoothing,
        )
      : null;
    const smoothed = ys ? raw.map((p, j) => ({ x: p.x, y: ys[j] as number, s: p.s })) : null;
    const band = s.band
      ? {
          lo: s.band.lo.map((p) => ({ x: xOf(xAxis, p, t0), y: p.value, s: p.step })),
          hi: s.band.hi.map((p) => ({ x: xOf(xAxis, p, t0), y: p.value, s: p.step })),
        }
      : null;
    const color = s.color ?? (palette.series[i % palette.series.length] as string);
    const last = s.points[s.points.length - 1];
    return { label: s.label, raw, smoothed, band, color, last, sparse };
  });
}

/** Points per drawn line: ~40k per chart in all, between 150 and DEFAULT_MAX_POINTS. */
export function pointBudget(lines: number): number {
  return Math.max(150, Math.min(DEFAULT_MAX_POINTS, Math.floor(40_000 / Math.max(1, lines))));
}

export function lineDatasets(
  lines: readonly ChartLine[],
  zoom: Zoom,
  budget: number,
): ChartDataset<'line', XYS[]>[] {
  const inRange = (points: XYS[]) => (zoom ? sliceRange(points, zoom.min, zoom.max) : points);
  const view = (points: XYS[]) => minMaxDownsample(inRange(points), budget) as XYS[];
  const viewBand = (points: XYS[]) => strideDownsample(inRange(points), budget);
  const out: ChartDataset<'line', XYS[]>[] = [];
  for (const s of lines) {
    if (s.band) {
      out.push({
        label: `${s.label} (upper)`,
        data: viewBand(s.band.hi),
        borderWidth: 0,
        pointRadius: 0,
        pointHoverRadius: 0,
        fill: false,
        order: 3,
      });
      out.push({
        label: `${s.label} (lower)`,
        data: viewBand(s.band.lo),
        borderWidth: 0,
        pointRadius: 0,
        pointHoverRadius: 0,
        fill: '-1',
        backgroundColor: withAlpha(s.color, 0.16),
        order: 3,
      });
    }
    out.push({
      label: s.smoothed ? `${s.label} (raw)` : s.label,
      data: view(s.raw),
      borderColor: s.smoothed ? withAlpha(s.color, 0.25) : s.color,
      borderWidth: s.smoothed ? 1 : 1.6,
      order: 2,
      // Markers where there are few points: a single point is visible at all, evals read as such.
      ...(s.sparse && !s.smoothed
        ? { pointRadius: 2.5, pointBackgroundColor: s.color, pointBorderColor: s.color }
        : {}),
    });
    if (s.smoothed)
      out.push({
        label: s.label,
        data: view(s.smoothed),
        borderColor: s.color,
        borderWidth: 1.7,
        order: 1,
      });
  }
  return out;
}

/**
 * A tick formatter that never prints the same label twice on one axis ("-1 0 0 1 1" when the
 * scale's steps are finer than the format): a tick whose label repeats its neighbour's is blank.
 */
export function distinctTicks(format: (v: number) => string) {
  return (value: number | string, index: number, ticks: readonly { value: number }[]): string => {
    const label = format(Number(value));
    const prev = index > 0 ? ticks[index - 1] : undefined;
    return prev !== undefined && format(prev.value) === label ? '' : label;
  };
}

/** The x range: the zoom, or from the first to the last point of any line. */
export function xBounds(lines: readonly ChartLine[], zoom: Zoom): { min?: number; max?: number } {
  if (zoom) return zoom;
  let min = Infinity;
  let max = -Infinity;
  for (const s of lines) {
    const a = s.raw[0];
    const b = s.raw[s.raw.length - 1];
    if (a) min = Math.min(min, a.x);
    if (b) max = Math.max(max, b.x);
  }
  return Number.isFinite(min) && max > min ? { min, max } : {};
}

export function lineOptions(o: {
  palette: ChartPalette;
  xAxis: XAxisKind;
  logY: boolean;
  bounds: { min?: number; max?: number };
}) {
  const p = o.palette;
  const tick = { color: p.axis, font: { size: 10 } };
  const kind = o.xAxis;
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false as const,
    normalized: true,
    spanGaps: true,
    // No Chart.js hover: LineChart draws crosshair, markers and card (in sync across a page).
    events: [],
    elements: { point: { radius: 0 }, line: { tension: 0 } },
    layout: { padding: { top: 4, right: 6 } },
    scales: {
      x: {
        type: 'linear' as const,
        ...o.bounds,
        grid: { color: p.grid, tickLength: 4 },
        border: { color: p.border },
        ticks: {
          ...tick,
          maxTicksLimit: 6,
          maxRotation: 0,
          // Steps are whole numbers: never a tick between two of them.
          ...(kind === 'step' ? { precision: 0 } : {}),
          callback: distinctTicks((v) => formatX(kind, v)),
        },
      },
      y: {
        type: o.logY ? ('logarithmic' as const) : ('linear' as const),
        grid: { color: p.grid, tickLength: 4 },
        border: { display: false },
        ticks: {
          ...tick,
          maxTicksLimit: 5,
          callback: distinctTicks(formatNumber),
        },
      },
    },
  };
}
