// The metrics read path: thinning to ~maxPoints on power-of-two strides (index seeks, no count
// scan), and readMany's per-run series + full-resolution summaries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src-main/store';
import { openStore } from '../../../src-main/store';
import { strideFor, stridedSteps } from '../../../src-main/store/repositories/metrics';

let dir: string;
let store: Store;
let experimentId: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-metrics-read-'));
  store = openStore(join(dir, 'test.db'));
  experimentId = store.experiments.create({ name: 'e' });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function newRun(points: { key: string; step: number; value: number }[]): number {
  const id = store.runs.create({
    experimentId,
    name: `r${Math.random()}`,
    task: 'countdown',
    maskMode: 'top',
    seed: 1,
    config: {},
  });
  store.metrics.insert(
    id,
    points.map((p) => ({ ...p, wallTime: 1000 + p.step })),
  );
  return id;
}

const steps = (from: number, to: number, every = 1) =>
  Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => from + i * every);

/** The earlier implementation: a count scan, then `step % stride = 0 OR step = hi`. */
function reference(all: number[], since: number, maxPoints: number): number[] {
  const kept = all.filter((s) => s >= since);
  if (kept.length === 0) return [];
  const lo = kept[0] as number;
  const hi = kept[kept.length - 1] as number;
  let stride = 1;
  while (kept.length / stride > maxPoints || (hi - lo) / stride > maxPoints) stride *= 2;
  return kept.filter((s) => s % stride === 0 || s === hi);
}

describe('thinning', () => {
  it('picks the smallest power-of-two stride and keeps the last step', () => {
    expect(strideFor(1, 100, 100)).toBe(1);
    expect(strideFor(0, 100, 100)).toBe(2); // 101 steps
    expect(strideFor(1, 10_000, 1000)).toBe(16);
    expect(stridedSteps(3, 40, 16)).toEqual([16, 32, 40]);
    expect(stridedSteps(0, 32, 16)).toEqual([0, 16, 32]);
  });

  it.each([
    ['dense from 1', steps(1, 10_000), 0, 1000],
    ['dense from 0', steps(0, 999), 0, 100],
    ['dense, since', steps(1, 5000), 1234, 300],
    ['every 50th (evals)', steps(0, 10_000, 50), 0, 1000],
    ['every 7th, since', steps(5, 7000, 7), 100, 250],
    ['short', steps(0, 40), 0, 100],
  ])('matches the earlier strided read: %s', (_name, all, since, maxPoints) => {
    const id = newRun(all.map((step) => ({ key: 'k', step, value: Math.sin(step) })));
    const [series] = store.metrics.series(id, { keys: ['k'], sinceStep: since, maxPoints });
    const got = series!.points.map((p) => p.step);
    const want = reference(all, since, maxPoints);
    expect(got).toEqual(want);
    expect(got[got.length - 1]).toBe(all[all.length - 1]);
    for (const p of series!.points) {
      expect(p.value).toBeCloseTo(Math.sin(p.step), 12);
      expect(p.wallTime).toBe(1000 + p.step);
    }
  });

  it('differs from the earlier rule only for a sparse series spanning exactly maxPoints × stride', () => {
    // 0, 2, …, 200: 101 points over a span of 200 = 100 × 2. The count-free rule cannot tell this
    // from 201 dense steps, so it takes stride 4: fewer points, still on shared steps.
    const all = steps(0, 200, 2);
    const id = newRun(all.map((step) => ({ key: 'k', step, value: step })));
    const got = store.metrics.series(id, { maxPoints: 100 })[0]!.points.map((p) => p.step);
    expect(reference(all, 0, 100)).toHaveLength(101);
    expect(got).toEqual(steps(0, 200, 4));
  });

  it('returns every point without maxPoints, and nothing for an unknown key', () => {
    const id = newRun(steps(0, 2000).map((step) => ({ key: 'k', step, value: step })));
    expect(store.metrics.series(id)[0]!.points).toHaveLength(2001);
    expect(store.metrics.series(id, { keys: ['nope'], maxPoints: 100 })).toEqual([
      { runId: id, key: 'nope', points: [] },
    ]);
  });
});

describe('readMany', () => {
  it('keeps the best point in the summaries when thinning drops it from the series', () => {
    const all = steps(1, 1000);
    // The spike sits on an odd step: no power-of-two stride > 1 keeps it.
    const id = newRun(
      all.map((step) => ({ key: 'reward/mean', step, value: step === 333 ? 5 : 0.5 })),
    );
    const other = newRun([{ key: 'loss', step: 0, value: 1 }]);
    const [a, b] = store.metrics.readMany([id, other], { maxPoints: 100 });
    expect(a!.runId).toBe(id);
    const reward = a!.series[0]!;
    expect(reward.points.length).toBeLessThanOrEqual(101);
    expect(reward.points.some((p) => p.step === 333)).toBe(false);
    expect(Math.max(...reward.points.map((p) => p.value))).toBe(0.5);
    expect(a!.summaries).toEqual([
      { key: 'reward/mean', lastStep: 1000, last: 0.5, min: 0.5, max: 5 },
    ]);
    expect(b).toEqual({
      runId: other,
      series: [{ runId: other, key: 'loss', points: [{ step: 0, wallTime: 1000, value: 1 }] }],
      summaries: [{ key: 'loss', lastStep: 0, last: 1, min: 1, max: 1 }],
    });
  });

  it('answers in the order asked, once per run, with keys filtering series and summaries', () => {
    const a = newRun([
      { key: 'x', step: 0, value: 1 },
      { key: 'y', step: 0, value: 2 },
    ]);
    const b = newRun([{ key: 'y', step: 3, value: 4 }]);
    const out = store.metrics.readMany([b, a, b], { keys: ['y'] });
    expect(out.map((r) => r.runId)).toEqual([b, a]);
    expect(out.map((r) => r.series.map((s) => s.key))).toEqual([['y'], ['y']]);
    expect(out.map((r) => r.summaries.map((s) => s.key))).toEqual([['y'], ['y']]);
    // series() is readMany for one run.
    expect(store.metrics.series(a)).toEqual(store.metrics.readMany([a])[0]!.series);
  });
});
