// Decoding on the CPU backends with few tfjs calls per step. Weights are fixed while
// sampling, so each LayerNorm's gain and bias are folded into the matrix that follows it
// (LN(x)·W = n(x)·(diag(g)W) + b·W), the ReLU is fused into its matMul, and the row
// normalisation, residual adds and attention run on Float32Arrays (tiny at decode batch
// sizes). Per layer and step that leaves 4 matMuls instead of ~30 kernels.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './types';
import type { Params } from './params';
import { CpuKvCache } from './attention-cpu';

interface Folded {
  w: tf.Tensor2D;
  bias: tf.Tensor1D;
}

function fold(g: tf.Tensor, b: tf.Tensor, w: tf.Tensor2D): Folded {
  // The bias is rebuilt from its values: wasm's fused matMul checks the rank the data was
  // created with, and a reshaped matMul output keeps rank 3 there.
  const bias = syncOf(() => tf.matMul(tf.reshape(b, [1, -1]), w));
  return {
    w: tf.tidy(() => tf.mul(tf.reshape(g, [-1, 1]), w)) as tf.Tensor2D,
    bias: tf.tensor1d(bias),
  };
}

/** Values of a tensor built in a tidy scope. (Never return a typed array from tf.tidy: it
 * walks the array element by element looking for tensors, ~100× the cost of the step.) */
export function syncOf(f: () => tf.Tensor): Float32Array {
  const t = tf.tidy(f);
  const d = t.dataSync() as Float32Array;
  t.dispose();
  return d;
}

/** Row-wise (x − mean)/√(var + eps), in place into `out`. */
function normalize(x: Float32Array, out: Float32Array, D: number, eps = 1e-5): Float32Array {
  for (let r = 0; r < x.length; r += D) {
    let m = 0;
    for (let j = 0; j < D; j++) m += x[r + j]!;
    m /= D;
    let v = 0;
    for (let j = 0; j < D; j++) v += (x[r + j]! - m) ** 2;
    const inv = 1 / Math.sqrt(v / D + eps);
    for (let j = 0; j < D; j++) out[r + j] = (x[r + j]! - m) * inv;
  }
  return out;
}

function mm(a: Float32Array, rows: number, f: Folded | tf.Tensor2D, relu = false): Float32Array {
  return syncOf(() => {
    const w = 'w' in f ? f.w : f;
    const x = tf.tensor2d(a, [rows, w.shape[0]]);
    return 'w' in f
      ? tf.fused.matMul({ a: x, b: w, bias: f.bias, activation: relu ? 'relu' : 'linear' })
      : tf.matMul(x, w);
  });
}

export class CpuDecoder {
  private readonly layers: { qkv: Folded; wo: tf.Tensor2D; w1: Folded; w2: tf.Tensor2D }[];
  private readonly head: Folded;
  private readonly tok: Float32Array;
  private readonly pos: Float32Array;
  private readonly cache: CpuKvCache;
  private readonly D: number;

  constructor(p: Params, c: ModelConfig, B: number, slots: number, pads: number[]) {
    this.D = c.dModel;
    this.layers = p.layers.map((L) => ({
      qkv: fold(L.ln1g, L.ln1b, L.wqkv as tf.Tensor2D),
      wo: L.wo as tf.Tensor2D,
      w1: fold(L.ln2g, L.ln2b, L.w1 as tf.Tensor2D),
      w2: L.w2 as tf.Tensor2D,
    }));
    const headT = tf.transpose(p.tokEmb) as tf.Tensor2D;
    this.head = fold(p.lnfG, p.lnfB, headT);
    headT.dispose();
    this.tok = p.tokEmb.dataSync() as Float32Array;
    this.pos = p.posEmb.dataSync() as Float32Array;
    this.cache = new CpuKvCache(c.nLayers, B, c.nHeads, c.dModel / c.nHeads, slots, pads);
  }

  /** Tokens ids/pos [B·Tq] (rows b-major) at slots s0..; returns logits [B, V] of each row's last. */
  step(ids: Int32Array, pos: Int32Array, B: number, s0: number): Float32Array {
    const D = this.D;
    const Tq = ids.length / B;
    const x = new Float32Array(ids.length * D);
    for (let r = 0; r < ids.length; r++) {
      const [t, q] = [ids[r]! * D, pos[r]! * D];
      for (let j = 0; j < D; j++) x[r * D + j] = this.tok[t + j]! + this.pos[q + j]!;
    }
    const n = new Float32Array(x.length);
    const rows = ids.length;
    this.layers.forEach((L, l) => {
      const qkv = mm(normalize(x, n, D), rows, L.qkv);
      const a = mm(this.cache.step(l, qkv, Tq, s0), rows, L.wo);
      for (let i = 0; i < x.length; i++) x[i]! += a[i]!;
      const h = mm(normalize(x, n, D), rows, L.w1, true);
      const m = mm(h, rows, L.w2);
      for (let i = 0; i < x.length; i++) x[i]! += m[i]!;
    });
    const last = new Float32Array(B * D);
    for (let b = 0; b < B; b++)
      last.set(x.subarray(((b + 1) * Tq - 1) * D, (b + 1) * Tq * D), b * D);
    return mm(normalize(last, new Float32Array(last.length), D), B, this.head);
  }

  dispose(): void {
    this.cache.dispose();
    tf.dispose([
      ...this.layers.flatMap((L) => [L.qkv.w, L.qkv.bias, L.w1.w, L.w1.bias]),
      this.head.w,
      this.head.bias,
    ]);
  }
}
