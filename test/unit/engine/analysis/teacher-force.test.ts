// Forward-pass analyses on a tiny random policy: teacher-forced entropies agree with the
// sampler's own, are batch-independent, and two-temperature decoding switches on the threshold.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src-main/engine/backend';
import { createPolicy } from '../../../../src-main/engine/model';
import {
  rowEntropy,
  sampleTwoTemperature,
  teacherForceEntropies,
} from '../../../../src-main/engine/analysis';
import { rng, tiny } from '../model/helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('teacherForceEntropies', () => {
  it('matches the entropies and log-probs the sampler reported', () => {
    const policy = createPolicy(tiny, 3);
    const prompts = [
      [1, 4, 5],
      [1, 6],
      [1, 7, 8, 9],
    ];
    const out = policy.sample(prompts, { maxNewTokens: 6, temperature: 1, eosId: 2, rng: rng(5) });
    const seqs = prompts.map((p, i) => ({ prompt: p, response: out.tokens[i] as number[] }));
    const forced = teacherForceEntropies(policy, seqs, 1, 2); // batch of 2: crosses batches
    seqs.forEach((s, i) => {
      expect(forced.entropies[i]).toHaveLength(s.response.length);
      Array.from(forced.entropies[i]!).forEach((h, j) =>
        expect(h).toBeCloseTo(out.entropies[i]![j]!, 3),
      );
      Array.from(forced.logProbs[i]!).forEach((l, j) =>
        expect(l).toBeCloseTo(out.logProbs[i]![j]!, 3),
      );
    });
    // Same numbers whatever the batching (right padding does not leak through the causal mask).
    const alone = teacherForceEntropies(policy, [seqs[1]!], 1);
    Array.from(alone.entropies[0]!).forEach((h, j) =>
      expect(h).toBeCloseTo(forced.entropies[1]![j]!, 4),
    );
    policy.dispose();
  });

  it('gives NaN past the context', () => {
    const policy = createPolicy(tiny, 4);
    const response = Array.from({ length: 20 }, (_, i) => 4 + (i % 5));
    const r = teacherForceEntropies(policy, [{ prompt: [1, 4], response }], 1);
    const e = Array.from(r.entropies[0]!);
    expect(e.slice(0, 15).every(Number.isFinite)).toBe(true); // positions 1..15 of 16
    expect(e.slice(15).every(Number.isNaN)).toBe(true);
    policy.dispose();
  });
});

describe('rowEntropy', () => {
  it('is log V for a flat row and 0 for a peaked one', () => {
    expect(rowEntropy([0, 0, 0, 0])).toBeCloseTo(Math.log(4), 12);
    expect(rowEntropy([0, 1000, 0])).toBeCloseTo(0, 10);
  });
});

describe('sampleTwoTemperature (Fig. 3)', () => {
  it('uses T_high above the threshold and T_low below', () => {
    const policy = createPolicy(tiny, 5);
    const prompts = [
      [1, 4],
      [1, 5, 6],
    ];
    const base = { maxNewTokens: 5, eosId: 2, rng: rng(9) };
    const allLow = sampleTwoTemperature(policy, prompts, {
      ...base,
      threshold: Infinity,
      tHigh: 1,
      tLow: 0,
    });
    expect(allLow.high.every((h) => h.every((x) => x === 0))).toBe(true);
    // T_low = 0 everywhere: greedy, so a second run with another seed gives the same tokens.
    const again = sampleTwoTemperature(policy, prompts, {
      ...base,
      rng: rng(1234),
      threshold: Infinity,
      tHigh: 1,
      tLow: 0,
    });
    expect(again.tokens).toEqual(allLow.tokens);
    const allHigh = sampleTwoTemperature(policy, prompts, {
      ...base,
      threshold: -1,
      tHigh: 0,
      tLow: 5,
    });
    expect(allHigh.high.every((h) => h.every((x) => x === 1))).toBe(true);
    expect(allHigh.tokens).toEqual(allLow.tokens); // greedy again, through T_high this time
    expect(allLow.entropies[0]!.length).toBe(allLow.tokens[0]!.length);
    policy.dispose();
  });
});
