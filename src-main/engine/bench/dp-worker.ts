// Data-parallel helper thread for the benchmark: a second tfjs-wasm instance (wasm runs one
// thread per instance in Node) computing gradients for its share of the batch.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendPreference } from '../backend';
import { createPolicy } from '../model';
import type { ModelConfig } from '../model';
import { nextTokenLoss } from './speed';

interface Job {
  weights: Float32Array[];
  ids: Int32Array;
  tgt: Int32Array;
  B: number;
  T: number;
}

const { config, backend } = workerData as { config: ModelConfig; backend: BackendPreference };
await initBackend(backend);
const policy = createPolicy(config, 0);
parentPort?.on('message', (job: Job) => {
  policy.variables.forEach((v, i) => v.assign(tf.tensor(job.weights[i]!, v.shape)));
  const ids = tf.tensor2d(job.ids, [job.B, job.T], 'int32');
  const tgt = tf.tensor2d(job.tgt, [job.B, job.T], 'int32');
  const { value, grads } = tf.variableGrads(
    () => nextTokenLoss(policy, ids, tgt),
    policy.variables,
  );
  const out = policy.variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  const loss = value.dataSync()[0]!;
  tf.dispose([ids, tgt, value, ...Object.values(grads)]);
  parentPort?.postMessage(
    { grads: out, loss },
    out.map((g) => g.buffer as ArrayBuffer),
  );
});
parentPort?.postMessage({ ready: true });
