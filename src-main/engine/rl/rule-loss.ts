// The policy loss of one micro-batch under a token rule (token-rules.ts), as tensors for the
// gradient path, and the same loss's per-token gradient weight |∂L/∂log π_t| as plain numbers
// (the "gradient share per entropy bin" metric). Rules that only reshape advantages use the
// unchanged DAPO surrogate (loss.ts), so `none` is exactly the pre-rule loss.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipSettings } from './loss';
import { clippedSurrogateLoss } from './loss';
import type { RulePlan } from './token-rules';

/** Per-sequence plan arrays placed as [b, L-1] tensors (the caller's placeResponse). */
export type Place = (rows: readonly ArrayLike<number>[]) => tf.Tensor2D;

/** Σ mask·l / denominator of the rule's per-token loss l. */
export function ruleSurrogateLoss(
  plan: RulePlan,
  place: Place,
  logProbs: tf.Tensor,
  oldLogProbs: tf.Tensor,
  lossMask: tf.Tensor,
  denominator: number,
  clip: ClipSettings,
): tf.Scalar {
  const adv = place(plan.advantages);
  if (plan.kind === 'clip-cov' || plan.kind === 'kl-cov' || plan.kind === 'archer') {
    return tf.tidy(() => {
      const negA = tf.neg(adv);
      const ratio = tf.exp(tf.sub(logProbs, oldLogProbs));
      let perToken: tf.Tensor;
      if (plan.kind === 'kl-cov') {
        // −A·r + coef·sign(log r)·log r: no clip (verl kl_cov).
        const coef = place(plan.signedLogRatioCoef ?? []);
        perToken = tf.add(tf.mul(negA, ratio), tf.mul(coef, tf.sub(logProbs, oldLogProbs)));
      } else {
        const lo = plan.epsLow ? tf.sub(1, place(plan.epsLow)) : tf.scalar(1 - clip.epsLow);
        const hi = plan.epsHigh ? tf.add(1, place(plan.epsHigh)) : tf.scalar(1 + clip.epsHigh);
        const clipped = tf.minimum(tf.maximum(ratio, lo), hi);
        perToken = tf.maximum(tf.mul(negA, ratio), tf.mul(negA, clipped));
        // Archer keeps the run's dual-clip; verl's clip_cov has none.
        if (plan.kind === 'archer' && clip.dualClipC !== null) {
          const capped = tf.minimum(perToken, tf.mul(negA, clip.dualClipC));
          perToken = tf.where(tf.less(adv, 0), capped, perToken);
        }
        if (plan.weight) perToken = tf.mul(perToken, place(plan.weight));
      }
      return tf.div(tf.sum(tf.mul(perToken, lossMask)), denominator) as tf.Scalar;
    });
  }
  const loss = clippedSurrogateLoss(logProbs, oldLogProbs, adv, lossMask, denominator, clip);
  adv.dispose();
  return loss;
}

/** Archer's band KL: Σ w_t·k3_t with w from the plan (already divided by each band's count). */
export function ruleKlLoss(
  plan: RulePlan,
  place: Place,
  logProbs: tf.Tensor,
  refLogProbs: tf.Tensor,
): tf.Scalar | null {
  if (!plan.klWeight) return null;
  const w = place(plan.klWeight);
  return tf.tidy(() => {
    const r = tf.sub(refLogProbs, logProbs);
    const k3 = tf.sub(tf.sub(tf.exp(r), r), 1);
    return tf.sum(tf.mul(k3, w)) as tf.Scalar;
  });
}

/**
 * |∂L/∂log π_t| of the rule's surrogate (and Archer's KL when `ref` is given), per token, before
 * the micro-batch weight. The clipped branch and the dual-clip cap have zero gradient.
 */
export function tokenGradWeights(
  plan: RulePlan,
  logProbs: readonly ArrayLike<number>[],
  oldLogProbs: readonly ArrayLike<number>[],
  mask: readonly Uint8Array[],
  denominator: number,
  clip: ClipSettings,
  ref: readonly ArrayLike<number>[] | null,
): Float32Array[] {
  return mask.map((m, s) =>
    Float32Array.from(m, (on, j) => {
      if (!on) return 0;
      const a = plan.advantages[s]![j]!;
      const lr = logProbs[s]![j]! - oldLogProbs[s]![j]!;
      const r = Math.exp(lr);
      let g: number;
      if (plan.kind === 'kl-cov') g = -a * r + (plan.signedLogRatioCoef?.[s]?.[j] ?? 0);
      else {
        const lo = 1 - (plan.epsLow?.[s]?.[j] ?? clip.epsLow);
        const hi = 1 + (plan.epsHigh?.[s]?.[j] ?? clip.epsHigh);
        const clipped = Math.min(Math.max(r, lo), hi);
        const unclippedActive = -a * r >= -a * clipped;
        g = unclippedActive ? -a * r : 0;
        const dual = plan.kind !== 'clip-cov' && clip.dualClipC !== null && a < 0;
        if (dual && Math.max(-a * r, -a * clipped) > -a * (clip.dualClipC as number)) g = 0;
        g *= plan.weight?.[s]?.[j] ?? 1;
      }
      let total = g / denominator;
      if (plan.klWeight && ref)
        total += plan.klWeight[s]![j]! * (1 - Math.exp(ref[s]![j]! - logProbs[s]![j]!));
      return Math.abs(total);
    }),
  );
}
