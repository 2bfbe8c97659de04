// Token entropy H = −Σ p log p of the full next-token distribution at temperature T (paper Eq. 1),
// in nats. Uniform over V tokens gives ln V.
import * as tf from '@tensorflow/tfjs-core';

/** Entropy of softmax(logits / temperature), computed stably via log-sum-exp. */
export function entropyFromLogits(logits: ArrayLike<number>, temperature = 1): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, (logits[i] as number) / temperature);
  let sumExp = 0;
  let sumExpZ = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = (logits[i] as number) / temperature - max;
    const e = Math.exp(z);
    sumExp += e;
    sumExpZ += e * z;
  }
  // H = log Σe^z − Σ p z   (with z shifted by the max)
  return Math.log(sumExp) - sumExpZ / sumExp;
}

/** Tensor version over the last axis: [..., V] → [...]. */
export function entropyFromLogitsTensor(logits: tf.Tensor, temperature = 1): tf.Tensor {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(tf.div(logits, temperature));
    return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), -1));
  });
}

/** Linear-interpolated percentile (q in [0, 100]) like numpy's default; NaN when empty. */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}
