import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../src-main/engine/backend';
import { createPolicy, tokenLogProbsAndEntropy } from '../../../../src-main/engine/model';
import type { Policy } from '../../../../src-main/engine/model';
import { rng, tiny } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

function logitsOf(policy: Policy, row: number[]): Float32Array {
  return tf.tidy(() =>
    policy.logits(tf.tensor2d([row], [1, row.length], 'int32')).dataSync(),
  ) as Float32Array;
}

/** Full-forward log-probs and entropies of a sampled response, for comparison with sample(). */
function rescore(policy: Policy, prompt: number[], resp: number[], temp: number) {
  const seq = [...prompt, ...resp];
  return tf.tidy(() => {
    const ids = tf.tensor2d([seq.slice(0, -1)], [1, seq.length - 1], 'int32');
    const tgt = tf.tensor2d([seq.slice(1)], [1, seq.length - 1], 'int32');
    const { logProbs, entropy } = tokenLogProbsAndEntropy(policy.logits(ids), tgt, temp);
    const from = prompt.length - 1;
    return {
      lp: Array.from(logProbs.dataSync()).slice(from),
      ent: Array.from(entropy.dataSync()).slice(from),
    };
  });
}

describe('TransformerPolicy (wasm)', () => {
  it('gives logits of shape [B, T, V] and is causal', () => {
    const policy = createPolicy(tiny, 1);
    const a = [1, 2, 3, 4, 5, 6];
    const b = [1, 2, 3, 9, 9, 9];
    const shape = tf.tidy(() => policy.logits(tf.tensor2d([a, b], [2, 6], 'int32')).shape);
    expect(shape).toEqual([2, 6, tiny.vocabSize]);
    const la = logitsOf(policy, a);
    const lb = logitsOf(policy, b);
    const V = tiny.vocabSize;
    for (let i = 0; i < 3 * V; i++) expect(lb[i]).toBeCloseTo(la[i]!, 5);
    expect(Math.abs(lb[3 * V]! - la[3 * V]!)).toBeGreaterThan(1e-6);
    policy.dispose();
  });

  it('is seeded: same seed same weights, other seed other weights', () => {
    const [p1, p2, p3] = [createPolicy(tiny, 7), createPolicy(tiny, 7), createPolicy(tiny, 8)];
    const w = [p1, p2, p3].map((p) => p.getWeights().tensors[0]!.data);
    expect(Array.from(w[0]!)).toEqual(Array.from(w[1]!));
    expect(Array.from(w[0]!)).not.toEqual(Array.from(w[2]!));
    [p1, p2, p3].forEach((p) => p.dispose());
  });

  it('round-trips weights exactly', () => {
    const a = createPolicy(tiny, 1);
    const b = createPolicy(tiny, 2);
    b.setWeights(a.getWeights());
    const wa = a.getWeights();
    const wb = b.getWeights();
    expect(wb.tensors.map((t) => t.name)).toEqual(wa.tensors.map((t) => t.name));
    wa.tensors.forEach((t, i) =>
      expect(Array.from(wb.tensors[i]!.data)).toEqual(Array.from(t.data)),
    );
    expect(Array.from(logitsOf(b, [3, 1, 4]))).toEqual(Array.from(logitsOf(a, [3, 1, 4])));
    expect(() => b.setWeights({ ...wa, config: { ...tiny, dModel: 8 } })).toThrow(/dModel/);
    a.dispose();
    b.dispose();
  });

  it('sample() log-probs and entropies match a full forward (KV cache), ragged prompts', () => {
    const policy = createPolicy(tiny, 3);
    const prompts = [[1], [2, 3, 4, 5], [6, 7]];
    for (const temp of [1, 0.7]) {
      const out = policy.sample(prompts, {
        maxNewTokens: 8,
        temperature: temp,
        eosId: 0,
        rng: rng(5),
      });
      prompts.forEach((pr, b) => {
        const resp = out.tokens[b]!;
        expect(resp.length).toBeGreaterThan(0);
        expect(out.logProbs[b]!.length).toBe(resp.length);
        const ref = rescore(policy, pr, resp, temp);
        resp.forEach((_, i) => {
          expect(Math.abs(out.logProbs[b]![i]! - ref.lp[i]!)).toBeLessThan(1e-4);
          expect(Math.abs(out.entropies[b]![i]! - ref.ent[i]!)).toBeLessThan(1e-4);
        });
      });
    }
    policy.dispose();
  });

  it('a row does not depend on the other rows of the batch', () => {
    const policy = createPolicy(tiny, 4);
    const opts = { maxNewTokens: 6, temperature: 0, eosId: -1, rng: rng(1) };
    const alone = policy.sample([[5, 6]], opts);
    const mixed = policy.sample(
      [
        [1, 2, 3, 4, 5],
        [5, 6],
      ],
      opts,
    );
    expect(mixed.tokens[1]).toEqual(alone.tokens[0]);
    policy.dispose();
  });

  it('greedy is deterministic; sampling follows the rng seed', () => {
    const policy = createPolicy(tiny, 5);
    const prompts = [[1, 2], [3]];
    const g = (seed: number) =>
      policy.sample(prompts, { maxNewTokens: 10, temperature: 0, eosId: -1, rng: rng(seed) });
    expect(g(1).tokens).toEqual(g(2).tokens);
    const s = (seed: number) =>
      policy.sample(prompts, { maxNewTokens: 10, temperature: 1, eosId: -1, rng: rng(seed) });
    expect(s(3).tokens).toEqual(s(3).tokens);
    expect(s(3).tokens).not.toEqual(s(4).tokens);
    policy.dispose();
  });

  it('stops rows at EOS and at the token / context limits', () => {
    const policy = createPolicy({ ...tiny, vocabSize: 3 }, 6);
    const out = policy.sample([[1], [2, 1]], {
      maxNewTokens: 12,
      temperature: 1,
      eosId: 0,
      rng: rng(9),
    });
    out.tokens.forEach((t, b) => {
      const eos = t.indexOf(0);
      if (out.finished[b]) expect(eos).toBe(t.length - 1);
      else {
        expect(eos).toBe(-1);
        expect(t.length).toBe(12);
      }
    });
    expect(out.finished.some(Boolean)).toBe(true);
    const long = policy.sample([[1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]], {
      maxNewTokens: 10,
      temperature: 1,
      eosId: -1,
      rng: rng(1),
    });
    expect(long.tokens[0]!.length).toBe(tiny.contextLength - 14);
    expect(long.finished[0]).toBe(false);
    const opts = { maxNewTokens: 1, temperature: 1, eosId: -1, rng: rng(1) };
    expect(() => policy.sample([new Array(17).fill(1)], opts)).toThrow(/exceeds the context/);
    expect(() => policy.sample([[]], opts)).toThrow(/empty prompt/);
    policy.dispose();
  });

  it('leaks no tensors in logits, sample, get/setWeights', () => {
    const policy = createPolicy(tiny, 1);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      policy.logits(tf.tensor2d([[1, 2, 3]], [1, 3], 'int32'));
    });
    policy.sample([[1], [2, 3]], { maxNewTokens: 4, temperature: 1, eosId: 0, rng: rng(1) });
    policy.setWeights(policy.getWeights());
    expect(tf.memory().numTensors).toBe(before);
    policy.dispose();
  });
});

