// One micro-batch of the policy update as plain data, and the work done on it: a forward pass on
// prompt + response (log-probs and entropies at the rollout temperature, in the same pass), token
// selection, and the gradient of the masked clipped surrogate. Plain data so that a worker thread
// can run the same function on its share of a mini-batch (engine/parallel).
import * as tf from '@tensorflow/tfjs-core';
import { tokenLogProbsAndEntropy } from '../model/logprobs';
import type { Policy } from '../model/types';
import { PAD_ID } from '../tokenizer';
import type { TokenRuleConfig } from '../../contract/run-config';
import { createRng } from '../rng';
import type { ClipSettings, Normalizer } from './loss';
import { klK3Tensor, normalizerCount } from './loss';
import { ruleKlLoss, ruleSurrogateLoss, tokenGradWeights } from './rule-loss';
import type { RulePlan, RuleStats } from './token-rules';
import { planRule, ruleNeedsReference } from './token-rules';
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
  /** Per-token advantages shaped before the pass (GTPO, GRPO-S); null: the scalar per rollout. */
  tokenAdvantages: Float32Array[] | null;
  /** Seed of the rule's random pick (Clip-Cov), drawn from the run's RNG in micro-batch order. */
  ruleSeed: number | null;
  /**
   * A mask fixed before the pass (batch scope, random, all) with its normaliser; null: select
   * top/bottom by this micro-batch's own entropies (the authors' per-micro-batch scope).
   * `threshold`: set when that per-micro-batch selection was made ahead of the pass (so the
   * micro-batch can be shared between threads, micro-split.ts); reported as the pass's τ.
   */
  fixed: { mask: Uint8Array[]; denom: number; threshold?: number } | null;
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
  rule: TokenRuleConfig;
}

export interface MicroResult<G> {
  grads: G[];
  loss: number;
  mask: Uint8Array[];
  entropies: Float32Array[];
  logProbs: Float32Array[];
  /** τ of a per-micro-batch selection; NaN when the mask was fixed or has no threshold. */
  threshold: number;
  /** What the token rule did: per-token changes and covariance, and its counts. */
  rule: { changed: Uint8Array[]; cov: Float32Array[] | null; stats: RuleStats };
  /** |∂L/∂log π_t| per response token, micro-batch weight included. */
  gradWeights: Float32Array[];
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
    tokenAdvantages: null,
    ruleSeed: null,
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
  const needsRef = s.klCoef > 0 || ruleNeedsReference(s.rule);
  if (ruleNeedsReference(s.rule) && !basePolicy)
    throw new Error('tokenRule archer with KL needs the base model as reference (none loaded)');
  const refLogProbs =
    needsRef && basePolicy ? tf.tidy(() => forward(basePolicy, job, s.temperature).logProbs) : null;
  let mask: Uint8Array[] = [];
  let entropies: Float32Array[] = [];
  let logProbs: Float32Array[] = [];
  let threshold = NaN;
  let plan = null as RulePlan | null;
  let denomUsed = 1;
  const place = (rows: readonly ArrayLike<number>[]) => placeResponse(job, (i) => rows[i] ?? []);
  const { value, grads } = tf.variableGrads(() => {
    const pass = forward(policy, job, s.temperature);
    entropies = responseSlices(job, pass.entropy.dataSync() as Float32Array);
    logProbs = responseSlices(job, pass.logProbs.dataSync() as Float32Array);
    let denom: number;
    if (job.fixed) {
      mask = job.fixed.mask;
      denom = job.fixed.denom;
      threshold = job.fixed.threshold ?? NaN;
    } else {
      const m = selectTokens(entropies, s.mode, s.rho);
      mask = m.mask;
      threshold = m.threshold;
      denom = normalizerCount(s.normalizer, m.selected, respCount);
    }
    denomUsed = denom;
    const lossMask = placeResponse(job, (i) => mask[i] as Uint8Array);
    const old = placeResponse(job, (i) => job.oldLogProbs[i] as Float32Array);
    const advantages =
      job.tokenAdvantages ??
      job.responseLengths.map((n, i) => new Float32Array(n).fill(job.advantages[i] as number));
    plan = planRule(
      s.rule,
      s.clip,
      { entropies, logProbs, oldLogProbs: job.oldLogProbs, advantages, mask },
      job.ruleSeed === null ? undefined : createRng(job.ruleSeed),
    );
    let loss = ruleSurrogateLoss(plan, place, pass.logProbs, old, lossMask, denom, s.clip);
    const bandKl = refLogProbs ? ruleKlLoss(plan, place, pass.logProbs, refLogProbs) : null;
    if (bandKl) loss = tf.add(loss, bandKl);
    if (refLogProbs && s.klCoef > 0) {
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
  const ref = refLogProbs ? responseSlices(job, refLogProbs.dataSync() as Float32Array) : null;
  refLogProbs?.dispose();
  const loss = value.dataSync()[0] as number;
  value.dispose();
  const list = policy.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  if (!plan) throw new Error('micro-batch: the loss was not built');
  const done: RulePlan = plan;
  const gradWeights = tokenGradWeights(
    done,
    logProbs,
    job.oldLogProbs,
    mask,
    denomUsed,
    s.clip,
    ref,
  ).map((row) => row.map((g) => g * job.weight));
  return {
    grads: list,
    loss,
    mask,
    entropies,
    logProbs,
    threshold,
    rule: { changed: done.changed, cov: done.cov, stats: done.stats },
    gradWeights,
  };
}
