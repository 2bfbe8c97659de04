// DAPO clipped surrogate with clip-higher and optional dual-clip, token-level aggregation.
// Per token (verl's compute_policy_loss_vanilla):
//   r = exp(logπ − logπ_old)
//   l = max(−A·r, −A·clip(r, 1 − ε_low, 1 + ε_high))
//   dual-clip (A < 0 only): l = min(l, −A·c)
// Aggregate: Σ mask·l / normaliser, where the normaliser is the number of SELECTED tokens
// (paper Eq. 6, authors' code) or ALL response tokens (TRL, ms-swift: ≈ ρ × the paper's loss).
import * as tf from '@tensorflow/tfjs-core';
// Side effect: registers gradients for every op (tfjs-core alone ships none).
import '../backend/gradients';

export type Normalizer = 'selected' | 'all';

export interface ClipSettings {
  epsLow: number;
  epsHigh: number;
  /** Dual-clip constant c (> 1), or null for none. */
  dualClipC: number | null;
}

export interface TokenLoss {
  loss: number;
  /** r < 1 − ε_low with A < 0: the update was cut on the low side. */
  lowClipped: boolean;
  /** r > 1 + ε_high with A > 0: the update was cut on the high side. */
  highClipped: boolean;
}

export function clippedTokenLoss(
  logProb: number,
  oldLogProb: number,
  advantage: number,
  clip: ClipSettings,
): TokenLoss {
  const ratio = Math.exp(logProb - oldLogProb);
  const clippedRatio = Math.min(Math.max(ratio, 1 - clip.epsLow), 1 + clip.epsHigh);
  let loss = Math.max(-advantage * ratio, -advantage * clippedRatio);
  if (clip.dualClipC !== null && advantage < 0) loss = Math.min(loss, -advantage * clip.dualClipC);
  return {
    loss,
    lowClipped: ratio < 1 - clip.epsLow && advantage < 0,
    highClipped: ratio > 1 + clip.epsHigh && advantage > 0,
  };
}

/** Denominator of the token-mean; at least 1 so an empty selection gives loss 0, not NaN. */
export function normalizerCount(
  mode: Normalizer,
  selected: number,
  responseTokens: number,
): number {
  return Math.max(1, mode === 'selected' ? selected : responseTokens);
}

export interface AggregateInput {
  logProbs: ArrayLike<number>;
  oldLogProbs: ArrayLike<number>;
  advantages: ArrayLike<number>;
  /** 1 where the token is selected by the entropy mask (response tokens only). */
  mask: ArrayLike<number>;
}

export interface AggregateResult {
  loss: number;
  selected: number;
  lowClipFrac: number;
  highClipFrac: number;
}

/** Plain-array reference of the aggregated loss over flattened response tokens. */
export function aggregateClippedLoss(
  input: AggregateInput,
  clip: ClipSettings,
  normalizer: Normalizer,
): AggregateResult {
  let sum = 0;
  let selected = 0;
  let low = 0;
  let high = 0;
  for (let i = 0; i < input.mask.length; i++) {
    if (!input.mask[i]) continue;
    const t = clippedTokenLoss(
      input.logProbs[i] as number,
      input.oldLogProbs[i] as number,
      input.advantages[i] as number,
      clip,
    );
    sum += t.loss;
    selected++;
    if (t.lowClipped) low++;
    if (t.highClipped) high++;
  }
  const denom = normalizerCount(normalizer, selected, input.mask.length);
  return {
    loss: sum / denom,
    selected,
    lowClipFrac: selected ? low / selected : 0,
    highClipFrac: selected ? high / selected : 0,
  };
}

/**
 * Tensor version for the gradient path. All inputs share one shape (e.g. [B, T]); `lossMask` is
 * 0/1 float (response ∧ selected). Returns Σ mask·l / denominator as a scalar.
 */
export function clippedSurrogateLoss(
  logProbs: tf.Tensor,
  oldLogProbs: tf.Tensor,
  advantages: tf.Tensor,
  lossMask: tf.Tensor,
  denominator: number,
  clip: ClipSettings,
): tf.Scalar {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logProbs, oldLogProbs));
    const clipped = tf.clipByValue(ratio, 1 - clip.epsLow, 1 + clip.epsHigh);
    const negA = tf.neg(advantages);
    let perToken = tf.maximum(tf.mul(negA, ratio), tf.mul(negA, clipped));
    if (clip.dualClipC !== null) {
      const capped = tf.minimum(perToken, tf.mul(negA, clip.dualClipC));
      perToken = tf.where(tf.less(advantages, 0), capped, perToken);
    }
    return tf.div(tf.sum(tf.mul(perToken, lossMask)), denominator) as tf.Scalar;
  });
}

/** Mean k3 KL to a reference over the masked tokens (tensor). */
export function klK3Tensor(
  logProbs: tf.Tensor,
  refLogProbs: tf.Tensor,
  lossMask: tf.Tensor,
  denominator: number,
): tf.Scalar {
  return tf.tidy(() => {
    const r = tf.sub(refLogProbs, logProbs);
    const k3 = tf.sub(tf.sub(tf.exp(r), r), 1);
    return tf.div(tf.sum(tf.mul(k3, lossMask)), denominator) as tf.Scalar;
  });
}
