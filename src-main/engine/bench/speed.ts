// Speed measurements for the model: train tokens/s (forward + backward + Adam on next-token
// cross-entropy over B×T tokens) and decode tokens/s (batched KV-cache sampling).
import * as tf from '@tensorflow/tfjs-core';
import { createOptimizer, createPolicy, trainStep } from '../model';
import type { ModelConfig, Policy } from '../model';
import { mulberry32 } from '../model/rng';

export interface BenchShape {
  vocab: number;
  ctx: number;
  d: number;
  layers: number;
  heads: number;
  batch: number;
  mlpRatio?: number;
}

export interface SpeedResult {
  params: number;
  trainTokensPerS: number[];
  decodeTokensPerS: number[];
}

export function configOf(s: BenchShape): ModelConfig {
  return {
    vocabSize: s.vocab,
    contextLength: s.ctx,
    dModel: s.d,
    nLayers: s.layers,
    nHeads: s.heads,
    mlpRatio: s.mlpRatio ?? 4,
  };
}

export function nextTokenLoss(policy: Policy, ids: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  const [B, T] = ids.shape;
  const V = policy.config.vocabSize;
  const logits = tf.reshape(policy.logits(ids), [B * T, V]);
  const oh = tf.oneHot(tf.reshape(targets, [B * T]) as tf.Tensor1D, V);
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), oh), -1)));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
export { median };

/** Time `steps` train steps and `decodes` full decodes (after one warm-up of each). */
export function measureSpeed(
  shape: BenchShape,
  opts: { steps: number; decodes: number; seed?: number; onLine?: (s: string) => void },
): SpeedResult {
  const cfg = configOf(shape);
  const policy = createPolicy(cfg, opts.seed ?? 0);
  const params = policy.variables.reduce((a, v) => a + v.size, 0);
  const rand = mulberry32(1);
  const B = shape.batch;
  const T = shape.ctx;
  const randIds = () => Int32Array.from({ length: B * T }, () => Math.floor(rand() * shape.vocab));
  const ids = tf.tensor2d(randIds(), [B, T], 'int32');
  const tgt = tf.tensor2d(randIds(), [B, T], 'int32');
  const opt = createOptimizer({ lr: 1e-3, clipNorm: 1 });
  const train: number[] = [];
  const decode: number[] = [];
  try {
    for (let i = 0; i <= opts.steps; i++) {
      const t0 = performance.now();
      trainStep(policy, opt, (p) => nextTokenLoss(p, ids, tgt));
      const s = (performance.now() - t0) / 1000;
      if (i > 0) train.push((B * T) / s);
      opts.onLine?.(`train step ${i}: ${s.toFixed(3)} s`);
    }
    const prompts = Array.from({ length: B }, () => [Math.floor(rand() * shape.vocab)]);
    for (let i = 0; i <= opts.decodes; i++) {
      const t0 = performance.now();
      const out = policy.sample(prompts, {
        maxNewTokens: T - 1,
        temperature: 1,
        eosId: -1,
        rng: rand,
      });
      const s = (performance.now() - t0) / 1000;
      const n = out.tokens.reduce((a, t) => a + t.length, 0);
      if (i > 0) decode.push(n / s);
      opts.onLine?.(`decode ${i}: ${s.toFixed(3)} s, ${n} tokens`);
    }
  } finally {
    tf.dispose([ids, tgt]);
    opt.dispose();
    policy.dispose();
  }
  return { params, trainTokensPerS: train, decodeTokensPerS: decode };
}
