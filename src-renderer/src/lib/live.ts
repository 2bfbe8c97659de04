// Folding pushed events into what the views hold. Pure functions, unit-tested.
import type { MetricPoint, MetricSummary, Run } from '@contract';

/**
 * Folds one finite point into a key's summary (in place). A min / max that is not a number (all
 * values so far NaN, sent as null over JSON) is replaced, not compared.
 */
function foldPoint(entry: MetricSummary, p: MetricPoint): void {
  if (p.step >= entry.lastStep) {
    entry.lastStep = p.step;
    entry.last = p.value;
  }
  entry.min = Number.isFinite(entry.min) ? Math.min(entry.min, p.value) : p.value;
  entry.max = Number.isFinite(entry.max) ? Math.max(entry.max, p.value) : p.value;
}

/** Folds freshly appended points into a run's summary (last/min/max) and step. */
export function applyPoints(run: Run, points: Record<string, MetricPoint[]>): Run {
  let step = run.step;
  const summary: MetricSummary[] = run.summary.map((s) => ({ ...s }));
  for (const [key, list] of Object.entries(points)) {
    const entry = summary.find((s) => s.key === key);
    for (const p of list) {
      if (step === null || p.step > step) step = p.step;
      if (entry && Number.isFinite(p.value)) foldPoint(entry, p);
    }
  }
  return { ...run, step, summary };
}

/**
 * Folds appended points into summaries by key (every key, new ones included: the compare
 * table's full-resolution final / best). Non-finite values are skipped, as in applyPoints.
 */
export function foldSummaries(
  summaries: Record<string, MetricSummary>,
  points: Record<string, MetricPoint[]>,
): Record<string, MetricSummary> {
  const next = { ...summaries };
  for (const [key, list] of Object.entries(points)) {
    const finite = list.filter((p) => Number.isFinite(p.value));
    const first = finite[0];
    if (!first) continue;
    const old = next[key];
    const entry = old
      ? { ...old }
      : { key, lastStep: first.step, last: first.value, min: first.value, max: first.value };
    for (const p of finite) foldPoint(entry, p);
    next[key] = entry;
  }
  return next;
}

/** Appends points past the series' last step (events can repeat what a fetch already returned). */
export function appendPoints(
  series: Record<string, MetricPoint[]>,
  points: Record<string, MetricPoint[]>,
): Record<string, MetricPoint[]> {
  const next = { ...series };
  for (const [key, list] of Object.entries(points)) {
    const current = next[key] ?? [];
    const lastStep =
      current.length > 0 ? (current[current.length - 1] as MetricPoint).step : -Infinity;
    const fresh = list.filter((p) => p.step > lastStep);
    if (fresh.length > 0) next[key] = current.concat(fresh);
  }
  return next;
}
