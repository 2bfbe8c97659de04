// The real trainer process (tfjs engine, tiny model): a run through the API trains and
// records; stop + resume and SIGKILL + resume end with the same metrics as an uninterrupted run.
import { afterEach, describe, expect, it } from 'vitest';
import type { Run } from '../../../src-main/contract/entities';
import type { Harness } from './helpers';
import { allMetrics, harness, run, TINY, until } from './helpers';

/** Timing and system (CPU, memory) metrics differ between any two runs; the rest must match. */
function comparable(m: Record<string, [number, number][]>): Record<string, [number, number][]> {
  return Object.fromEntries(Object.entries(m).filter(([k]) => !/^(time|perf|system)\//.test(k)));
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

async function create(hh: Harness, name: string, steps = 8): Promise<number> {
  const config = { ...TINY, rl: { ...TINY.rl, steps } };
  const r = await hh.wb.call('runs.create', { name, config });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as Run).id;
}

describe('real trainer', () => {
  it('trains, evaluates, checkpoints; stop + resume matches an uninterrupted run', async () => {
    h = harness();
    const { wb } = h;
    const reference = await create(h, 'reference');
    const stopped = await create(h, 'stopped');
    wb.queue.start();
    expect(await wb.queue.waitFor(reference)).toBe('finished');
    const ref = run(wb, reference);
    expect(ref.backend).toBe('cpu');
    expect(ref.step).toBe(8);
    expect(wb.store.evals.list(reference).map((e) => e.step)).toEqual([0, 0, 4, 4, 8, 8]);
    expect(wb.store.rollouts.steps(reference)).toHaveLength(8);
    expect(wb.store.checkpoints.list(reference).length).toBeGreaterThan(0);

    await until(() => (run(wb, stopped).step ?? 0) >= 2, 'two steps');
    await wb.call('runs.stop', { id: stopped });
    expect(await wb.queue.waitFor(stopped)).toBe('stopped');
    expect(run(wb, stopped).step).toBeLessThan(8);
    await wb.call('runs.resume', { id: stopped });
    expect(await wb.queue.waitFor(stopped)).toBe('finished');
    const a = comparable(allMetrics(wb, reference));
    const b = comparable(allMetrics(wb, stopped));
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const key of Object.keys(a)) {
      const pa = a[key]!;
      const pb = b[key]!;
      expect(
        pb.map((p) => p[0]),
        key,
      ).toEqual(pa.map((p) => p[0]));
      pa.forEach(([, v], i) => {
        const w = pb[i]![1];
        if (Number.isNaN(v)) expect(w, key).toBeNaN();
        else expect(w, `${key} @ ${pa[i]![0]}`).toBeCloseTo(v, 5);
      });
    }
  });

  it('marks a SIGKILLed trainer crashed; integrity holds; resume finishes the run', async () => {
    h = harness();
    const { wb } = h;
    const id = await create(h, 'victim', 12);
    wb.queue.start();
    await until(() => (run(wb, id).step ?? 0) >= 5, 'five steps');
    process.kill(wb.queue.pidOf(id)!, 'SIGKILL');
    expect(await wb.queue.waitFor(id)).toBe('crashed');
    expect(run(wb, id).step).toBeGreaterThanOrEqual(5);
    expect(wb.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await wb.call('runs.resume', { id });
    expect(await wb.queue.waitFor(id)).toBe('finished');
    const steps = wb.store.metrics
      .series(id, { keys: ['reward/mean'] })[0]!
      .points.map((p) => p.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});
