// Custom-gradient kernels against plain autodiff on the cpu backend, and the optimizer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../src-main/engine/backend';
import { linear, linearConstInput } from '../../../../src-main/engine/model/kernels';
import { createOptimizer, createPolicy, trainStep } from '../../../../src-main/engine/model';
import { tiny } from './helpers';

let previous = '';
beforeAll(async () => {
  previous = tf.getBackend();
  await initBackend('cpu');
  await tf.setBackend('cpu');
});
afterAll(async () => {
  if (previous) await tf.setBackend(previous);
});

function close(a: tf.Tensor, b: tf.Tensor, tol = 1e-5): void {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(a.shape).toEqual(b.shape);
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThan(tol));
}

describe('custom-gradient kernels (cpu)', () => {
  it('linear matches matMul in value and gradients', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
      const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
      const dy = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(linear(a, b), dy));
      const g = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), dy));
      close(linear(x, w), tf.matMul(x, w));
      const [gx, gw] = tf.grads(f)([x, w]);
      const [rx, rw] = tf.grads(g)([x, w]);
      close(gx!, rx!);
      close(gw!, rw!);
      const h = (b: tf.Tensor) => tf.sum(tf.mul(linearConstInput(x, b), dy));
      close(tf.grad(h)(w), rw!);
    });
  });

  it('the whole model gradient matches finite differences', () => {
    const policy = createPolicy({ ...tiny, nLayers: 1 }, 11);
    const ids = tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32');
    const loss = () => tf.sum(tf.square(policy.logits(ids))) as tf.Scalar;
    const { grads } = tf.variableGrads(loss);
    const v = policy.variables[3]!; // h0.ln1.b: reached through LayerNorm and attention
    const g = grads[v.name]!.dataSync();
    const base = v.dataSync().slice();
    const eps = 1e-2;
    for (const i of [0, 5]) {
      const at = (d: number) => {
        const data = base.slice();
        data[i] = data[i]! + d;
        v.assign(tf.tensor(data, v.shape));
        return tf.tidy(() => loss().dataSync()[0]!);
      };
      const fd = (at(eps) - at(-eps)) / (2 * eps);
      expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-2 * Math.max(1, Math.abs(fd)));
    }
    tf.dispose([ids, ...Object.values(grads)]);
    policy.dispose();
  });
});

describe('optimizer', () => {
  it('lowers the loss, clips, and resumes exactly from saved state', () => {
    const mk = () => createPolicy(tiny, 3);
    const ids = tf.tensor2d([[1, 2, 3, 4, 5, 6]], [1, 6], 'int32');
    const tgt = tf.tensor2d([[2, 3, 4, 5, 6, 7]], [1, 6], 'int32');
    const lossFn = (p: { logits: (t: tf.Tensor2D) => tf.Tensor3D }) =>
      tf.tidy(() => {
        const l = p.logits(ids);
        const oh = tf.oneHot(tf.reshape(tgt, [6]) as tf.Tensor1D, tiny.vocabSize);
        return tf.losses.softmaxCrossEntropy(oh, tf.reshape(l, [6, tiny.vocabSize])) as tf.Scalar;
      });
    const a = mk();
    const opt = createOptimizer({ lr: 1e-2, clipNorm: 0.5 });
    const first = trainStep(a, opt, lossFn);
    expect(first.gradNorm).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) trainStep(a, opt, lossFn);
    // Resume: copy weights and optimizer state into fresh objects, then step both.
    const b = mk();
    b.setWeights(a.getWeights());
    const opt2 = createOptimizer({ lr: 1e-2, clipNorm: 0.5 });
    opt2.setState(opt.getState(), b.variables);
    const before = tf.memory().numTensors;
    const ra = trainStep(a, opt, lossFn);
    expect(tf.memory().numTensors).toBe(before);
    const rb = trainStep(b, opt2, lossFn);
    expect(ra.loss).toBeLessThan(first.loss);
    expect(rb.loss).toBe(ra.loss);
    const wa = a.getWeights().tensors;
    b.getWeights().tensors.forEach((t, i) =>
      expect(Array.from(t.data)).toEqual(Array.from(wa[i]!.data)),
    );
    [a, b].forEach((p) => p.dispose());
    [opt, opt2].forEach((o) => o.dispose());
    tf.dispose([ids, tgt]);
  });
});

describe('CPU attention kernels vs tf-ops attention', () => {
  // Width 8 runs whole 8-float blocks only; 4, 12 and 20 (paper-main's heads) end in a 4-float tail.
  it.each([
    [4, 2],
    [8, 2],
    [12, 2],
    [20, 2],
  ])('agree in logits, gradients and sampling at head width %i', async (width, nHeads) => {
    const { setAttentionImpl, useCpuAttention } =
      await import('../../../../src-main/engine/model/kernels');
    const cfg = { ...tiny, dModel: width * nHeads, nHeads };
    expect(useCpuAttention(width)).toBe(true);
    const policy = createPolicy(cfg, 21);
    const ids = tf.tensor2d(
      [
        [1, 2, 3, 4, 5],
        [5, 4, 3, 2, 1],
      ],
      [2, 5],
      'int32',
    );
    const run = () =>
      tf.tidy(() => {
        const f = () => tf.sum(tf.square(policy.logits(ids))) as tf.Scalar;
        const { value, grads } = tf.variableGrads(f);
        const logits = policy.logits(ids);
        return [logits, value, ...policy.variables.map((v) => grads[v.name]!)];
      });
    const fast = run();
    setAttentionImpl('tf');
    try {
      const slow = run();
      fast.forEach((t, i) => close(t, slow[i]!, 1e-4));
      tf.dispose(slow);
      const s = () =>
        policy.sample([[1], [2, 3, 4]], {
          maxNewTokens: 5,
          temperature: 0,
          eosId: -1,
          rng: () => 0.5,
        });
      const ref = s();
      setAttentionImpl('auto');
      const got = s();
      expect(got.tokens).toEqual(ref.tokens);
      got.logProbs.forEach((lp, b) =>
        lp.forEach((x, i) => expect(Math.abs(x - ref.logProbs[b]![i]!)).toBeLessThan(1e-4)),
      );
    } finally {
      setAttentionImpl('auto');
    }
    tf.dispose([...fast, ids]);
    policy.dispose();
  });
});
