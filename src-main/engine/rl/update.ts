// The policy update for one rollout batch: for each epoch and mini-batch, forward each
// micro-batch on prompt + response (log-probs and entropies in the same pass at the rollout
// temperature), select tokens by entropy, sum the gradients of the masked clipped surrogate
// (micro-batch.ts), then one clipped Adam step per mini-batch. The executor decides which thread
// runs each micro-batch; the result does not depend on it.
//
// Scope 'microbatch' (authors' code): τ and the token-mean are per micro-batch, and each
// micro-batch loss is weighted by its share of the mini-batch's sequences (verl).
// Scope 'batch': an extra no-grad pass computes entropies for the whole mini-batch first; τ and
// the token-mean are then global over the mini-batch.
// Masks that do not depend on entropies (random) are drawn here, in micro-batch order, from the
// run's RNG, so the random stream is the same whatever thread runs the pass.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../../contract/run-config';
import type { Adam } from '../model/optimizer';
import type { Policy } from '../model/types';
import type { Executor } from '../parallel/executor';
import type { Rng } from '../rng';
import { clippedTokenLoss, normalizerCount } from './loss';
import { selectTokens } from './mask';
import type { MicroJob, MicroSettings } from './micro-batch';
import { microJob } from './micro-batch';
import { canSplitMicroBatches } from './micro-split';
import type { Rollout } from './rollout';
import { entropyBinShares, mergeRuleStats, shapedAdvantages } from './rule-stats';
import type { RuleStats } from './token-rules';

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
  /** The token rule's counts, summed over every micro-batch pass. */
  rule: RuleStats | null;
  /** Share of Σ|∂L/∂log π| in each entropy quintile of the response tokens (lowest first). */
  gradShare: number[];
  /** First-epoch mask and training-pass entropies per kept rollout (for samples and analysis). */
  masks: Map<Rollout, { mask: Uint8Array; entropies: Float32Array; logProbs: Float32Array }>;
}

function settingsOf(config: RunConfig): MicroSettings {
  const { rl, mask } = config;
  return {
    temperature: rl.temperature,
    clip: { epsLow: rl.epsLow, epsHigh: rl.epsHigh, dualClipC: rl.dualClipC || null },
    mode: mask.mode,
    rho: mask.rho,
    normalizer: mask.normalizer,
    klCoef: rl.klCoef,
    entropyCoef: rl.entropyCoef,
    rule: config.tokenRule,
  };
}

/** Micro-batch jobs of one mini-batch, with the masks that can be fixed before the pass. */
async function miniBatchJobs(
  micros: Rollout[][],
  mini: Rollout[],
  config: RunConfig,
  executor: Executor,
  rng: Rng,
  thresholds: number[],
  shaped: Map<Rollout, Float32Array> | null,
): Promise<MicroJob[]> {
  const { mode, rho, normalizer, thresholdScope } = config.mask;
  const jobs = micros.map((rs) => microJob(rs, rs.length / mini.length));
  if (shaped)
    jobs.forEach((job, i) => (job.tokenAdvantages = micros[i]!.map((r) => shaped.get(r)!)));
  const lengths = (rs: Rollout[]) => rs.map((r) => new Float32Array(r.responseIds.length));
  if (thresholdScope === 'batch') {
    // τ over the whole mini-batch, from a no-grad pass under the current θ.
    const ents =
      mode === 'top' || mode === 'bottom'
        ? (await executor.entropies(jobs, config.rl.temperature)).flat()
        : lengths(mini);
    const m = selectTokens(ents, mode, rho, rng);
    thresholds.push(m.threshold);
    const denom = normalizerCount(normalizer, m.selected, m.total);
    let seen = 0;
    jobs.forEach((job) => {
      const n = job.inputs.length;
      job.fixed = { mask: m.mask.slice(seen, seen + n), denom };
      job.weight = 1;
      seen += n;
    });
  } else if (mode === 'random') {
    micros.forEach((rs, i) => {
      const m = selectTokens(lengths(rs), mode, rho, rng);
      (jobs[i] as MicroJob).fixed = {
        mask: m.mask,
        denom: normalizerCount(normalizer, m.selected, m.total),
      };
    });
  } else if (executor.threads > jobs.length && canSplitMicroBatches(settingsOf(config))) {
    // Threads would idle: select per micro-batch ahead of the pass (as the pass itself would,
    // from the same entropies), so the executor may share each micro-batch (micro-split.ts).
    const ents =
      mode === 'top' || mode === 'bottom'
        ? await executor.entropies(jobs, config.rl.temperature)
        : micros.map(lengths);
    jobs.forEach((job, i) => {
      const m = selectTokens(ents[i] as Float32Array[], mode, rho);
      const denom = normalizerCount(normalizer, m.selected, m.total);
      job.fixed = { mask: m.mask, denom, threshold: m.threshold };
    });
  }
  // After the mask's draws, so a run without the rule keeps its random stream.
  if (config.tokenRule.kind === 'clip-cov')
    jobs.forEach((job) => (job.ruleSeed = rng.int(2 ** 32)));
  return jobs;
}

