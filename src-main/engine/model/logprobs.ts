// Per-token log-probabilities and entropies at a sampling temperature.
// Temperature 0 means greedy decoding; its log-probs and entropies are reported at
// temperature 1 (the model's own distribution), since the greedy limit is degenerate.
import * as tf from '@tensorflow/tfjs-core';
import type { UniformRng } from './types';

function effective(temperature: number): number {
  return temperature > 0 ? temperature : 1;
}

/**
 * One pass over logits [B, T, V]: log π(target) [B, T] and entropy (nats) [B, T] of the
 * full distribution softmax(logits / temperature). Uses a one-hot product instead of
 * gather, whose gradient (UnsortedSegmentSum) the wasm backend lacks. Both outputs are
 * differentiable w.r.t. logits (the entropy's gradient is only paid for if used).
 */
export function tokenLogProbsAndEntropy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  temperature: number,
): { logProbs: tf.Tensor2D; entropy: tf.Tensor2D } {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    const t = effective(temperature);
    const z = t === 1 ? logits : tf.div(logits, t);
    const logp = tf.logSoftmax(z);
    const ids = tf.cast(tf.reshape(targets, [B * T]), 'int32') as tf.Tensor1D;
    const oh = tf.reshape(tf.oneHot(ids, V), [B, T, V]);
    const logProbs = tf.sum(tf.mul(logp, oh), -1) as tf.Tensor2D;
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), -1)) as tf.Tensor2D;
    return { logProbs, entropy };
  });
}

export interface Pick {
  token: number;
  logProb: number;
  entropy: number;
}

/** Where pickToken appends the row's `k` (≤ V) most likely tokens and their probabilities. */
export interface TopSink {
  k: number;
  ids: number[];
  probs: number[];
}

/** Indices of the k largest values of `row`, largest first, ties to the lower index. */
export function topIndices(row: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < row.length; i++) {
    const v = row[i]!;
    if (top.length === k && !(v > row[top[k - 1]!]!)) continue;
    let j = top.length;
    while (j > 0 && v > row[top[j - 1]!]!) j--;
    top.splice(j, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * Sample (or take the argmax of) one row of logits, in float64. With `top`, also appends the
 * row's top-k tokens with their probabilities at the same (effective) temperature.
 */
export function pickToken(
  row: Float32Array,
  temperature: number,
  rng: UniformRng,
  top?: TopSink,
): Pick {
  const t = effective(temperature);
  const V = row.length;
  let max = -Infinity;
  let arg = 0;
  for (let i = 0; i < V; i++) {
    const r = row[i]!;
    if (r > max) {
      max = r;
      arg = i;
    }
  }
  const m = max / t;
  let sum = 0;
  let zsum = 0;
  const e = new Float64Array(V);
  for (let i = 0; i < V; i++) {
    const z = row[i]! / t;
    const ex = Math.exp(z - m);
    e[i] = ex;
    sum += ex;
    zsum += ex * z;
  }
  const lse = m + Math.log(sum);
  const entropy = lse - zsum / sum;
  let token = arg;
  if (temperature > 0) {
    let u = rng() * sum;
    for (let i = 0; i < V; i++) {
      if (e[i]! === 0) continue;
      token = i; // last token with mass, in case rounding leaves u ≥ 0 at the end
      u -= e[i]!;
      if (u < 0) break;
    }
  }
  if (top && top.k > 0) {
    for (const i of topIndices(row, top.k)) {
      top.ids.push(i);
      top.probs.push(Math.exp(row[i]! / t - lse));
    }
  }
  return { token, logProb: row[token]! / t - lse, entropy };
}
