// Folding pushed events into what the views hold. Pure functions, unit-tested.
import type { MetricPoint, MetricSummary, Run } from '@contract';

/** Folds freshly appended points into a run's summary (last/min/max) and step. */
export function applyPoints(run: Run, points: Record<string, MetricPoint[]>): Run {
  let step = run.step;
  const summary: MetricSummary[] = run.summary.map((s) => ({ ...s }));
  for (const [key, list] of Object.entries(points)) {
    const entry = summary.find((s) => s.key === key);
    for (const p of list) {
      if (step === null || p.step > step) step = p.step;
      if (!entry || !Number.isFinite(p.value)) continue;
      if (p.step >= entry.lastStep) {
        entry.lastStep = p.step;
        entry.last = p.value;
      }
      entry.min = Math.min(entry.min, p.value);
      entry.max = Math.max(entry.max, p.value);
    }
  }
  return { ...run, step, summary };
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
