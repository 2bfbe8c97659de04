// The policy update for one rollout batch: for each epoch and mini-batch, forward each
// micro-batch on prompt + response, take log-probs and entropies in the same pass at the rollout
// temperature, select tokens by entropy, accumulate gradients of the masked clipped surrogate,
// then one clipped Adam step per mini-batch.
//
// Scope 'microbatch' (authors' code): τ and the token-mean are per micro-batch, and each
// micro-batch loss is weighted by its share of the mini-batch's sequences (verl).
// Scope 'batch': an extra no-grad pass computes entropies for the whole mini-batch first; τ and
// the token-mean are then global over the mini-batch.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../../contract/run-config';
import { tokenLogProbsAndEntropy } from '../model/logprobs';
import type { Adam } from '../model/optimizer';
import type { Policy } from '../model/types';
import type { Rng } from '../rng';
import { PAD_ID } from '../tokenizer';
import type { ClipSettings } from './loss';
import { clippedSurrogateLoss, clippedTokenLoss, klK3Tensor, normalizerCount } from './loss';
import type { TokenMask } from './mask';
import { selectTokens } from './mask';
import type { Rollout } from './rollout';

interface MicroBatch {
  rollouts: Rollout[];
  inputs: number[][]; // [b][L-1]
  targets: number[][];
  /** Index in the target row of each rollout's first response token. */
  offsets: number[];
  length: number; // L - 1
}

function buildMicroBatch(rollouts: Rollout[]): MicroBatch {
  const length = Math.max(...rollouts.map((r) => r.promptIds.length + r.responseIds.length)) - 1;
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (const r of rollouts) {
    const full = [...r.promptIds, ...r.responseIds];
    const pad = (row: number[]) => [...row, ...new Array<number>(length - row.length).fill(PAD_ID)];
    inputs.push(pad(full.slice(0, -1)));
    targets.push(pad(full.slice(1)));
  }
  return {
    rollouts,
    inputs,
    targets,
    offsets: rollouts.map((r) => r.promptIds.length - 1),
    length,
  };
}

/** [b, L-1] float tensor with per-response values placed at the response positions. */
function placeResponse(
  mb: MicroBatch,
  values: (r: Rollout, i: number) => ArrayLike<number>,
): tf.Tensor2D {
  const data = new Float32Array(mb.rollouts.length * mb.length);
  mb.rollouts.forEach((r, i) => {
    const v = values(r, i);
    for (let j = 0; j < r.responseIds.length; j++)
      data[i * mb.length + (mb.offsets[i] as number) + j] = v[j] as number;
  });
  return tf.tensor2d(data, [mb.rollouts.length, mb.length]);
}

/** Response-token slices of a [b, L-1] row-major array. */
function responseSlices(mb: MicroBatch, flat: Float32Array): Float32Array[] {
  return mb.rollouts.map((r, i) => {
    const from = i * mb.length + (mb.offsets[i] as number);
    return flat.slice(from, from + r.responseIds.length);
  });
}

export interface UpdateStats {
  loss: number;
  gradNorm: number;
  thresholds: number[];
  selected: number;
  responseTokens: number;
  lowClipped: number;
  highClipped: number;
  trainTokens: number;
  optimizerSteps: number;
  /** First-epoch mask and training-pass entropies per kept rollout (for samples and analysis). */
  masks: Map<Rollout, { mask: Uint8Array; entropies: Float32Array; logProbs: Float32Array }>;
}

