// What a figure is (FigureSpec), independent of how it is drawn, and the one function that
// builds it from metric series — used by the app's export and the CLI alike, with the charts'
// smoothing (TensorBoard's debiased EMA over the full series, then min/max downsampling).
import { downsamplePairs } from './downsample';
import { debiasedEma } from './smoothing';

/** 'symlog': matplotlib's symmetric log, linear within ±linthresh, log beyond (paper Fig. 3). */
export type Scale = 'linear' | 'log' | 'symlog';
export type LegendPlacement = 'top' | 'right' | 'none';

export interface FigureSeries {
  label: string;
  /** `#rrggbb`. */
  colour: string;
  points: [x: number, y: number][];
  /** A shaded band (mean ± std, min–max…). */
  band?: [x: number, lo: number, hi: number][];
  dashed?: boolean;
  /** Line opacity, default 1 (the raw series under a smoothed one is faint). */
  opacity?: number;
  /** Line width in points, default 1.5. */
  width?: number;
  /** Listed in the legend; default true. */
  legend?: boolean;
  /** A dot at every point (few points: checkpoints, a temperature grid). */
  dots?: boolean;
}

/** Bars of one colour: each from the y axis' baseline up to `y`, over [x0, x1]. */
export interface FigureBars {
  label: string;
  colour: string;
  bars: [x0: number, x1: number, y: number][];
  /** Listed in the legend; default true. */
  legend?: boolean;
}

/** A labelled vertical line across the plot (a percentile, a threshold). */
export interface FigureMarker {
  x: number;
  label: string;
  colour: string;
}

/** An axis tick at `value`, labelled `label` (default: the formatted value). */
export interface AxisTick {
  value: number;
  label?: string;
}

export interface FigureSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale: Scale;
  yScale: Scale;
  series: FigureSeries[];
  legend: LegendPlacement;
  /** 'paper': black on white, for publications (also in the app's dark mode). */
  theme: 'paper';
  /** A short line under the plot (e.g. the smoothing used); optional. */
  caption?: string;
  /** Lines and bars share the axes; a plot is the default kind of figure. */
  kind?: 'plot';
  bars?: FigureBars[];
  markers?: FigureMarker[];
  /** Fixed axis ranges (default: the data's extent, y widened to whole ticks). */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Explicit x ticks (a temperature grid, a histogram's underflow bin). */
  xTicks?: AxisTick[];
  /** y tick labels as percentages (0.9 → 90%). */
  yFormat?: 'number' | 'percent';
  /** The linear half-width of a symlog axis (default 1). */
  linthresh?: number;
}

/** Colour-blind-friendly categorical palette (Tableau 10), readable in print. */
export const PAPER_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
];

/** One stored series: a run's metric key, as MetricPoint-like rows. */
export interface SourceSeries {
  runId: number;
  runName: string;
  key: string;
  points: readonly { step: number; value: number }[];
}

export interface BuildOptions {
  /** Debiased-EMA weight in [0, 0.999]; 0 = raw. Default 0.6 (TensorBoard's). */
  smoothing?: number;
  /** Draw the unsmoothed series faintly under the smoothed one. Default true. */
  showRaw?: boolean;
  /** Mean ± std across runs (same key, steps intersected) instead of one line per run. */
  aggregate?: 'none' | 'mean-std';
  /** Groups of runs, one line each (mean ± std with aggregate 'mean-std'), in their colours. */
  groups?: readonly { label: string; runIds: readonly number[]; colour?: string }[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  xScale?: Scale;
  yScale?: Scale;
  legend?: LegendPlacement | 'auto';
  /** Points per drawn line after smoothing; default 1500. */
  maxPoints?: number;
}

/** Longest common `a/b/` prefix of metric keys ("entropy/p50", "entropy/p95" → "entropy"). */
export function commonPrefix(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  const parts = keys.map((k) => k.split('/'));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const p = parts[0]?.[i];
    if (p === undefined || parts.some((q) => q[i] !== p || q.length === i + 1)) break;
    out.push(p);
  }
  return out.join('/');
}

function seriesLabel(s: SourceSeries, manyRuns: boolean, manyKeys: boolean, prefix: string) {
  const key = prefix && s.key.startsWith(`${prefix}/`) ? s.key.slice(prefix.length + 1) : s.key;
  if (manyRuns && manyKeys) return `${s.runName} · ${key}`;
  return manyRuns ? s.runName : key;
}

function meanStd(group: SourceSeries[]): { mean: [number, number][]; band: FigureSeries['band'] } {
  const maps = group.map((s) => new Map(s.points.map((p) => [p.step, p.value])));
  const steps = [...(maps[0]?.keys() ?? [])].filter((x) => maps.every((m) => m.has(x)));
  steps.sort((a, b) => a - b);
  const mean: [number, number][] = [];
  const band: [number, number, number][] = [];
  for (const x of steps) {
    const ys = maps.map((m) => m.get(x) as number).filter(Number.isFinite);
    if (ys.length === 0) continue;
    const mu = ys.reduce((a, b) => a + b, 0) / ys.length;
    const sd = Math.sqrt(ys.reduce((a, b) => a + (b - mu) ** 2, 0) / ys.length);
    mean.push([x, mu]);
    band.push([x, mu - sd, mu + sd]);
  }
  return { mean, band };
}

