// Top-k alternatives: pickToken reports the true top-k of the distribution the token was sampled
// from (at the sampling temperature), the sampled token's probability matches exp(its log-prob),
// and sample() carries them per response token without changing what is sampled.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainerMessage } from '../../../../src-main/contract/trainer-protocol';
import { initBackend } from '../../../../src-main/engine/backend';
import { createPolicy, pickToken } from '../../../../src-main/engine/model';
import type { TopSink } from '../../../../src-main/engine/model/logprobs';
import { topIndices } from '../../../../src-main/engine/model/logprobs';
import { rng, tiny, tinyStepSamples } from './helpers';

/** Logits whose softmax at temperature 1 is exactly `p` (up to float32 rounding). */
function logitsOf(p: number[]): Float32Array {
  return Float32Array.from(p, (x) => Math.log(x));
}

describe('pickToken top-k alternatives', () => {
  // A hand-made distribution: sorted it reads 0.35 (id 4), 0.25 (id 1), 0.2 (id 6), 0.1, …
  const p = [0.05, 0.25, 0.02, 0.1, 0.35, 0.03, 0.2];

  it('are the true top 3 with their probabilities', () => {
    const top: TopSink = { k: 3, ids: [], probs: [] };
    pickToken(logitsOf(p), 1, rng(1), top);
    expect(top.ids).toEqual([4, 1, 6]);
    expect(top.probs[0]).toBeCloseTo(0.35, 6);
    expect(top.probs[1]).toBeCloseTo(0.25, 6);
    expect(top.probs[2]).toBeCloseTo(0.2, 6);
  });

  it("give the sampled token's probability as exp(logProb), whichever token is drawn", () => {
    const seen = new Set<number>();
    const draw = rng(7);
    for (let i = 0; i < 200; i++) {
      const top: TopSink = { k: 3, ids: [], probs: [] };
      const pick = pickToken(logitsOf(p), 1, draw, top);
      seen.add(pick.token);
      const j = top.ids.indexOf(pick.token);
      if (j >= 0) expect(top.probs[j]).toBe(Math.exp(pick.logProb));
      else expect(Math.exp(pick.logProb)).toBeLessThanOrEqual(top.probs[2]!);
    }
    // Both cases happened: a listed token and one outside the top 3.
    expect([...seen].some((t) => [4, 1, 6].includes(t))).toBe(true);
    expect([...seen].some((t) => ![4, 1, 6].includes(t))).toBe(true);
  });

  it('use the sampling temperature (and T = 1 for greedy decoding)', () => {
    const T = 0.5;
    const row = logitsOf(p);
    const z = Array.from(row, (x) => x / T);
    const lse = Math.log(z.reduce((s, x) => s + Math.exp(x), 0));
    const top: TopSink = { k: 3, ids: [], probs: [] };
    const pick = pickToken(row, T, rng(3), top);
    expect(top.ids).toEqual([4, 1, 6]);
    top.ids.forEach((id, j) => expect(top.probs[j]).toBeCloseTo(Math.exp(z[id]! - lse), 6));
    const j = top.ids.indexOf(pick.token);
    if (j >= 0) expect(top.probs[j]).toBe(Math.exp(pick.logProb));
    const greedy: TopSink = { k: 3, ids: [], probs: [] };
    expect(pickToken(row, 0, rng(3), greedy).token).toBe(4);
    expect(greedy.probs[0]).toBeCloseTo(0.35, 6);
  });

  it('does not change what is drawn', () => {
    const a = rng(11);
    const b = rng(11);
    for (let i = 0; i < 50; i++)
      expect(pickToken(logitsOf(p), 1, a, { k: 3, ids: [], probs: [] })).toEqual(
        pickToken(logitsOf(p), 1, b),
      );
  });

  it('topIndices orders by value, ties to the lower index', () => {
    expect(topIndices([1, 3, 3, 2, 5], 3)).toEqual([4, 1, 2]);
    expect(topIndices([0, 0, 0], 2)).toEqual([0, 1]);
    expect(topIndices([2, 1], 5)).toEqual([0, 1]);
  });
});

describe('sample() with topK', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('reports k alternatives per response token, consistent with the log-probs', () => {
    const policy = createPolicy(tiny, 5);
    const opts = { maxNewTokens: 8, temperature: 1, eosId: -1 };
    const plain = policy.sample([[1, 2], [3]], { ...opts, rng: rng(9) });
    const out = policy.sample([[1, 2], [3]], { ...opts, rng: rng(9), topK: 3 });
    policy.dispose();
    expect(plain.alternatives).toBeUndefined();
    expect(out.tokens).toEqual(plain.tokens);
    expect(out.alternatives).toHaveLength(2);
    out.tokens.forEach((toks, b) => {
      const alt = out.alternatives![b]!;
      expect(alt.k).toBe(3);
      expect(alt.ids).toHaveLength(3 * toks.length);
      toks.forEach((t, i) => {
        const probs = Array.from(alt.probs.subarray(3 * i, 3 * i + 3));
        expect(probs[0]).toBeGreaterThanOrEqual(probs[1]!);
        expect(probs[1]).toBeGreaterThanOrEqual(probs[2]!);
        const lp = out.logProbs[b]![i]!;
        const j = Array.from(alt.ids.subarray(3 * i, 3 * i + 3)).indexOf(t);
        if (j >= 0) expect(probs[j]).toBeCloseTo(Math.exp(lp), 5);
        else expect(Math.exp(lp)).toBeLessThanOrEqual(probs[2]! + 1e-6);
      });
    });
  });
});

describe('trainer samples', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('carry the top-3 alternatives of every stored rollout, and the protocol accepts them', async () => {
    const { step, samples } = await tinyStepSamples();
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.alternatives?.k).toBe(3);
      expect(s.alternatives?.tokens).toHaveLength(3 * s.tokens.length);
      s.tokens.forEach((t, i) => {
        const j = s.alternatives!.tokens.slice(3 * i, 3 * i + 3).indexOf(t);
        if (j >= 0)
          expect(s.alternatives!.probs[3 * i + j]).toBeCloseTo(Math.exp(s.logprobs![i]!), 4);
      });
    }
    // The message the trainer process sends (the engine's records as they are); `alternatives`
    // replaces every sample's own.
    const message = (alternatives: unknown) => ({
      type: 'rollouts',
      step,
      samples: samples.map((s) => ({
        ...s,
        ...(alternatives === undefined ? {} : { alternatives }),
      })),
    });
    expect(parseTrainerMessage(message(undefined)).ok).toBe(true);
    const bad = parseTrainerMessage(message({ k: 3, tokens: [1], probs: [1] }));
    expect(bad.ok).toBe(false);
  });
});
