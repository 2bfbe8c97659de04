// Sharing one micro-batch between threads. A micro-batch is the executor's unit of work, so a
// mini-batch with fewer micro-batches than threads leaves threads idle (the presets: one
// micro-batch of 64 per mini-batch). Splitting it by sequences changes nothing in the maths when
// every per-micro-batch quantity is fixed before the pass: the mask (and τ) chosen over the
// whole micro-batch's entropies, the token-mean denominator and the micro-batch weight. Each
// part then computes per-token gradients identical to the whole's; only the sums over tokens
// (loss, ∂L/∂θ) are added in another order. The parts keep the micro-batch's padded width, so
// every row runs through the same shapes as before.
import * as tf from '@tensorflow/tfjs-core';
import type { MicroJob, MicroResult, MicroSettings } from './micro-batch';
import { mergeRuleStats } from './rule-stats';

/**
 * Whether micro-batches under these settings may be shared once their masks are fixed. Token
 * rules plan over the whole micro-batch (covariance ranks, random picks), and the KL term
 * divides by the micro-batch's own response count: those keep the micro-batch whole.
 */
export function canSplitMicroBatches(s: MicroSettings): boolean {
  return s.rule.kind === 'none' && s.klCoef === 0;
}

/** Contiguous, near-equal shares of the job's sequences, each a job of its own. */
export function splitJob(job: MicroJob, parts: number): MicroJob[] {
  const b = job.inputs.length;
  const out: MicroJob[] = [];
  for (let p = 0; p < parts; p++) {
    const [from, to] = [Math.floor((p * b) / parts), Math.floor(((p + 1) * b) / parts)];
    if (to === from) continue;
    const rows = <T>(list: T[]) => list.slice(from, to);
    out.push({
      inputs: rows(job.inputs),
      targets: rows(job.targets),
      offsets: rows(job.offsets),
      responseLengths: rows(job.responseLengths),
      oldLogProbs: rows(job.oldLogProbs),
      advantages: rows(job.advantages),
      tokenAdvantages: job.tokenAdvantages ? rows(job.tokenAdvantages) : null,
      ruleSeed: job.ruleSeed,
      fixed: job.fixed ? { ...job.fixed, mask: rows(job.fixed.mask) } : null,
      weight: job.weight,
    });
  }
  return out;
}

/** One micro-batch's result from its parts' (in order): sums of loss and gradients. */
export function joinResults(parts: MicroResult<tf.Tensor>[]): MicroResult<tf.Tensor> {
  const [first, ...rest] = parts;
  if (!first) throw new Error('joinResults: no parts');
  const grads = first.grads.map((g, i) => {
    if (!rest.length) return g;
    const sum = tf.addN([g, ...rest.map((r) => r.grads[i] as tf.Tensor)]);
    tf.dispose([g, ...rest.map((r) => r.grads[i] as tf.Tensor)]);
    return sum;
  });
  const cat = (key: 'entropies' | 'logProbs' | 'gradWeights') => parts.flatMap((r) => r[key]);
  const covs = parts.map((r) => r.rule.cov);
  return {
    grads,
    loss: parts.reduce((a, r) => a + r.loss, 0),
    mask: parts.flatMap((r) => r.mask),
    entropies: cat('entropies'),
    logProbs: cat('logProbs'),
    threshold: first.threshold,
    rule: {
      changed: parts.flatMap((r) => r.rule.changed),
      cov: covs.every((c) => c) ? covs.flatMap((c) => c ?? []) : null,
      stats: parts.slice(1).reduce((a, r) => mergeRuleStats(a, r.rule.stats), {
        ...first.rule.stats,
      }),
    },
    gradWeights: cat('gradWeights'),
  };
}
