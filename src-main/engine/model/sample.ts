// Batched sampling with a key/value cache. Prompts are left-padded to a common length;
// each row keeps its own positions (slot − padding), and padded key slots are masked, so
// a row's result does not depend on the other rows in the batch.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, SampledBatch, SampleOptions } from './types';
import type { Params } from './params';
import { attend, causalMask, layerNorm, mergeHeads, splitHeads, useCpuAttention } from './kernels';
import { CpuDecoder, syncOf } from './decode-cpu';
import { pickToken } from './logprobs';
import type { TopSink } from './logprobs';

const NEG = -1e9;

/** Attention over the cache for Tq new tokens at slots s0..; qkv rows (b, t) → o [B·Tq, D]. */
interface KvCache {
  attend(l: number, qkv: tf.Tensor2D, Tq: number, s0: number): tf.Tensor2D;
  dispose(): void;
}

/** Portable cache on tf ops (GPU backends): concatenated K/V tensors and an additive mask. */
class TensorKvCache implements KvCache {
  private k: (tf.Tensor3D | undefined)[] = [];
  private v: (tf.Tensor3D | undefined)[] = [];
  private keyMask: tf.Tensor3D; // [H·B, 1, S]

  constructor(
    private readonly B: number,
    private readonly H: number,
    private readonly pads: number[],
    P: number,
  ) {
    const km = new Float32Array(B * P);
    pads.forEach((pad, b) => km.fill(NEG, b * P, b * P + pad));
    this.keyMask = tf.tidy(() => tf.tile(tf.tensor3d(km, [B, 1, P]), [H, 1, 1]) as tf.Tensor3D);
  }

  attend(l: number, qkv: tf.Tensor2D, Tq: number, s0: number): tf.Tensor2D {
    const { B, H } = this;
    const [q, k, v] = splitHeads(qkv, B, Tq, H) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    const prevK = this.k[l];
    const prevV = this.v[l];
    this.k[l] = tf.keep(prevK ? tf.concat([prevK, k], 1) : k);
    this.v[l] = tf.keep(prevV ? tf.concat([prevV, v], 1) : v);
    tf.dispose([prevK, prevV].filter((t): t is tf.Tensor3D => !!t));
    const S = s0 + Tq;
    if (this.keyMask.shape[2] < S) {
      const old = this.keyMask;
      this.keyMask = tf.keep(tf.concat([old, tf.zeros([H * B, 1, S - old.shape[2]])], 2));
      old.dispose();
    }
    const mask = Tq === 1 ? this.keyMask : tf.add(causalMask(Tq), this.keyMask);
    return mergeHeads(attend(q, this.k[l]!, this.v[l]!, mask), H);
  }

  dispose(): void {
    tf.dispose([...this.k, ...this.v, this.keyMask].filter((t): t is tf.Tensor3D => !!t));
  }
}

/** Forward of ids/pos [B, Tq] at slots s0..; returns the last position's logits [B, V]. */
function forward(
  p: Params,
  ids: Int32Array,
  pos: Int32Array,
  B: number,
  s0: number,
  cache: KvCache,
  headT: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const Tq = ids.length / B;
    const D = p.tokEmb.shape[1] as number;
    const tok = tf.gather(p.tokEmb, tf.tensor1d(ids, 'int32'));
    let x: tf.Tensor2D = tf.add(tok, tf.gather(p.posEmb, tf.tensor1d(pos, 'int32')));
    p.layers.forEach((L, l) => {
      const qkv = tf.matMul(layerNorm(x, L.ln1g, L.ln1b), L.wqkv) as tf.Tensor2D;
      x = tf.add(x, tf.matMul(cache.attend(l, qkv, Tq, s0), L.wo));
      const h = tf.relu(tf.matMul(layerNorm(x, L.ln2g, L.ln2b), L.w1));
      x = tf.add(x, tf.matMul(h, L.w2));
    });
    const last =
      Tq === 1
        ? x
        : tf.reshape(tf.slice(tf.reshape(x, [B, Tq, D]), [0, Tq - 1, 0], [B, 1, D]), [B, D]);
    return tf.matMul(layerNorm(last as tf.Tensor2D, p.lnfG, p.lnfB), headT);
  });
}

