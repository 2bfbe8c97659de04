// Building blocks shaped for tfjs-wasm's fast path: 2-D matMuls without transpose flags.
// wasm runs matMul(a, b) at ~15-25 GFLOP/s but transposeA/transposeB at ~1 GFLOP/s, while an
// explicit tf.transpose of a 2-D operand costs a few ms; so backward passes transpose
// explicitly and call the plain kernel (see docs/benchmarks.md for the figures).
import * as tf from '@tensorflow/tfjs-core';
import '../backend/gradients';
import { attnBackward, attnForward, cpuAttentionSupports } from './attention-cpu';
import { mergeHeadsCpu, splitHeadsCpu } from './heads-cpu';

type Grad2 = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
type CG2 = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;
type Fwd2 = (
  a: tf.Tensor,
  b: tf.Tensor,
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: Grad2 };

/** tf.customGrad for a two-input kernel, typed (tfjs types inputs as Tensor | save). */
function customGrad2(f: Fwd2): CG2 {
  const g = tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]);
  return g as unknown as CG2;
}

function at(saved: tf.Tensor[], i: number): tf.Tensor2D {
  return saved[i] as tf.Tensor2D;
}

/** x [N, in] · w [in, out] with a backward of plain 2-D matMuls. */
export const linear = customGrad2((x, w, save) => {
  save([x, w]);
  const gradFunc: Grad2 = (dy, saved) => {
    const [xs, d] = [at(saved, 0), dy as tf.Tensor2D];
    // dW = xᵀ·dy; transpose whichever of x, dy is narrower (a [B·T, 512] transpose is ~4× a
    // [B·T, 128] one), then at most one small [in, out] transpose.
    const dw =
      xs.shape[1] <= d.shape[1]
        ? tf.matMul(tf.transpose(xs), d)
        : tf.transpose(tf.matMul(tf.transpose(d), xs));
    return [tf.matMul(d, tf.transpose(at(saved, 1))), dw];
  };
  return { value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), gradFunc };
});

/** Like `linear` for an input that needs no gradient (one-hot tokens): skips dx. */
export const linearConstInput = customGrad2((x, w, save) => {
  save([x]);
  const gradFunc: Grad2 = (dy, saved) => [
    tf.zerosLike(at(saved, 0)),
    tf.matMul(tf.transpose(at(saved, 0)), dy as tf.Tensor2D),
  ];
  return { value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), gradFunc };
});

/** LayerNorm over the last axis of x [N, D]. */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor, eps = 1e-5): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const xc = tf.sub(x, mean);
  const variance = tf.mean(tf.square(xc), -1, true);
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, eps))), g), b);
}

/** Split qkv [N, 3D] into head-major q, k, v [H·B, T, Dh] without a 5-D transpose
 * (wasm's general transpose is ~100× slower than a column slice + concat). */
export function splitHeads(qkv: tf.Tensor2D, B: number, T: number, H: number): tf.Tensor3D[] {
  return onCpu() ? splitHeadsCpu(qkv, B, T, H) : splitHeadsTf(qkv, B, T, H);
}

/** Inverse of splitHeads for one tensor: [H·B, T, Dh] → [B·T, H·Dh]. */
export function mergeHeads(o: tf.Tensor3D, H: number): tf.Tensor2D {
  return onCpu() ? mergeHeadsCpu(o, H) : mergeHeadsTf(o, H);
}

let headsImpl: 'auto' | 'tf' = 'auto';
/** Force the tf-ops head split/merge ('tf'), e.g. to check the CPU copies against them. */
export function setHeadsImpl(impl: 'auto' | 'tf'): void {
  headsImpl = impl;
}

function onCpu(): boolean {
  const b = tf.getBackend();
  return headsImpl === 'auto' && (b === 'wasm' || b === 'cpu');
}

export function splitHeadsTf(qkv: tf.Tensor2D, B: number, T: number, H: number): tf.Tensor3D[] {
  const Dh = qkv.shape[1] / (3 * H);
  const cols = tf.split(qkv, 3 * H, 1);
  return [0, 1, 2].map((i) =>
    tf.reshape(tf.concat(cols.slice(i * H, (i + 1) * H), 0), [H * B, T, Dh]),
  );
}

export function mergeHeadsTf(o: tf.Tensor3D, H: number): tf.Tensor2D {
  const [HB, T, Dh] = o.shape;
  const rows = (HB / H) * T;
  return tf.concat(tf.split(tf.reshape(o, [H * rows, Dh]), H, 0), 1) as tf.Tensor2D;
}

/** Additive causal mask [C, C]: 0 on and below the diagonal, -1e9 above. */
export function causalMask(C: number): tf.Tensor2D {
  const m = new Float32Array(C * C);
  for (let i = 0; i < C; i++) for (let j = i + 1; j < C; j++) m[i * C + j] = -1e9;
  return tf.tensor2d(m, [C, C]);
}

/** Causal self-attention on head-major q, k, v [H·B, T, Dh]; mask is [T, T] or broadcastable. */
export function attend(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  mask: tf.Tensor,
): tf.Tensor3D {
  const scale = 1 / Math.sqrt(q.shape[2]);
  const s = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), mask);
  return tf.matMul(tf.softmax(s), v);
}

let attentionImpl: 'auto' | 'tf' = 'auto';
/** Force the portable tf-ops attention ('tf'), e.g. to compare against the CPU kernels. */
export function setAttentionImpl(impl: 'auto' | 'tf'): void {
  attentionImpl = impl;
}

/** Whether attention runs on the wasm SIMD kernels (CPU backends) rather than tf ops. */
export function useCpuAttention(headDim: number): boolean {
  if (attentionImpl === 'tf') return false;
  const b = tf.getBackend();
  return (b === 'wasm' || b === 'cpu') && cpuAttentionSupports(headDim);
}

/** Causal self-attention straight from qkv [B·T, 3D] to o [B·T, D] on the CPU kernels. */
export function attentionCpu(qkv: tf.Tensor2D, B: number, T: number, H: number): tf.Tensor2D {
  const Dh = qkv.shape[1] / (3 * H);
  const op = tf.customGrad(((x: tf.Tensor) => {
    const data = x.dataSync() as Float32Array;
    const { o, p } = attnForward(data, B, T, H, Dh);
    const gradFunc = (dy: tf.Tensor) => {
      const d = attnBackward(data, p, dy.dataSync() as Float32Array, B, T, H, Dh);
      return tf.tensor2d(d, [B * T, 3 * H * Dh]);
    };
    return { value: tf.tensor2d(o, [B * T, H * Dh]), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(qkv) as tf.Tensor2D;
}