describe('tokenLogProbsAndEntropy', () => {
  it('gives ln V for a uniform distribution and log-softmax of the target', () => {
    const V = 8;
    const r = tf.tidy(() => {
      const logits = tf.concat([tf.zeros([1, 1, V]), tf.tensor3d([[[2, 0, 0, 0, 0, 0, 0, 0]]])], 1);
      const out = tokenLogProbsAndEntropy(
        logits as tf.Tensor3D,
        tf.tensor2d([[3, 0]], [1, 2], 'int32'),
        1,
      );
      return { lp: Array.from(out.logProbs.dataSync()), ent: Array.from(out.entropy.dataSync()) };
    });
    expect(r.ent[0]).toBeCloseTo(Math.log(V), 5);
    expect(r.lp[0]).toBeCloseTo(-Math.log(V), 5);
    expect(r.lp[1]).toBeCloseTo(2 - Math.log(Math.exp(2) + 7), 5);
  });

  it('is differentiable w.r.t. logits through the log-probs', () => {
    const g = tf.tidy(() => {
      const f = (l: tf.Tensor) =>
        tf.sum(
          tokenLogProbsAndEntropy(l as tf.Tensor3D, tf.tensor2d([[1]], [1, 1], 'int32'), 1)
            .logProbs,
        );
      return Array.from(
        tf
          .grad(f)(tf.zeros([1, 1, 4]))
          .dataSync(),
      );
    });
    expect(g[1]).toBeCloseTo(0.75, 5);
    expect(g[0]).toBeCloseTo(-0.25, 5);
  });
});
