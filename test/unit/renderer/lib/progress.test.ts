// Run and sweep progress: step of total, rate from wall times, ETA that counts down, k of n done.
import { describe, expect, it } from 'vitest';
import type { MetricPoint, Run } from '../../../../src-main/contract/entities';
import {
  formatRate,
  runProgress,
  stepRate,
  sweepProgress,
} from '../../../../src-renderer/src/lib/progress';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const points = (n: number, secondsPerStep: number): MetricPoint[] =>
  Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    wallTime: T0 / 1000 + (i + 1) * secondsPerStep,
    value: 0,
  }));
type R = Pick<Run, 'status' | 'step' | 'config' | 'startedAt' | 'endedAt'>;
const run = (over: Partial<R>): R => ({
  status: 'running',
  step: 0,
  config: { rl: { steps: 150 } },
  startedAt: new Date(T0).toISOString(),
  endedAt: null,
  ...over,
});

describe('run progress', () => {
  it('rate over the last 20 steps, ignoring a slow start', () => {
    const pts = points(100, 2);
    pts[0] = { ...pts[0]!, wallTime: pts[0]!.wallTime - 600 }; // a slow first step
    expect(stepRate(pts)).toBeCloseTo(0.5);
    expect(stepRate(pts.slice(0, 1))).toBeNull();
  });

  it('step 125 of 150, its rate and an ETA that counts down between metric events', () => {
    const series = { 'reward/mean': points(125, 2) };
    const lastMs = T0 + 125 * 2000;
    const p = runProgress(run({ step: 125 }), series, lastMs);
    expect(p).toMatchObject({ step: 125, total: 150 });
    expect(p.rate).toBeCloseTo(0.5);
    expect(p.etaMs).toBeCloseTo(50_000);
    expect(runProgress(run({ step: 125 }), series, lastMs + 3000).etaMs).toBeCloseTo(47_000);
    expect(runProgress(run({ step: 125, status: 'finished' }), series, lastMs).etaMs).toBeNull();
    expect(formatRate(0.5)).toBe('2.0 s/step');
    expect(formatRate(4)).toBe('4.0 steps/s');
  });

  it('without metrics, the rate is the step over the time since the start', () => {
    const p = runProgress(run({ step: 30 }), null, T0 + 60_000);
    expect(p.rate).toBeCloseTo(0.5);
    expect(p.etaMs).toBeCloseTo(240_000);
  });
});

describe('sweep progress', () => {
  it('k of n done; ETA adds the running runs and the queued ones at the finished time per step', () => {
    const finished = run({
      status: 'finished',
      step: 100,
      config: { rl: { steps: 100 } },
      endedAt: new Date(T0 + 200_000).toISOString(),
    });
    const failed = run({ status: 'failed', step: 3 });
    const running = run({ step: 50, config: { rl: { steps: 100 } } });
    const queued = run({
      status: 'queued',
      step: null,
      startedAt: null,
      config: { rl: { steps: 60 } },
    });
    const p = sweepProgress([finished, failed, running, queued], T0 + 100_000);
    expect(p).toMatchObject({ done: 2, total: 4, running: 1, queued: 1 });
    // running: 50 steps in 100 s → 100 s left; queued: 60 steps × 2 s (the finished run's pace).
    expect(p.etaMs).toBeCloseTo(100_000 + 120_000);
    expect(sweepProgress([finished, failed], T0).etaMs).toBeNull();
    expect(sweepProgress([queued], T0).etaMs).toBeNull(); // nothing ended yet to time a step by
  });
});
