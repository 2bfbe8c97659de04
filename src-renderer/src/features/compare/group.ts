// Grouping runs by config keys (mask.mode + mask.rho, over seeds) and aggregating their series at
// exact steps: for every step that at least one run logged, the mean, sample std, min, max and n
// of the runs that logged it. No interpolation (W&B #1566): a step only some seeds reached shows
// a smaller n instead of a made-up value.
import type { MetricPoint } from '@contract';
import { flattenConfig, getPath } from '@contract/config/paths';
import { armOf } from '@contract/config/naming';

export interface AggregatePoint {
  step: number;
  /** Mean wall time of the contributing points (seconds). */
  wallTime: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single run. */
  std: number;
  min: number;
  max: number;
  n: number;
}

export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** "mask.mode=top · mask.rho=0.2" for the given keys of a config. */
export function groupLabel(config: Record<string, unknown>, keys: readonly string[]): string {
  if (keys.length === 0) return 'all runs';
  return keys.map((k) => `${k}=${formatValue(getPath(config, k))}`).join(' · ');
}

export interface RunGroup<T> {
  key: string;
  label: string;
  members: T[];
}

/** The arm every member shares ("Clip-Cov"), or null when their names differ or are missing. */
function sharedArm(members: readonly { name?: string }[]): string | null {
  const arms = new Set(members.map((m) => (m.name === undefined ? '' : armOf(m.name))));
  const [only] = arms;
  return arms.size === 1 && only ? only : null;
}

/**
 * Groups items by the values of `keys` in their config, in first-seen order. A group whose runs
 * share a sweep arm's name is labelled by that name first, so the legend reads "Clip-Cov (…)".
 */
export function groupBy<T extends { config: Record<string, unknown>; name?: string }>(
  items: readonly T[],
  keys: readonly string[],
): RunGroup<T>[] {
  const groups = new Map<string, RunGroup<T>>();
  for (const item of items) {
    const key = JSON.stringify(keys.map((k) => getPath(item.config, k) ?? null));
    let g = groups.get(key);
    if (!g) {
      g = { key, label: groupLabel(item.config, keys), members: [] };
      groups.set(key, g);
    }
    g.members.push(item);
  }
  return [...groups.values()].map((g) => {
    const arm = keys.length ? sharedArm(g.members) : null;
    return arm ? { ...g, label: `${arm} (${g.label})` } : g;
  });
}

/** Aggregates several series at exact steps (sorted by step). Non-finite values are skipped. */
export function aggregateSeries(series: readonly (readonly MetricPoint[])[]): AggregatePoint[] {
  const acc = new Map<
    number,
    {
      sum: number;
      sumSq: number;
      min: number;
      max: number;
      n: number;
      wall: number;
      values: number[];
    }
  >();
  for (const points of series) {
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue;
      let a = acc.get(p.step);
      if (!a) {
        a = { sum: 0, sumSq: 0, min: Infinity, max: -Infinity, n: 0, wall: 0, values: [] };
        acc.set(p.step, a);
      }
      a.values.push(p.value);
      a.sum += p.value;
      a.n += 1;
      a.wall += p.wallTime;
      if (p.value < a.min) a.min = p.value;
      if (p.value > a.max) a.max = p.value;
    }
  }
  const out: AggregatePoint[] = [];
  for (const [step, a] of acc) {
    const mean = a.sum / a.n;
    let ss = 0;
    for (const v of a.values) ss += (v - mean) * (v - mean);
    const std = a.n > 1 ? Math.sqrt(ss / (a.n - 1)) : 0;
    out.push({ step, wallTime: a.wall / a.n, mean, std, min: a.min, max: a.max, n: a.n });
  }
  return out.sort((x, y) => x.step - y.step);
}

/** Dotted config paths whose values differ between configs (for highlighting and group-by). */
export function differingKeys(configs: readonly Record<string, unknown>[]): string[] {
  const flat = configs.map((c) => flattenConfig(c));
  const keys = new Set<string>();
  for (const f of flat) for (const k of Object.keys(f)) keys.add(k);
  return [...keys].filter((k) => new Set(flat.map((f) => formatValue(f[k]))).size > 1).sort();
}
