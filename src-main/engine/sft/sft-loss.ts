// The supervised loss on a slice of a demonstration batch, as plain data, so that the calling
// thread and replica threads (engine/parallel) can each take a share of the rows. The loss is
// normalised by the whole batch's response-token count, so the shares' gradients sum to the
// full batch's gradient.
import * as tf from '@tensorflow/tfjs-core';
import { tokenLogProbsAndEntropy } from '../model/logprobs';
import type { Policy } from '../model/types';

export interface SftJob {
  inputs: number[][]; // [b][L]
  targets: number[][];
  /** 1 on response targets, row-major [b, L]. */
  mask: Float32Array;
  /** Response tokens in the whole batch. */
  denom: number;
}

export function sftGradients(policy: Policy, job: SftJob): { grads: tf.Tensor[]; loss: number } {
  const { value, grads } = tf.variableGrads(
    () =>
      tf.tidy(() => {
        const logits = policy.logits(tf.tensor2d(job.inputs, undefined, 'int32'));
        const targets = tf.tensor2d(job.targets, undefined, 'int32');
        const { logProbs } = tokenLogProbsAndEntropy(logits, targets, 1);
        const mask = tf.tensor2d(job.mask, logProbs.shape as [number, number]);
        return tf.div(tf.neg(tf.sum(tf.mul(logProbs, mask))), job.denom) as tf.Scalar;
      }),
    policy.variables,
  );
  const loss = value.dataSync()[0] as number;
  value.dispose();
  // A variable the loss does not reach gets a zero gradient (Adam still decays its moments).
  return { grads: policy.variables.map((v) => grads[v.name] ?? tf.zerosLike(v)), loss };
}