export function sampleWithCache(
  p: Params,
  c: ModelConfig,
  prompts: number[][],
  opts: SampleOptions,
): SampledBatch {
  const B = prompts.length;
  const C = c.contextLength;
  const V = c.vocabSize;
  const out: SampledBatch = { tokens: [], logProbs: [], entropies: [], finished: [] };
  if (B === 0) return out;
  for (const pr of prompts) {
    if (pr.length === 0) throw new Error('sample(): empty prompt');
    if (pr.length > C) throw new Error(`sample(): prompt of ${pr.length} exceeds the context ${C}`);
    if (pr.some((t) => !Number.isInteger(t) || t < 0 || t >= V)) {
      throw new Error('sample(): prompt token out of vocabulary');
    }
  }
  const P = Math.max(...prompts.map((r) => r.length));
  const pads = prompts.map((r) => P - r.length);
  const limit = prompts.map((r) => Math.max(0, Math.min(opts.maxNewTokens, C - r.length)));
  const steps = Math.max(...limit);
  const lp: number[][] = prompts.map(() => []);
  const ent: number[][] = prompts.map(() => []);
  const toks: number[][] = prompts.map(() => []);
  const done = limit.map((n) => n === 0);
  const finished = prompts.map(() => false);
  // Top-K alternatives come out of pickToken's own softmax: no extra tensor work per token.
  const K = Math.max(0, Math.min(Math.floor(opts.topK ?? 0), V));
  const tops: TopSink[] | null = K > 0 ? prompts.map(() => ({ k: K, ids: [], probs: [] })) : null;

  // CPU backends: the folded Float32Array decoder; GPU backends: tf ops with a tensor cache.
  let step: (ids: Int32Array, pos: Int32Array, s0: number) => Float32Array;
  let release: () => void;
  if (useCpuAttention(c.dModel / c.nHeads)) {
    const dec = new CpuDecoder(p, c, B, P + steps, pads);
    step = (ids, pos, s0) => dec.step(ids, pos, B, s0);
    release = () => dec.dispose();
  } else {
    const cache = new TensorKvCache(B, c.nHeads, pads, P);
    const headT = tf.transpose(p.tokEmb) as tf.Tensor2D;
    step = (ids, pos, s0) => syncOf(() => forward(p, ids, pos, B, s0, cache, headT));
    release = () => {
      headT.dispose();
      cache.dispose();
    };
  }
  try {
    const ids = new Int32Array(B * P);
    const pos = new Int32Array(B * P);
    prompts.forEach((r, b) => {
      r.forEach((t, i) => (ids[b * P + pads[b]! + i] = t));
      for (let s = pads[b]!; s < P; s++) pos[b * P + s] = s - pads[b]!;
    });
    let data = step(ids, pos, 0);
    for (let i = 0; ; i++) {
      const next = new Int32Array(B);
      const nextPos = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        if (done[b]) continue;
        const row = data.subarray(b * V, (b + 1) * V);
        const pick = pickToken(row, opts.temperature, opts.rng, tops?.[b]);
        toks[b]!.push(pick.token);
        lp[b]!.push(pick.logProb);
        ent[b]!.push(pick.entropy);
        next[b] = pick.token;
        nextPos[b] = prompts[b]!.length + i;
        if (pick.token === opts.eosId) finished[b] = done[b] = true;
        else if (toks[b]!.length >= limit[b]!) done[b] = true;
      }
      if (done.every(Boolean)) break;
      data = step(next, nextPos, P + i);
    }
  } finally {
    release();
  }
  for (let b = 0; b < B; b++) {
    out.tokens.push(toks[b]!);
    out.logProbs.push(Float32Array.from(lp[b]!));
    out.entropies.push(Float32Array.from(ent[b]!));
    out.finished.push(finished[b]!);
  }
  if (tops)
    out.alternatives = tops.map((t) => ({
      k: K,
      ids: Int32Array.from(t.ids),
      probs: Float32Array.from(t.probs),
    }));
  return out;
}
