// A real trainer process records system metrics beside the training curves: system/cpu_percent
// and system/rss_mb each step (no GPU memory on a CPU backend).
import { afterEach, describe, expect, it } from 'vitest';
import type { Run } from '../../../src-main/contract/entities';
import type { Harness } from './helpers';
import { allMetrics, harness, TINY } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('system metrics', () => {
  it('are sampled by the trainer each step', async () => {
    h = harness();
    const { wb } = h;
    const config = { ...TINY, rl: { ...TINY.rl, steps: 3 }, eval: { ...TINY.eval, every: 0 } };
    const created = await wb.call('runs.create', { name: 'sys', config });
    if (!created.ok) throw new Error(created.error.message);
    const id = (created.value as Run).id;
    wb.queue.start();
    expect(await wb.queue.waitFor(id)).toBe('finished');
    const m = allMetrics(wb, id);
    expect(m['system/cpu_percent']?.map(([step]) => step)).toEqual([1, 2, 3]);
    for (const [, v] of m['system/cpu_percent']!) expect(v).toBeGreaterThan(0);
    for (const [, v] of m['system/rss_mb']!) expect(v).toBeGreaterThan(20); // a Node process + tfjs
    expect(m['system/gpu_memory_mb']).toBeUndefined(); // TINY runs on the cpu backend
  });
});
