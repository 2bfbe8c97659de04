// The gradients engine/backend/gradients.ts registers, against central finite differences.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src-main/engine/backend';

beforeAll(async () => {
  await initBackend('cpu');
  await tf.setBackend('cpu');
});

function check(name: string, f: (x: tf.Tensor) => tf.Tensor, x0: number[], shape: number[]) {
  it(name, () => {
    const g = tf.tidy(() =>
      Array.from(
        tf
          .grad((x) => tf.sum(f(x)))(tf.tensor(x0, shape))
          .dataSync(),
      ),
    );
    const eps = 1e-3;
    x0.forEach((_, i) => {
      const at = (d: number) =>
        tf.tidy(() => {
          const x = x0.slice();
          x[i] = x[i]! + d;
          return tf.sum(f(tf.tensor(x, shape))).dataSync()[0]!;
        });
      expect(g[i]).toBeCloseTo((at(eps) - at(-eps)) / (2 * eps), 2);
    });
  });
}

describe('registered gradients', () => {
  const x = [0.3, -1.2, 2.1, 0.7, -0.4, 1.5];
  const c = tf.tensor([0.5, 0.1, -0.2], [1, 3]);
  check(
    'Add/Sub/Mul/Div with broadcasting',
    (t) => tf.div(tf.mul(tf.sub(tf.add(t, c), 1), t), tf.add(tf.abs(c), 1)),
    x,
    [2, 3],
  );
  check(
    'Minimum/Maximum/ClipByValue/Select',
    (t) =>
      tf.add(
        tf.minimum(t, c),
        tf.where(tf.greater(t, 0), tf.maximum(t, 0.5), tf.clipByValue(t, -1, 1)),
      ),
    x,
    [2, 3],
  );
  check(
    'Exp/Log/Sqrt/Rsqrt/Square/Neg',
    (t) => tf.add(tf.exp(tf.neg(t)), tf.log(tf.add(tf.square(t), 1))),
    x,
    [2, 3],
  );
  check(
    'Pow/Sqrt/Rsqrt',
    (t) =>
      tf.add(
        tf.pow(tf.add(tf.square(t), 1), 1.5),
        tf.add(tf.sqrt(tf.add(tf.square(t), 1)), tf.rsqrt(tf.add(tf.square(t), 2))),
      ),
    x,
    [2, 3],
  );
  check(
    'Sum/Mean/Max/Softmax/LogSoftmax',
    (t) =>
      tf.add(tf.mul(tf.softmax(t), tf.max(t, 1, true)), tf.mul(tf.logSoftmax(t), tf.mean(t, 0))),
    x,
    [2, 3],
  );
  check(
    'Tanh/Sigmoid/Relu',
    (t) => tf.add(tf.tanh(t), tf.mul(tf.sigmoid(t), tf.relu(t))),
    x,
    [2, 3],
  );
  check(
    'Reshape/Transpose/Slice/Concat/Split/Tile/Stack',
    (t) => {
      const [a, b] = tf.split(tf.transpose(tf.reshape(t, [3, 2])), 2, 0);
      const st = tf.stack([
        tf.slice(t, [0, 1], [2, 2]),
        tf.tile(tf.slice(t, [0, 0], [2, 1]), [1, 2]),
      ]);
      return tf.add(
        tf.sum(st),
        tf.mul(tf.concat([b!, a!], 1), tf.tensor([1, 2, 3, 4, 5, 6], [1, 6])),
      );
    },
    x,
    [2, 3],
  );
  check(
    'BatchMatMul with transposes',
    (t) => tf.matMul(tf.reshape(t, [1, 2, 3]), tf.reshape(t, [1, 2, 3]), true, false),
    x,
    [2, 3],
  );
});
