// Head split and merge as plain copies in JS on the CPU backends, for head widths the wasm
// attention kernels do not take (not a multiple of 8, e.g. the 0.25M base's 20). wasm's SplitV
// and Concat on column blocks cost about a quarter of that shape's RL step (docs/benchmarks.md);
// a copy moves the same floats, so results are bit-identical to the tf-ops split and merge.
import * as tf from '@tensorflow/tfjs-core';

/**
 * qkv [B·T, 3·H·Dh] ↔ [3, H·B·T, Dh] (part-major, then head-major: splitHeads' layout). One loop
 * for both directions: row n's block for (part, head) is at n·width + col in the row layout and at
 * base + n·Dh in the head layout.
 */
function copyHeads(
  src: Float32Array,
  N: number,
  H: number,
  Dh: number,
  parts: number,
  direction: 'to-heads' | 'from-heads',
) {
  const out = new Float32Array(src.length);
  const width = parts * H * Dh;
  for (let p = 0; p < parts; p++)
    for (let h = 0; h < H; h++) {
      const col = (p * H + h) * Dh;
      const base = (p * H + h) * N * Dh;
      for (let n = 0; n < N; n++) {
        const row = n * width + col;
        const head = base + n * Dh;
        if (direction === 'to-heads') out.set(src.subarray(row, row + Dh), head);
        else out.set(src.subarray(head, head + Dh), row);
      }
    }
  return out;
}

const toHeads = (src: Float32Array, N: number, H: number, Dh: number, parts: number) =>
  copyHeads(src, N, H, Dh, parts, 'to-heads');
const fromHeads = (src: Float32Array, N: number, H: number, Dh: number, parts: number) =>
  copyHeads(src, N, H, Dh, parts, 'from-heads');

/** Same result as kernels.ts splitHeads: q, k, v [H·B, T, Dh]. */
export function splitHeadsCpu(qkv: tf.Tensor2D, B: number, T: number, H: number): tf.Tensor3D[] {
  const N = B * T;
  const Dh = qkv.shape[1] / (3 * H);
  const op = tf.customGrad(((x: tf.Tensor) => ({
    value: tf.tensor3d(toHeads(x.dataSync() as Float32Array, N, H, Dh, 3), [3, H * N, Dh]),
    gradFunc: (dy: tf.Tensor) =>
      tf.tensor2d(fromHeads(dy.dataSync() as Float32Array, N, H, Dh, 3), [N, 3 * H * Dh]),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  const all = op(qkv) as tf.Tensor3D;
  return tf.split(all, 3, 0).map((t) => tf.reshape(t, [H * B, T, Dh]) as tf.Tensor3D);
}

/** Same result as kernels.ts mergeHeads: [H·B, T, Dh] → [B·T, H·Dh]. */
export function mergeHeadsCpu(o: tf.Tensor3D, H: number): tf.Tensor2D {
  const [HB, T, Dh] = o.shape;
  const N = (HB / H) * T;
  const op = tf.customGrad(((x: tf.Tensor) => ({
    value: tf.tensor2d(fromHeads(x.dataSync() as Float32Array, N, H, Dh, 1), [N, H * Dh]),
    gradFunc: (dy: tf.Tensor) =>
      tf.tensor3d(toHeads(dy.dataSync() as Float32Array, N, H, Dh, 1), [HB, T, Dh]),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(o) as tf.Tensor2D;
}
