// A fixed matMul timed on the active backend: a yardstick for how busy the machine is, so
// figures taken under different load can be compared.
import * as tf from '@tensorflow/tfjs-core';

/** GFLOP/s of a [512×512]·[512×512] matMul (median of 7). */
export function matmulGflops(n = 512): number {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1) as tf.Tensor2D;
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, a);
    c.dataSync();
    c.dispose();
    if (i > 0) times.push(performance.now() - t0);
  }
  a.dispose();
  times.sort((x, y) => x - y);
  return +((2 * n ** 3) / (times[3] as number) / 1e6).toFixed(1);
}
