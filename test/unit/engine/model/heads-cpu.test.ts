// The CPU head split/merge (model/heads-cpu.ts) only moves floats, so on a head width the wasm
// attention kernels do not take (20 here, as the 0.25M base), the model's logits, gradients and
// samples must be bit-identical to those of the tf-ops split/merge it replaces.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src-main/engine/backend';
import { createPolicy, tokenLogProbsAndEntropy } from '../../../../src-main/engine/model';
import type { ModelConfig } from '../../../../src-main/engine/model';
import { mergeHeads, setHeadsImpl, splitHeads } from '../../../../src-main/engine/model/kernels';
import { rng } from './helpers';

const shape: ModelConfig = {
  vocabSize: 13,
  contextLength: 20,
  dModel: 40,
  nLayers: 2,
  nHeads: 2,
  mlpRatio: 2,
};

beforeAll(async () => {
  await initBackend('wasm');
});
afterEach(() => setHeadsImpl('auto'));

function both<T>(run: () => T): [T, T] {
  setHeadsImpl('tf');
  const ref = run();
  setHeadsImpl('auto');
  return [ref, run()];
}

describe('CPU head split/merge', () => {
  it('splits and merges exactly as the tf ops, values and gradients', () => {
    const r = rng(3);
    const [B, T, H, Dh] = [3, 5, 4, 20];
    const data = Float32Array.from({ length: B * T * 3 * H * Dh }, () => r() * 2 - 1);
    const weights = Float32Array.from({ length: B * T * H * Dh }, () => r());
    const [ref, ours] = both(() =>
      tf.tidy(() => {
        const qkv = tf.tensor2d(data, [B * T, 3 * H * Dh]);
        const w = tf.tensor2d(weights, [B * T, H * Dh]);
        const f = (x: tf.Tensor) => {
          const [q, k, v] = splitHeads(x as tf.Tensor2D, B, T, H);
          const mixed = tf.add(tf.mul(q!, 2), tf.sub(tf.mul(k!, v!), v!)) as tf.Tensor3D;
          return tf.sum(tf.mul(mergeHeads(mixed, H), w));
        };
        const parts = splitHeads(qkv, B, T, H).map((t) => Array.from(t.dataSync()));
        const grad = tf.grad(f)(qkv);
        return { parts, grad: Array.from(grad.dataSync()) };
      }),
    );
    expect(ours.parts).toEqual(ref.parts);
    expect(ours.grad).toEqual(ref.grad);
    expect(ref.grad.some((g) => g !== 0)).toBe(true);
  });

  it('leaves a head width of 20 with bit-identical logits, gradients and samples', () => {
    const policy = createPolicy(shape, 4);
    const r = rng(9);
    const rows = Array.from({ length: 3 }, () =>
      Array.from({ length: 12 }, () => Math.floor(r() * shape.vocabSize)),
    );
    const [ref, ours] = both(() => {
      const { value, grads } = tf.variableGrads(() => {
        const ids = tf.tensor2d(
          rows.map((x) => x.slice(0, -1)),
          undefined,
          'int32',
        );
        const tgt = tf.tensor2d(
          rows.map((x) => x.slice(1)),
          undefined,
          'int32',
        );
        return tf.sum(tokenLogProbsAndEntropy(policy.logits(ids), tgt, 1).logProbs) as tf.Scalar;
      }, policy.variables);
      const g = policy.variables.map((v) => Array.from(grads[v.name]!.dataSync()));
      const loss = value.dataSync()[0];
      tf.dispose([value, ...Object.values(grads)]);
      const s = policy.sample(
        [
          [1, 4, 5],
          [1, 6],
          [2, 7, 8, 9],
        ],
        {
          maxNewTokens: 8,
          temperature: 1,
          eosId: 2,
          rng: rng(5),
        },
      );
      return { loss, g, tokens: s.tokens, lp: s.logProbs.map((x) => Array.from(x)) };
    });
    policy.dispose();
    expect(ours.loss).toBe(ref.loss);
    expect(ours.g).toEqual(ref.g);
    expect(ours.tokens).toEqual(ref.tokens);
    expect(ours.lp).toEqual(ref.lp);
  });
});