export function policyUpdate(args: {
  policy: Policy;
  basePolicy?: Policy;
  optimizer: Adam;
  rollouts: Rollout[];
  config: RunConfig;
  rng: Rng;
}): UpdateStats {
  const { policy, basePolicy, optimizer, rollouts, config, rng } = args;
  const { rl, mask: maskCfg } = config;
  const clip: ClipSettings = {
    epsLow: rl.epsLow,
    epsHigh: rl.epsHigh,
    dualClipC: rl.dualClipC || null,
  };
  const T = rl.temperature;
  const G = rl.groupSize;
  const stats: UpdateStats = {
    loss: 0,
    gradNorm: 0,
    thresholds: [],
    selected: 0,
    responseTokens: 0,
    lowClipped: 0,
    highClipped: 0,
    trainTokens: 0,
    optimizerSteps: 0,
    masks: new Map(),
  };
  const groups = rollouts.length / G;
  const groupsPerMini = Math.ceil(groups / rl.miniBatches);
  const select = (entropies: Float32Array[]): TokenMask =>
    selectTokens(entropies, maskCfg.mode, maskCfg.rho, rng);
  const forward = (mb: MicroBatch) => {
    const logits = policy.logits(tf.tensor2d(mb.inputs, undefined, 'int32'));
    return tokenLogProbsAndEntropy(logits, tf.tensor2d(mb.targets, undefined, 'int32'), T);
  };

  for (let epoch = 0; epoch < rl.ppoEpochs; epoch++) {
    for (let g0 = 0; g0 < groups; g0 += groupsPerMini) {
      const mini = rollouts.slice(g0 * G, Math.min(groups, g0 + groupsPerMini) * G);
      const micros: MicroBatch[] = [];
      for (let i = 0; i < mini.length; i += rl.microBatchSize)
        micros.push(buildMicroBatch(mini.slice(i, i + rl.microBatchSize)));

      // Batch scope: τ over the whole mini-batch from a no-grad pass under the current θ.
      let batchMask: TokenMask | null = null;
      if (maskCfg.thresholdScope === 'batch') {
        const ents = micros.flatMap((mb) =>
          tf.tidy(() => responseSlices(mb, forward(mb).entropy.dataSync() as Float32Array)),
        );
        batchMask = select(ents);
        stats.thresholds.push(batchMask.threshold);
      }
      const miniResponse = mini.reduce((s, r) => s + r.responseIds.length, 0);
      let seen = 0;
      let accum: tf.Tensor[] | null = null;
      let miniLoss = 0;

      for (const mb of micros) {
        const before = seen;
        seen += mb.rollouts.length;
        const respCount = mb.rollouts.reduce((s, r) => s + r.responseIds.length, 0);
        const refLogProbs =
          rl.klCoef > 0 && basePolicy
            ? tf.tidy(() => {
                const logits = basePolicy.logits(tf.tensor2d(mb.inputs, undefined, 'int32'));
                return tokenLogProbsAndEntropy(
                  logits,
                  tf.tensor2d(mb.targets, undefined, 'int32'),
                  T,
                ).logProbs;
              })
            : null;
        let readLogProbs: Float32Array[] = [];
        let mbMask: Uint8Array[] = [];
        let mbEntropies: Float32Array[] = [];
        const { value, grads } = tf.variableGrads(() => {
          const { logProbs, entropy } = forward(mb);
          mbEntropies = responseSlices(mb, entropy.dataSync() as Float32Array);
          readLogProbs = responseSlices(mb, logProbs.dataSync() as Float32Array);
          let denom: number;
          let weight: number;
          if (batchMask) {
            mbMask = batchMask.mask.slice(before, seen);
            denom = normalizerCount(maskCfg.normalizer, batchMask.selected, miniResponse);
            weight = 1;
          } else {
            const m = select(mbEntropies);
            mbMask = m.mask;
            stats.thresholds.push(m.threshold);
            denom = normalizerCount(maskCfg.normalizer, m.selected, respCount);
            weight = mb.rollouts.length / mini.length;
          }
          const lossMask = placeResponse(mb, (_, i) => mbMask[i] as Uint8Array);
          const respMask = placeResponse(mb, (r) => new Float32Array(r.responseIds.length).fill(1));
          const old = placeResponse(mb, (r) => r.logProbs);
          const adv = placeResponse(mb, (r) =>
            new Float32Array(r.responseIds.length).fill(r.advantage),
          );
          let loss = clippedSurrogateLoss(logProbs, old, adv, lossMask, denom, clip);
          if (refLogProbs)
            loss = tf.add(
              loss,
              tf.mul(
                klK3Tensor(logProbs, refLogProbs, respMask, Math.max(1, respCount)),
                rl.klCoef,
              ),
            );
          if (rl.entropyCoef > 0)
            loss = tf.sub(
              loss,
              tf.mul(tf.div(tf.sum(tf.mul(entropy, lossMask)), denom), rl.entropyCoef),
            );
          return tf.mul(loss, weight) as tf.Scalar;
        }, policy.variables);
        refLogProbs?.dispose();
        miniLoss += value.dataSync()[0] as number;
        const list = policy.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
        if (accum === null) accum = list;
        else {
          const prev: tf.Tensor[] = accum;
          accum = prev.map((a, i) => tf.add(a, list[i] as tf.Tensor));
          tf.dispose([...prev, ...list]);
        }
        value.dispose();

        mb.rollouts.forEach((r, i) => {
          const m = mbMask[i] as Uint8Array;
          const lp = readLogProbs[i] as Float32Array;
          stats.responseTokens += r.responseIds.length;
          for (let j = 0; j < m.length; j++) {
            if (!m[j]) continue;
            stats.selected++;
            const t = clippedTokenLoss(lp[j] as number, r.logProbs[j] as number, r.advantage, clip);
            if (t.lowClipped) stats.lowClipped++;
            if (t.highClipped) stats.highClipped++;
          }
          if (epoch === 0)
            stats.masks.set(r, {
              mask: m,
              entropies: mbEntropies[i] as Float32Array,
              logProbs: lp,
            });
          stats.trainTokens += r.promptIds.length + r.responseIds.length - 1;
        });
      }
      if (accum) {
        stats.gradNorm = optimizer.apply(policy.variables, accum, rl.lr);
        tf.dispose(accum);
        stats.optimizerSteps++;
      }
      stats.loss = miniLoss;
    }
  }
  return stats;
}