export async function policyUpdate(args: {
  optimizer: Adam;
  policy: Policy;
  executor: Executor;
  rollouts: Rollout[];
  config: RunConfig;
  rng: Rng;
}): Promise<UpdateStats> {
  const { policy, optimizer, executor, rollouts, config, rng } = args;
  const { rl } = config;
  const settings = settingsOf(config);
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
    rule: null,
    gradShare: [],
    masks: new Map(),
  };
  const shaped = shapedAdvantages(rollouts, config);
  const gradTokens: { h: number; g: number }[] = [];
  const groups = rollouts.length / G;
  const groupsPerMini = Math.ceil(groups / rl.miniBatches);

  for (let epoch = 0; epoch < rl.ppoEpochs; epoch++) {
    for (let g0 = 0; g0 < groups; g0 += groupsPerMini) {
      const mini = rollouts.slice(g0 * G, Math.min(groups, g0 + groupsPerMini) * G);
      const micros: Rollout[][] = [];
      for (let i = 0; i < mini.length; i += rl.microBatchSize)
        micros.push(mini.slice(i, i + rl.microBatchSize));
      const jobs = await miniBatchJobs(
        micros,
        mini,
        config,
        executor,
        rng,
        stats.thresholds,
        shaped,
      );
      const results = await executor.gradients(jobs, settings);

      let accum: tf.Tensor[] | null = null;
      let miniLoss = 0;
      results.forEach((res, k) => {
        const fixed = jobs[k]?.fixed;
        if (!fixed || fixed.threshold !== undefined) stats.thresholds.push(res.threshold);
        miniLoss += res.loss;
        stats.rule = mergeRuleStats(stats.rule, res.rule.stats);
        // Every response token (unselected ones with g = 0), so the bins are the batch's own
        // entropy quintiles and a top-20% mask shows its gradient all in the top bin.
        res.gradWeights.forEach((row, i) =>
          row.forEach((g, j) => gradTokens.push({ h: res.entropies[i]![j]!, g })),
        );
        if (accum === null) accum = res.grads;
        else {
          const prev: tf.Tensor[] = accum;
          accum = prev.map((a, i) => tf.add(a, res.grads[i] as tf.Tensor));
          tf.dispose([...prev, ...res.grads]);
        }
        (micros[k] as Rollout[]).forEach((r, i) => {
          const m = res.mask[i] as Uint8Array;
          const lp = res.logProbs[i] as Float32Array;
          stats.responseTokens += r.responseIds.length;
          for (let j = 0; j < m.length; j++) {
            if (!m[j]) continue;
            stats.selected++;
            const t = clippedTokenLoss(
              lp[j] as number,
              r.logProbs[j] as number,
              r.advantage,
              settings.clip,
            );
            if (t.lowClipped) stats.lowClipped++;
            if (t.highClipped) stats.highClipped++;
          }
          if (epoch === 0)
            stats.masks.set(r, {
              mask: m,
              entropies: res.entropies[i] as Float32Array,
              logProbs: lp,
            });
          stats.trainTokens += r.promptIds.length + r.responseIds.length - 1;
        });
      });
      if (accum) {
        stats.gradNorm = optimizer.apply(policy.variables, accum, rl.lr);
        tf.dispose(accum);
        stats.optimizerSteps++;
      }
      stats.loss = miniLoss;
    }
  }
  stats.gradShare = entropyBinShares(gradTokens, 5);
  return stats;
}
