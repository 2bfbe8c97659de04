// Next-token distributions from llama.cpp as full-vocabulary log-probabilities, and what the
// lens needs from them: the distribution at a temperature, its entropy, top alternatives, and
// top-p sampling. Pure maths in float64; no binding, no I/O.
import type { Rng } from '../engine/rng';

/**
 * Full-vocabulary log-probabilities from the binding's probability map (asked at temperature 1
 * with topK 0, topP 1, minP 0, which returns every token). Tokens it leaves out are -Infinity.
 */
export function logProbsFromMap(
  probs: ReadonlyMap<number, number>,
  vocabSize: number,
): Float64Array {
  const out = new Float64Array(vocabSize).fill(-Infinity);
  let total = 0;
  for (const p of probs.values()) total += p;
  const logTotal = Math.log(total);
  for (const [t, p] of probs) if (t >= 0 && t < vocabSize && p > 0) out[t] = Math.log(p) - logTotal;
  return out;
}

/** log-softmax(logp / T) over the whole vocabulary: the distribution sampled at temperature T. */
export function temper(logp: Float64Array, temperature: number): Float64Array {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0 (got ${temperature})`);
  const out = new Float64Array(logp.length);
  let max = -Infinity;
  for (let i = 0; i < logp.length; i++) {
    const v = (logp[i] as number) / temperature;
    out[i] = v;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += Math.exp((out[i] as number) - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) - lse;
  return out;
}

/** Shannon entropy −Σ p log p (nats) of a log-probability vector. */
export function entropyOf(logp: Float64Array): number {
  let h = 0;
  for (const lp of logp) if (lp > -Infinity) h -= Math.exp(lp) * lp;
  return Math.max(0, h);
}

/** The k most likely tokens, most likely first (ties: smaller id first). */
export function topAlternatives(logp: Float64Array, k: number): { token: number; prob: number }[] {
  const best: { token: number; lp: number }[] = [];
  for (let t = 0; t < logp.length; t++) {
    const lp = logp[t] as number;
    if (best.length < k || lp > (best[best.length - 1] as { lp: number }).lp) {
      best.push({ token: t, lp });
      best.sort((a, b) => b.lp - a.lp || a.token - b.token);
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => ({ token: b.token, prob: Math.exp(b.lp) }));
}

/**
 * Samples from `logp` restricted to its top-p nucleus (the smallest set of most likely tokens
 * whose mass reaches topP; topP 1 = the whole vocabulary). Deterministic for a given rng state.
 */
export function sampleTopP(logp: Float64Array, topP: number, rng: Rng): number {
  const order = Array.from(logp.keys()).filter((t) => (logp[t] as number) > -Infinity);
  order.sort((a, b) => (logp[b] as number) - (logp[a] as number) || a - b);
  let kept = order.length;
  if (topP < 1) {
    let mass = 0;
    for (let i = 0; i < order.length; i++) {
      mass += Math.exp(logp[order[i] as number] as number);
      if (mass >= topP) {
        kept = i + 1;
        break;
      }
    }
  }
  let total = 0;
  for (let i = 0; i < kept; i++) total += Math.exp(logp[order[i] as number] as number);
  let u = rng.next() * total;
  for (let i = 0; i < kept; i++) {
    u -= Math.exp(logp[order[i] as number] as number);
    if (u <= 0) return order[i] as number;
  }
  return order[kept - 1] as number;
}

/** Fig. 3's sampler: T_high where the T=1 entropy is strictly above τ, T_low elsewhere. */
export function twoTemperature(
  entropyAt1: number,
  threshold: number,
  tHigh: number,
  tLow: number,
): number {
  return entropyAt1 > threshold ? tHigh : tLow;
}
