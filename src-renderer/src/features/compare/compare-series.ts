// The compare view's pure parts: chart series (one line per run, or per group with mean ± std /
// min–max bands at exact steps) and the table's final / best values.
import type { MetricPoint, MetricSummary } from '@contract';
import { RUN_COLORS, runColor } from '../../charts/palette';
import { debiasedEma } from '../../charts/smoothing';
import type { ChartSeries } from '../../charts/xaxis';
import { aggregateSeries } from './group';
import type { RunGroup } from './group';

export type BandKind = 'std' | 'minmax' | 'none';

/** A compared run: what the charts, legend and table need of it. */
export interface ComparedRun {
  id: number;
  name: string;
  config: Record<string, unknown>;
}

/** One line of the legend. */
export interface LegendEntry {
  id: string;
  label: string;
  color: string;
  /** Groups: how many runs the line averages. */
  n?: number;
}

/** Series by run id, then by metric key. */
export type SeriesByRun = Record<number, Record<string, MetricPoint[]>>;

/** Headline metrics the table shows (final · best), at most six. */
export function tableKeys(keys: readonly string[]): string[] {
  return keys
    .filter((k) => /^(reward\/mean|accuracy|entropy\/mean|eval\/.*\/(avg@\d+|acc))$/.test(k))
    .slice(0, 6);
}

export const lowerIsBetter = (key: string): boolean => /loss|entropy/.test(key);

function smoothed(points: MetricPoint[], smoothing: number): MetricPoint[] {
  if (smoothing <= 0) return points;
  const ys = debiasedEma(
    points.map((p) => p.value),
    smoothing,
  );
  return points.map((p, i) => ({ ...p, value: ys[i] as number }));
}

/** A group's colour, the same in charts, legend and table (groups recolour their runs). */
export const groupColor = (index: number): string =>
  RUN_COLORS[index % RUN_COLORS.length] as string;

/** The colour of each run: its own, or its group's when grouped (red never means two things). */
export function runColors(
  runs: readonly ComparedRun[],
  groups: readonly RunGroup<ComparedRun>[],
): Map<number, string> {
  const colors = new Map(runs.map((r) => [r.id, runColor(r.id)]));
  groups.forEach((g, i) => {
    for (const r of g.members) colors.set(r.id, groupColor(i));
  });
  return colors;
}

/** The lines of one chart: a run each, or (grouped) a smoothed mean per group with its band. */
export function compareSeries(
  key: string,
  runs: readonly ComparedRun[],
  groups: readonly RunGroup<ComparedRun>[],
  series: SeriesByRun,
  options: { smoothing: number; band: BandKind },
): ChartSeries[] {
  if (groups.length === 0) {
    return runs.map((r) => ({
      label: `#${r.id} ${r.name}`,
      points: series[r.id]?.[key] ?? [],
      color: runColor(r.id),
    }));
  }
  const pt = (step: number, wallTime: number, value: number): MetricPoint => ({
    step,
    wallTime,
    value,
  });
  return groups.map((g, i) => {
    const agg = aggregateSeries(
      g.members.map((r) => smoothed(series[r.id]?.[key] ?? [], options.smoothing)),
    );
    const nByStep = new Map(agg.map((a) => [a.step, a.n]));
    const maxN = agg.reduce((m, a) => Math.max(m, a.n), 0);
    const std = options.band === 'std';
    return {
      label: `${g.label} (n=${maxN})`,
      points: agg.map((a) => pt(a.step, a.wallTime, a.mean)),
      color: groupColor(i),
      smooth: false,
      note: (step: number) => `n=${nByStep.get(step) ?? 0}`,
      ...(options.band === 'none' || maxN < 2
        ? {}
        : {
            band: {
              lo: agg.map((a) => pt(a.step, a.wallTime, std ? a.mean - a.std : a.min)),
              hi: agg.map((a) => pt(a.step, a.wallTime, std ? a.mean + a.std : a.max)),
            },
          }),
    };
  });
}

/** The legend: a line per group (with its n), or per run. */
export function legendEntries(
  runs: readonly ComparedRun[],
  groups: readonly RunGroup<ComparedRun>[],
): LegendEntry[] {
  if (groups.length)
    return groups.map((g, i) => ({
      id: g.key,
      label: g.label,
      color: groupColor(i),
      n: g.members.length,
    }));
  return runs.map((r) => ({
    id: String(r.id),
    label: `#${r.id} ${r.name}`,
    color: runColor(r.id),
  }));
}

export interface TableStats {
  final: number | null;
  best: number | null;
  /** The step of the best value when a loaded point holds it; null when thinning dropped it. */
  bestStep: number | null;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Final and best (min for loss / entropy keys, max otherwise) of one run's metric. Both come from
 * the store's full-resolution summary when there is one, so an extreme that fell between the
 * thinned points still counts; the loaded points only supply its step (and stand in for a
 * missing summary).
 */
export function tableStats(
  key: string,
  summary: MetricSummary | undefined,
  points: readonly MetricPoint[],
): TableStats {
  const lower = lowerIsBetter(key);
  const finite = points.filter((p) => Number.isFinite(p.value));
  let best: number | null =
    summary && num(lower ? summary.min : summary.max) ? (lower ? summary.min : summary.max) : null;
  if (best === null && finite.length) {
    best = (finite[0] as MetricPoint).value;
    for (const p of finite) if (lower ? p.value < best : p.value > best) best = p.value;
  }
  const lastPoint = finite[finite.length - 1];
  const final = summary && num(summary.last) ? summary.last : (lastPoint?.value ?? null);
  const at = best === null ? undefined : finite.find((p) => p.value === best);
  return { final, best, bestStep: at?.step ?? null };
}

/** Mean ± sample std over a group's runs (std 0 for one run), and how many runs had a value. */
export interface MeanStd {
  mean: number | null;
  std: number | null;
  n: number;
}

function meanStd(values: readonly (number | null)[]): MeanStd {
  const xs = values.filter(num);
  if (xs.length === 0) return { mean: null, std: null, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return { mean, std: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0, n: xs.length };
}

/** The per-arm row of a paper's table: final and best, each as mean ± std over the group's runs. */
export function groupTableStats(
  key: string,
  members: readonly { id: number }[],
  summaries: Record<number, Record<string, MetricSummary>>,
  series: SeriesByRun,
): { final: MeanStd; best: MeanStd } {
  const stats = members.map((r) =>
    tableStats(key, summaries[r.id]?.[key], series[r.id]?.[key] ?? []),
  );
  return { final: meanStd(stats.map((s) => s.final)), best: meanStd(stats.map((s) => s.best)) };
}
