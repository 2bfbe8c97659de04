// End to end: a real trainer process samples with top-3 alternatives, the host validates them
// (trainer protocol) and the store keeps them; the API returns them with their display strings.
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutListResponse } from '../../../src-main/contract';
import type { Run } from '../../../src-main/contract/entities';
import type { Harness } from './helpers';
import { harness, TINY } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('rollout alternatives from a real trainer', () => {
  it('are stored for every sample and served by rollouts.list', async () => {
    h = harness();
    const { wb } = h;
    const created = await wb.call('runs.create', {
      name: 'alt',
      config: { ...TINY, rl: { ...TINY.rl, steps: 2 }, eval: { ...TINY.eval, every: 0 } },
    });
    if (!created.ok) throw new Error(created.error.message);
    const id = (created.value as Run).id;
    wb.queue.start();
    expect(await wb.queue.waitFor(id)).toBe('finished');
    const steps = wb.store.rollouts.steps(id);
    expect(steps).toEqual([1, 2]);
    for (const s of wb.store.rollouts.list(id, 2)) {
      expect(s.alternatives?.k).toBe(3);
      expect(s.alternatives?.tokens).toHaveLength(3 * s.tokens.length);
    }
    const res = await wb.call('rollouts.list', { runId: id, step: 2 });
    if (!res.ok) throw new Error(res.error.message);
    const { samples, vocab } = res.value as RolloutListResponse;
    const alt = samples[0]!.alternatives!;
    for (const t of alt.tokens) expect(typeof vocab[t]).toBe('string');
    samples[0]!.tokens.forEach((t, i) => {
      const probs = alt.probs.slice(3 * i, 3 * i + 3);
      expect(probs[0]).toBeGreaterThanOrEqual(probs[2]!);
      const j = alt.tokens.slice(3 * i, 3 * i + 3).indexOf(t);
      if (j >= 0) expect(probs[j]).toBeCloseTo(Math.exp(samples[0]!.logprobs![i]!), 2);
    });
  }, 120_000);
});
