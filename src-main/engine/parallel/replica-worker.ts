// A replica thread: its own tfjs instance (wasm runs one thread per instance in Node) and a copy
// of the policy, doing its share of sampling and micro-batch gradients for the worker executor.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend';
import { createPolicy } from '../model';
import type { Policy } from '../model/types';
import { microEntropies, microGradients } from '../rl/micro-batch';
import { sftGradients } from '../sft/sft-loss';
import { sampleShard } from './executor';
import type { ReplicaInit, ReplicaReply, ReplicaRequest, ReplicaResult } from './protocol';

const init = workerData as ReplicaInit;
await initBackend(init.backend);
const policy = createPolicy(init.model, 0);
const base = init.base ? createPolicy(init.model, 0) : undefined;
if (base && init.base) assign(base, init.base);

function assign(target: Policy, weights: Float32Array[]): void {
  target.variables.forEach((v, i) => {
    const t = tf.tensor(weights[i] as Float32Array, v.shape);
    v.assign(t);
    t.dispose();
  });
}

/** Copies of the gradients (a backend may own the buffer dataSync returns); frees the tensors. */
function readGrads(grads: tf.Tensor[], transfer: ArrayBuffer[]): Float32Array[] {
  const out = grads.map((g) => (g.dataSync() as Float32Array).slice());
  tf.dispose(grads);
  transfer.push(...out.map((g) => g.buffer as ArrayBuffer));
  return out;
}

function handle(req: ReplicaRequest): { result: ReplicaResult; transfer: ArrayBuffer[] } {
  assign(policy, req.weights);
  switch (req.kind) {
    case 'sample':
      return { result: req.shards.map((sh) => sampleShard(policy, sh, req.options)), transfer: [] };
    case 'entropies':
      return {
        result: req.jobs.map((j) => microEntropies(policy, j, req.temperature)),
        transfer: [],
      };
    case 'gradients': {
      const transfer: ArrayBuffer[] = [];
      const result = req.jobs.map((job) => {
        const r = microGradients(policy, base, job, req.settings);
        return { ...r, grads: readGrads(r.grads, transfer) };
      });
      return { result, transfer };
    }
    case 'sft': {
      const transfer: ArrayBuffer[] = [];
      const result = req.jobs.map((job) => {
        const r = sftGradients(policy, job);
        return { loss: r.loss, grads: readGrads(r.grads, transfer) };
      });
      return { result, transfer };
    }
  }
}

parentPort?.on('message', (req: ReplicaRequest) => {
  let reply: ReplicaReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const out = handle(req);
    reply = { id: req.id, ok: true, result: out.result };
    transfer = out.transfer;
  } catch (err) {
    reply = { id: req.id, ok: false, error: (err as Error).stack ?? String(err) };
  }
  parentPort?.postMessage(reply, transfer);
});
parentPort?.postMessage({ ready: true } satisfies ReplicaReply);
