// Forward passes for the analyses that need a model: teacher-forced entropies of fixed responses
// under one checkpoint (Table 1, Fig. 4), and two-temperature decoding (Fig. 3, paper Eq. 5).
// Engine code: tensors only, no I/O.
import * as tf from '@tensorflow/tfjs-core';
import { tokenLogProbsAndEntropy } from '../model/logprobs';
import { pickToken } from '../model/logprobs';
import type { Policy, UniformRng } from '../model/types';
import { PAD_ID } from '../tokenizer';

export interface ForcedSequence {
  /** Prompt ids (BOS included), as the rollout fed them. */
  prompt: readonly number[];
  /** Response ids to score. */
  response: readonly number[];
}

export interface ForcedResult {
  /** Entropy (nats) of the next-token distribution at each response position. */
  entropies: Float32Array[];
  /** log π(response token) at each response position. */
  logProbs: Float32Array[];
}

/**
 * Scores fixed responses with `policy`: the entropy and log-prob at every response position,
 * from softmax(logits / temperature). Sequences longer than the context are cut at the front of
 * the response's end (the tail positions beyond the context get NaN). Batched by `batchSize`.
 */
export function teacherForceEntropies(
  policy: Policy,
  sequences: readonly ForcedSequence[],
  temperature: number,
  batchSize = 16,
): ForcedResult {
  const ctx = policy.config.contextLength;
  const entropies: Float32Array[] = [];
  const logProbs: Float32Array[] = [];
  for (let start = 0; start < sequences.length; start += batchSize) {
    const batch = sequences.slice(start, start + batchSize);
    const full = batch.map((s) => [...s.prompt, ...s.response].slice(0, ctx + 1));
    const T = Math.max(2, ...full.map((f) => f.length)) - 1;
    const inputs = new Int32Array(batch.length * T).fill(PAD_ID);
    const targets = new Int32Array(batch.length * T).fill(PAD_ID);
    full.forEach((f, b) => {
      for (let i = 0; i + 1 < f.length; i++) {
        inputs[b * T + i] = f[i] as number;
        targets[b * T + i] = f[i + 1] as number;
      }
    });
    const [H, L] = tf.tidy(() => {
      const ids = tf.tensor2d(inputs, [batch.length, T], 'int32');
      const tg = tf.tensor2d(targets, [batch.length, T], 'int32');
      const { logProbs: lp, entropy } = tokenLogProbsAndEntropy(
        policy.logits(ids),
        tg,
        temperature,
      );
      return [entropy, lp];
    });
    const h = H.dataSync() as Float32Array;
    const l = L.dataSync() as Float32Array;
    H.dispose();
    L.dispose();
    batch.forEach((s, b) => {
      const e = new Float32Array(s.response.length).fill(NaN);
      const p = new Float32Array(s.response.length).fill(NaN);
      for (let j = 0; j < s.response.length; j++) {
        const pos = s.prompt.length - 1 + j; // logits at pos predict token pos + 1
        if (pos < 0 || pos >= T || pos + 1 >= (full[b] as number[]).length) continue;
        e[j] = h[b * T + pos] as number;
        p[j] = l[b * T + pos] as number;
      }
      entropies.push(e);
      logProbs.push(p);
    });
  }
  return { entropies, logProbs };
}

/** Entropy (nats) of softmax(row) at temperature 1, in float64. */
export function rowEntropy(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i] as number);
  let sum = 0;
  let zsum = 0;
  for (let i = 0; i < row.length; i++) {
    const z = row[i] as number;
    const ex = Math.exp(z - max);
    sum += ex;
    zsum += ex * z;
  }
  return max + Math.log(sum) - zsum / sum;
}

export interface TwoTemperatureOptions {
  /** Entropy threshold in nats (paper: 0.672, the 80th percentile). */
  threshold: number;
  /** Temperature for tokens whose entropy (at T=1) exceeds the threshold. */
  tHigh: number;
  /** Temperature for the others. 0 = greedy. */
  tLow: number;
  maxNewTokens: number;
  eosId: number;
  rng: UniformRng;
}

export interface TwoTemperatureResult {
  tokens: number[][];
  /** Entropy at T=1 of each step's distribution (the quantity compared to the threshold). */
  entropies: Float32Array[];
  /** Whether each token was decoded at tHigh. */
  high: Uint8Array[];
}

/**
 * Paper Eq. 5: decode with T_high where H_t > threshold and T_low elsewhere. A full forward
 * per new token (no cache): this is an analysis at small scale, not the training sampler.
 */
export function sampleTwoTemperature(
  policy: Policy,
  prompts: readonly (readonly number[])[],
  options: TwoTemperatureOptions,
): TwoTemperatureResult {
  const ctx = policy.config.contextLength;
  const V = policy.config.vocabSize;
  const seqs = prompts.map((p) => [...p]);
  const tokens: number[][] = prompts.map(() => []);
  const ent: number[][] = prompts.map(() => []);
  const high: number[][] = prompts.map(() => []);
  const done = prompts.map(() => false);
  for (let step = 0; step < options.maxNewTokens; step++) {
    const live = seqs
      .map((_, i) => i)
      .filter((i) => !done[i] && (seqs[i] as number[]).length < ctx);
    if (live.length === 0) break;
    const T = Math.max(...live.map((i) => (seqs[i] as number[]).length));
    const ids = new Int32Array(live.length * T).fill(PAD_ID);
    live.forEach((i, b) => (seqs[i] as number[]).forEach((t, j) => (ids[b * T + j] = t)));
    const logits = tf.tidy(() => policy.logits(tf.tensor2d(ids, [live.length, T], 'int32')));
    const data = logits.dataSync() as Float32Array;
    logits.dispose();
    live.forEach((i, b) => {
      const seq = seqs[i] as number[];
      const pos = seq.length - 1;
      const row = data.subarray((b * T + pos) * V, (b * T + pos + 1) * V);
      const h = rowEntropy(row);
      const isHigh = h > options.threshold;
      const { token } = pickToken(row, isHigh ? options.tHigh : options.tLow, options.rng);
      seq.push(token);
      (tokens[i] as number[]).push(token);
      (ent[i] as number[]).push(h);
      (high[i] as number[]).push(isHigh ? 1 : 0);
      if (token === options.eosId) done[i] = true;
    });
  }
  return {
    tokens,
    entropies: ent.map((e) => Float32Array.from(e)),
    high: high.map((h) => Uint8Array.from(h)),
  };
}
