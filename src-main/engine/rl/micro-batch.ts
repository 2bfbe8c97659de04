// One micro-batch of the policy update as plain data, and the work done on it: a forward pass on
// prompt + response (log-probs and entropies at the rollout temperature, in the same pass), token
// selection, and the gradient of the masked clipped surrogate. Plain data so that a worker thread
// can run the same function on its share of a mini-batch (engine/parallel).
import * as tf from '@tensorflow/tfjs-core';
import { tokenLogProbsAndEntropy } from '../model/logprobs';
import type { Policy } from '../model/types';
import { PAD_ID } from '../tokenizer';
import type { ClipSettings, Normalizer } from './loss';
import { clippedSurrogateLoss, klK3Tensor, normalizerCount } from './loss';
import type { MaskMode } from './mask';
import { selectTokens } from './mask';
import type { Rollout } from './types';

export interface MicroJob {
  inputs: number[][]; // [b][L-1]
  targets: number[][];
  /** Index in the target row of each rollout's first response token. */
  offsets: number[];
  responseLengths: number[];
  oldLogProbs: Float32Array[];
  advantages: number[];
  /**
   * A mask fixed before the pass (batch scope, random, all) with its normaliser; null: select
   * top/bottom by this micro-batch's own entropies (the authors' per-micro-batch scope).
   */
  fixed: { mask: Uint8Array[]; denom: number } | null;
  /** This micro-batch's weight in the mini-batch loss. */
  weight: number;
}

export interface MicroSettings {
  temperature: number;
  clip: ClipSettings;
  mode: MaskMode;
  rho: number;
  normalizer: Normalizer;
  klCoef: number;
  entropyCoef: number;
}

export interface MicroResult<G> {
  grads: G[];
  loss: number;
  mask: Uint8Array[];
  entropies: Float32Array[];
  logProbs: Float32Array[];
  /** τ of a per-micro-batch selection; NaN when the mask was fixed or has no threshold. */
  threshold: number;
}

export function microJob(rollouts: Rollout[], weight: number): MicroJob {
  const length = Math.max(...rollouts.map((r) => r.promptIds.length + r.responseIds.length)) - 1;
  const pad = (row: number[]) => [...row, ...new Array<number>(length - row.length).fill(PAD_ID)];
  return {
    inputs: rollouts.map((r) => pad([...r.promptIds, ...r.responseIds].slice(0, -1))),
    targets: rollouts.map((r) => pad([...r.promptIds, ...r.responseIds].slice(1))),
    offsets: rollouts.map((r) => r.promptIds.length - 1),
    responseLengths: rollouts.map((r) => r.responseIds.length),
    oldLogProbs: rollouts.map((r) => r.logProbs),
    advantages: rollouts.map((r) => r.advantage),
    fixed: null,
    weight,
  };
}

/** [b, L-1] float tensor with per-response values placed at the response positions. */
function placeResponse(job: MicroJob, values: (i: number) => ArrayLike<number>): tf.Tensor2D {
  const width = job.inputs[0]?.length ?? 0;
  const data = new Float32Array(job.inputs.length * width);
  job.responseLengths.forEach((n, i) => {
    const v = values(i);
    const from = i * width + (job.offsets[i] as number);
    for (let j = 0; j < n; j++) data[from + j] = v[j] as number;
  });
  return tf.tensor2d(data, [job.inputs.length, width]);
}

/** Response-token slices of a [b, L-1] row-major array. */
function responseSlices(job: MicroJob, flat: Float32Array): Float32Array[] {
  const width = job.inputs[0]?.length ?? 0;
  return job.responseLengths.map((n, i) => {
    const from = i * width + (job.offsets[i] as number);
    return flat.slice(from, from + n);
  });
}

function forward(policy: Policy, job: MicroJob, temperature: number) {
  const logits = policy.logits(tf.tensor2d(job.inputs, undefined, 'int32'));
  return tokenLogProbsAndEntropy(logits, tf.tensor2d(job.targets, undefined, 'int32'), temperature);
}

/** No-grad entropies of the response tokens (the batch-scope pre-pass). */
export function microEntropies(policy: Policy, job: MicroJob, temperature: number): Float32Array[] {
  return tf.tidy(() =>
    responseSlices(job, forward(policy, job, temperature).entropy.dataSync() as Float32Array),
  );
}

/** Gradient of this micro-batch's weighted loss w.r.t. policy.variables, in their order. */
export function microGradients(
  policy: Policy,
  basePolicy: Policy | undefined,
  job: MicroJob,
  s: MicroSettings,
): MicroResult<tf.Tensor> {
  const respCount = job.responseLengths.reduce((a, b) => a + b, 0);
  const refLogProbs =
    s.klCoef > 0 && basePolicy
      ? tf.tidy(() => forward(basePolicy, job, s.temperature).logProbs)
      : null;
  let mask: Uint8Array[] = [];
  let entropies: Float32Array[] = [];
  let logProbs: Float32Array[] = [];
  let threshold = NaN;
  const { value, grads } = tf.variableGrads(() => {
    const pass = forward(policy, job, s.temperature);
    entropies = responseSlices(job, pass.entropy.dataSync() as Float32Array);
    logProbs = responseSlices(job, pass.logProbs.dataSync() as Float32Array);
    let denom: number;
    if (job.fixed) {
      mask = job.fixed.mask;
      denom = job.fixed.denom;
    } else {
      const m = selectTokens(entropies, s.mode, s.rho);
      mask = m.mask;
      threshold = m.threshold;
      denom = normalizerCount(s.normalizer, m.selected, respCount);
    }
    const lossMask = placeResponse(job, (i) => mask[i] as Uint8Array);
    const old = placeResponse(job, (i) => job.oldLogProbs[i] as Float32Array);
    const adv = placeResponse(job, (i) =>
      new Float32Array(job.responseLengths[i] as number).fill(job.advantages[i] as number),
    );
    let loss = clippedSurrogateLoss(pass.logProbs, old, adv, lossMask, denom, s.clip);
    if (refLogProbs) {
      const respMask = placeResponse(job, (i) =>
        new Float32Array(job.responseLengths[i] as number).fill(1),
      );
      const kl = klK3Tensor(pass.logProbs, refLogProbs, respMask, Math.max(1, respCount));
      loss = tf.add(loss, tf.mul(kl, s.klCoef));
    }
    if (s.entropyCoef > 0) {
      const bonus = tf.div(tf.sum(tf.mul(pass.entropy, lossMask)), denom);
      loss = tf.sub(loss, tf.mul(bonus, s.entropyCoef));
    }
    return tf.mul(loss, job.weight) as tf.Scalar;
  }, policy.variables);
  refLogProbs?.dispose();
  const loss = value.dataSync()[0] as number;
  value.dispose();
  const list = policy.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  return { grads: list, loss, mask, entropies, logProbs, threshold };
}
