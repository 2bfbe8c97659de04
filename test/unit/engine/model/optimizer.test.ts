// The Adam step runs as float32 JS loops; it must equal, bit for bit, the tf-ops formulation it
// replaced (kept below as the reference), with clipping and weight decay on, over several steps.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src-main/engine/backend';
import { createOptimizer } from '../../../../src-main/engine/model';

beforeAll(async () => {
  await initBackend('wasm');
}, 60_000);

/** The pre-fusion tf-ops Adam: m, v as tensors, ~17 kernels per parameter. */
function referenceAdam(lr: number, clipNorm: number, weightDecay: number) {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let m: tf.Tensor[] = [];
  let v: tf.Tensor[] = [];
  let step = 0;
  return (vars: tf.Variable[], grads: tf.Tensor[]): number => {
    if (!m.length) [m, v] = [vars.map((x) => tf.zerosLike(x)), vars.map((x) => tf.zerosLike(x))];
    step++;
    const [c1, c2] = [1 - b1 ** step, 1 - b2 ** step];
    const norm = Math.sqrt(
      tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g))))).dataSync()[0]!,
    );
    const scale = clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1;
    vars.forEach((x, i) => {
      const [nm, nv] = tf.tidy(() => {
        const g = scale === 1 ? grads[i]! : tf.mul(grads[i]!, scale);
        return [
          tf.add(tf.mul(m[i]!, b1), tf.mul(g, 1 - b1)),
          tf.add(tf.mul(v[i]!, b2), tf.mul(tf.square(g), 1 - b2)),
        ];
      });
      tf.dispose([m[i]!, v[i]!]);
      [m[i], v[i]] = [nm!, nv!];
      tf.tidy(() => {
        let upd = tf.div(tf.div(nm!, c1), tf.add(tf.sqrt(tf.div(nv!, c2)), eps));
        if (weightDecay > 0) upd = tf.add(upd, tf.mul(x, weightDecay));
        x.assign(tf.sub(x, tf.mul(upd, lr)));
      });
    });
    return norm;
  };
}

describe('Adam', () => {
  it.each([
    ['clipped, with weight decay', 0.05, 0.01],
    ['unclipped, plain Adam', 0, 0],
  ] as const)('%s: bit-identical to the tf-ops formulation', (_, clipNorm, weightDecay) => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1;
    const shapes = [[5, 3], [4], [17, 9]];
    const init = shapes.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b) }, rand));
    const vars = (tag: string) =>
      shapes.map((s, i) =>
        tf.variable(tf.tensor(init[i]!, s), true, `adam-${tag}-${clipNorm}-${i}`),
      );
    const [a, b] = [vars('a'), vars('b')];
    const ours = createOptimizer({ lr: 3e-3, clipNorm, weightDecay });
    const ref = referenceAdam(3e-3, clipNorm, weightDecay);
    for (let step = 0; step < 4; step++) {
      const grads = shapes.map((s) =>
        tf.tensor(Float32Array.from({ length: s.reduce((x, y) => x * y) }, rand), s),
      );
      const normOurs = ours.apply(a, grads);
      expect(normOurs).toBe(ref(b, grads));
      if (clipNorm > 0) expect(normOurs).toBeGreaterThan(clipNorm);
      tf.dispose(grads);
    }
    a.forEach((x, i) => {
      expect(Array.from(x.dataSync())).toEqual(Array.from(b[i]!.dataSync()));
      expect(Array.from(x.dataSync())).not.toEqual(Array.from(init[i]!));
    });
    tf.dispose([...a, ...b]);
  });
});
