// Sharing one micro-batch between threads. A micro-batch is the executor's unit of work, so a
// mini-batch with fewer micro-batches than threads leaves threads idle (the presets: one
// micro-batch of 64 per mini-batch). Splitting it by sequences changes nothing in the maths when
// every per-micro-batch quantity is fixed before the pass: the mask (and τ) chosen over the
// whole micro-batch's entropies, the token-mean denominator and the micro-batch weight. Each
// part then computes per-token gradients identical to the whole's; only the sums over tokens
// (loss, ∂L/∂θ) are added in another order. Each part is padded only to its own longest row
// (splitJob): the padding dropped lies past every row's end, where causal attention never looks.
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

/** A job's share: its own job, and which of the whole job's sequences it holds, in order. */
export interface JobPart {
  job: MicroJob;
  rows: number[];
}

/** Sequence (row) length without padding: prompt + response − 1. */
const rowLength = (job: MicroJob, i: number) =>
  (job.offsets[i] as number) + (job.responseLengths[i] as number);

/** Padded positions a job computes: its sequences times its width. */
export const paddedSize = (job: MicroJob) => job.inputs.length * (job.inputs[0]?.length ?? 0);

/**
 * `parts` shares of the job's sequences (fewer if it has fewer), grouped by length so that each
 * share drops the padding its own longest row does not need (the whole job is padded to its
 * longest): rows sorted by length, cut where the shares' padded positions (rows × width) sum to
 * the least.
 * The padding dropped is past every row's end: causal attention never lets a token see it, so
 * each token's values are those of the whole job. Shares may differ in size; the executor
 * balances them over its threads.
 */
export function splitJob(job: MicroJob, parts: number): JobPart[] {
  const b = job.inputs.length;
  const order = Array.from({ length: b }, (_, i) => i).sort(
    (x, y) => rowLength(job, x) - rowLength(job, y) || x - y,
  );
  const cuts = fewestPaddedCuts(
    order.map((i) => rowLength(job, i)),
    Math.min(parts, b),
  );
  const out: JobPart[] = [];
  for (let p = 0; p + 1 < cuts.length; p++) {
    const rows = order.slice(cuts[p], cuts[p + 1]).sort((x, y) => x - y);
    const width = Math.max(...rows.map((i) => rowLength(job, i)));
    const pick = <T>(list: T[]) => rows.map((i) => list[i] as T);
    const trim = (list: number[][]) => pick(list).map((row) => row.slice(0, width));
    out.push({
      rows,
      job: {
        inputs: trim(job.inputs),
        targets: trim(job.targets),
        offsets: pick(job.offsets),
        responseLengths: pick(job.responseLengths),
        oldLogProbs: pick(job.oldLogProbs),
        advantages: pick(job.advantages),
        tokenAdvantages: job.tokenAdvantages ? pick(job.tokenAdvantages) : null,
        ruleSeed: job.ruleSeed,
        fixed: job.fixed ? { ...job.fixed, mask: pick(job.fixed.mask) } : null,
        weight: job.weight,
      },
    });
  }
  return out;
}

/**
 * Cut points [0, …, n] of ascending lengths into exactly `parts` non-empty runs, minimising
 * Σ run size × its last (longest) length: dynamic programming over (cut, runs), O(parts · n²).
 */
function fewestPaddedCuts(lengths: number[], parts: number): number[] {
  const n = lengths.length;
  // cost[p][k]: least padded positions of lengths[0..k) in p runs; from[p][k]: the last cut.
  const cost = Array.from({ length: parts + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const from = Array.from({ length: parts + 1 }, () => new Array<number>(n + 1).fill(0));
  (cost[0] as number[])[0] = 0;
  for (let p = 1; p <= parts; p++)
    for (let k = p; k <= n; k++)
      for (let j = p - 1; j < k; j++) {
        const c = (cost[p - 1] as number[])[j]! + (k - j) * lengths[k - 1]!;
        if (c < (cost[p] as number[])[k]!) {
          (cost[p] as number[])[k] = c;
          (from[p] as number[])[k] = j;
        }
      }
  const cuts = [n];
  for (let p = parts, k = n; p > 0; p--) cuts.unshift((k = (from[p] as number[])[k]!));
  return cuts;
}

/** Per-sequence lists of the parts, back in the whole job's order. */
export function unsplitRows<T>(parts: { rows: number[] }[], lists: T[][]): T[] {
  const out: T[] = new Array<T>(parts.reduce((n, p) => n + p.rows.length, 0));
  parts.forEach((p, k) => p.rows.forEach((i, j) => (out[i] = (lists[k] as T[])[j] as T)));
  return out;
}

/** One micro-batch's result from its parts' (in part order): sums of loss and gradients. */
export function joinResults(
  parts: JobPart[],
  results: MicroResult<tf.Tensor>[],
): MicroResult<tf.Tensor> {
  const [first, ...rest] = results;
  if (!first) throw new Error('joinResults: no parts');
  const grads = first.grads.map((g, i) => {
    if (!rest.length) return g;
    const all = [g, ...rest.map((r) => r.grads[i] as tf.Tensor)];
    const sum = tf.addN(all);
    tf.dispose(all);
    return sum;
  });
  const rows = <T>(pick: (r: MicroResult<tf.Tensor>) => T[]) =>
    unsplitRows(parts, results.map(pick));
  const covs = results.map((r) => r.rule.cov);
  return {
    grads,
    loss: results.reduce((a, r) => a + r.loss, 0),
    mask: rows((r) => r.mask),
    entropies: rows((r) => r.entropies),
    logProbs: rows((r) => r.logProbs),
    threshold: first.threshold,
    rule: {
      changed: rows((r) => r.rule.changed),
      cov: covs.every((c) => c) ? rows((r) => r.rule.cov ?? []) : null,
      stats: rest.reduce((a, r) => mergeRuleStats(a, r.rule.stats), { ...first.rule.stats }),
    },
    gradWeights: rows((r) => r.gradWeights),
  };
}