/** Builds the figure of `source` (runs × keys) the way the app's charts draw it. */
export function buildFigureSpec(source: readonly SourceSeries[], options: BuildOptions = {}) {
  const smoothing = options.smoothing ?? 0.6;
  const showRaw = options.showRaw ?? true;
  const maxPoints = options.maxPoints ?? 1500;
  const keys = [...new Set(source.map((s) => s.key))];
  const runs = [...new Set(source.map((s) => s.runId))];
  const manyRuns = runs.length > 1;
  const manyKeys = keys.length > 1;
  const prefix = manyKeys ? commonPrefix(keys) : '';
  const series: FigureSeries[] = [];

  const add = (
    label: string,
    colour: string,
    xy: [number, number][],
    band?: FigureSeries['band'],
  ) => {
    const ys = xy.map(([, y]) => y);
    const smooth = smoothing > 0 ? debiasedEma(ys, smoothing) : ys;
    if (smoothing > 0 && showRaw)
      series.push({
        label: `${label} (raw)`,
        colour,
        points: downsamplePairs(xy, maxPoints),
        opacity: 0.25,
        width: 0.8,
        legend: false,
      });
    const line: FigureSeries = {
      label,
      colour,
      points: downsamplePairs(
        xy.map(([x], i) => [x, smooth[i] as number]),
        maxPoints,
      ),
    };
    if (band) {
      const lo =
        smoothing > 0
          ? debiasedEma(
              band.map((b) => b[1]),
              smoothing,
            )
          : band.map((b) => b[1]);
      const hi =
        smoothing > 0
          ? debiasedEma(
              band.map((b) => b[2]),
              smoothing,
            )
          : band.map((b) => b[2]);
      const step = Math.max(1, Math.ceil(band.length / maxPoints));
      line.band = band
        .map((b, i): [number, number, number] => [b[0], lo[i] as number, hi[i] as number])
        .filter((_, i) => i % step === 0 || i === band.length - 1);
    }
    series.push(line);
  };

  if (options.groups && options.aggregate === 'mean-std') {
    options.groups.forEach((g, i) => {
      const colour = g.colour ?? (PAPER_COLOURS[i % PAPER_COLOURS.length] as string);
      keys.forEach((key) => {
        const members = source.filter(
          (s) => s.key === key && s.points.length > 0 && g.runIds.includes(s.runId),
        );
        if (members.length === 0) return;
        const name = manyKeys ? `${g.label} · ${key}` : g.label;
        if (members.length === 1) {
          const only = members[0] as SourceSeries;
          add(
            name,
            colour,
            only.points.map((p): [number, number] => [p.step, p.value]),
          );
          return;
        }
        const { mean, band } = meanStd(members);
        add(`${name} (mean ± std, n=${members.length})`, colour, mean, band);
      });
    });
  } else if (options.groups) {
    options.groups.forEach((g, i) => {
      const colour = g.colour ?? (PAPER_COLOURS[i % PAPER_COLOURS.length] as string);
      for (const s of source) {
        if (s.points.length === 0 || !g.runIds.includes(s.runId)) continue;
        const xy = s.points.map((p): [number, number] => [p.step, p.value]);
        const many = g.runIds.length > 1 || manyKeys;
        add(many ? `${g.label} · ${seriesLabel(s, true, manyKeys, prefix)}` : g.label, colour, xy);
      }
    });
  } else if (options.aggregate === 'mean-std' && manyRuns) {
    keys.forEach((key, i) => {
      const group = source.filter((s) => s.key === key && s.points.length > 0);
      if (group.length === 0) return;
      const { mean, band } = meanStd(group);
      const label = `${manyKeys ? key : 'mean'} ± std (n=${group.length})`;
      add(label, PAPER_COLOURS[i % PAPER_COLOURS.length] as string, mean, band);
    });
  } else {
    source.forEach((s, i) => {
      if (s.points.length === 0) return; // a queued run: nothing to draw or list
      const xy = s.points.map((p): [number, number] => [p.step, p.value]);
      add(
        seriesLabel(s, manyRuns, manyKeys, prefix),
        PAPER_COLOURS[i % PAPER_COLOURS.length] as string,
        xy,
      );
    });
  }

  const shown = series.filter((s) => s.legend !== false).length;
  const defaultTitle = manyKeys ? prefix || keys.join(', ') : (keys[0] ?? '');
  const legend =
    options.legend === undefined || options.legend === 'auto'
      ? shown > 1 || series.some((s) => s.band)
        ? 'top'
        : 'none'
      : options.legend;
  const spec: FigureSpec = {
    title: options.title ?? defaultTitle,
    xLabel: options.xLabel ?? 'step',
    yLabel: options.yLabel ?? (manyKeys ? prefix || 'value' : (keys[0] ?? 'value')),
    xScale: options.xScale ?? 'linear',
    yScale: options.yScale ?? 'linear',
    series,
    legend,
    theme: 'paper',
  };
  if (smoothing > 0)
    spec.caption = `smoothing: debiased EMA ${smoothing}${showRaw ? ' (raw series faint)' : ''}`;
  return spec;
}
