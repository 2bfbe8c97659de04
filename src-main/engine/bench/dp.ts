// Two-core data-parallel train step for the benchmark: the main thread and one worker each
// take half the batch; gradients are averaged and one Adam step is applied on the main
// thread, whose weights the worker receives at the start of the next step.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendPreference } from '../backend';
import { createOptimizer, createPolicy } from '../model';
import { mulberry32 } from '../model/rng';
import { startModuleWorker } from '../parallel/start-worker';
import { configOf, nextTokenLoss, type BenchShape } from './speed';

export async function measureDataParallelTrain(
  shape: BenchShape,
  opts: { steps: number; backend: BackendPreference; onLine?: (s: string) => void },
): Promise<number[]> {
  const cfg = configOf(shape);
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(ts ? './dp-worker.ts' : './dp-worker.js', import.meta.url);
  const worker = startModuleWorker(url, { config: cfg, backend: opts.backend });
  const next = () =>
    new Promise<{ grads: Float32Array[]; loss: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await next(); // ready
  const policy = createPolicy(cfg, 0);
  const opt = createOptimizer({ lr: 1e-3, clipNorm: 1 });
  const rand = mulberry32(1);
  const [B, T, h] = [shape.batch, shape.ctx, shape.batch >> 1];
  const randIds = () => Int32Array.from({ length: B * T }, () => Math.floor(rand() * shape.vocab));
  const [ids, tgt] = [randIds(), randIds()];
  const mine = tf.tensor2d(ids.subarray(0, h * T), [h, T], 'int32');
  const mineT = tf.tensor2d(tgt.subarray(0, h * T), [h, T], 'int32');
  const rates: number[] = [];
  try {
    for (let i = 0; i <= opts.steps; i++) {
      const t0 = performance.now();
      const reply = next();
      const weights = policy.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
      worker.postMessage({ weights, ids: ids.slice(h * T), tgt: tgt.slice(h * T), B: B - h, T });
      const { value, grads } = tf.variableGrads(
        () => nextTokenLoss(policy, mine, mineT),
        policy.variables,
      );
      const theirs = await reply;
      const avg = policy.variables.map((v, j) =>
        tf.tidy(() => tf.div(tf.add(grads[v.name]!, tf.tensor(theirs.grads[j]!, v.shape)), 2)),
      );
      opt.apply(policy.variables, avg);
      tf.dispose([value, ...Object.values(grads), ...avg]);
      const s = (performance.now() - t0) / 1000;
      if (i > 0) rates.push((B * T) / s);
      opts.onLine?.(`dp train step ${i}: ${s.toFixed(3)} s`);
    }
  } finally {
    await worker.terminate();
    tf.dispose([mine, mineT]);
    opt.dispose();
    policy.dispose();
  }
  return rates;
}
