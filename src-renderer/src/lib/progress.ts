// Progress the way trackers show it: "step 125 of 150", a rate and an ETA for a run; "k of n
// done" and an ETA for a sweep. Rates come from the metrics' wall times (the last 20 steps), so
// a resumed run or a slow first step does not skew them; ETAs assume the rate holds.
import type { MetricPoint, Run, RunStatus } from '@contract';
import { formatDuration } from './format';
import { getPath } from './query';

export interface RunProgress {
  step: number;
  /** config rl.steps, when the config says. */
  total: number | null;
  /** Steps per second, when it can be measured. */
  rate: number | null;
  /** Milliseconds until the last step at `rate`; null when unknown or not running. */
  etaMs: number | null;
}

const ENDED: readonly RunStatus[] = ['finished', 'failed', 'stopped', 'crashed', 'interrupted'];

export function totalSteps(config: Record<string, unknown>): number | null {
  const v = getPath(config, 'rl.steps');
  return typeof v === 'number' && v > 0 ? v : null;
}

/** Steps per second over the last `window` points of a series (null with fewer than two). */
export function stepRate(points: readonly MetricPoint[], window = 20): number | null {
  const tail = points.slice(-window);
  const a = tail[0];
  const b = tail[tail.length - 1];
  if (!a || !b || b.step <= a.step || b.wallTime <= a.wallTime) return null;
  return (b.step - a.step) / (b.wallTime - a.wallTime);
}

/** The series most steps were logged in (the one whose wall times say most about the rate). */
function densest(series: Record<string, MetricPoint[]>): MetricPoint[] {
  let best: MetricPoint[] = [];
  for (const points of Object.values(series)) if (points.length > best.length) best = points;
  return best;
}

/** A run's progress; `series` (its metrics) gives the rate, else its step over time running. */
export function runProgress(
  run: Pick<Run, 'status' | 'step' | 'config' | 'startedAt'>,
  series: Record<string, MetricPoint[]> | null,
  now: number,
): RunProgress {
  const step = run.step ?? 0;
  const total = totalSteps(run.config);
  const points = series ? densest(series) : [];
  let rate = stepRate(points);
  // Counts down between metric events: the time since the last logged step is already spent.
  let sinceLast = 0;
  const last = points[points.length - 1];
  if (rate !== null && last) sinceLast = Math.max(0, now - last.wallTime * 1000);
  if (rate === null && run.startedAt && step > 0) {
    const seconds = (now - Date.parse(run.startedAt)) / 1000;
    if (seconds > 0) rate = step / seconds;
  }
  const etaMs =
    run.status === 'running' && rate && total !== null
      ? Math.max(0, (Math.max(0, total - step) / rate) * 1000 - sinceLast)
      : null;
  return { step, total, rate, etaMs };
}

/** "2.4 steps/s" when fast, "12.5 s/step" when slow. */
export function formatRate(rate: number | null): string {
  if (!rate || !Number.isFinite(rate)) return '—';
  return rate >= 1 ? `${rate.toFixed(1)} steps/s` : `${(1 / rate).toFixed(1)} s/step`;
}

export function formatEta(etaMs: number | null): string {
  return etaMs === null ? '—' : formatDuration(etaMs);
}

export interface SweepProgress {
  done: number;
  total: number;
  running: number;
  queued: number;
  /** Until every queued and running run has ended, one run at a time; null when unknown. */
  etaMs: number | null;
}

/**
 * Progress of a set of runs (a sweep). Running runs finish at their own rate; queued ones take
 * as long per step as the ended runs took (mean seconds per step), run one after another.
 */
export function sweepProgress(
  runs: readonly Pick<Run, 'status' | 'step' | 'config' | 'startedAt' | 'endedAt'>[],
  now: number,
): SweepProgress {
  const done = runs.filter((r) => ENDED.includes(r.status)).length;
  const running = runs.filter((r) => r.status === 'running');
  const queued = runs.filter((r) => r.status === 'queued');
  const perStep = runs
    .filter((r) => r.status === 'finished' && r.startedAt && r.endedAt && (r.step ?? 0) > 0)
    .map((r) => (Date.parse(r.endedAt!) - Date.parse(r.startedAt!)) / (r.step as number));
  const msPerStep = perStep.length ? perStep.reduce((a, b) => a + b, 0) / perStep.length : null;
  let eta: number | null = 0;
  for (const r of running) {
    const p = runProgress(r, null, now);
    eta = p.etaMs === null || eta === null ? null : eta + p.etaMs;
  }
  for (const r of queued) {
    const steps = totalSteps(r.config);
    eta = msPerStep === null || steps === null || eta === null ? null : eta + msPerStep * steps;
  }
  const active = running.length + queued.length;
  return {
    done,
    total: runs.length,
    running: running.length,
    queued: queued.length,
    etaMs: active === 0 ? null : eta,
  };
}
