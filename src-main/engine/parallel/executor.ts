// Where the heavy work of an RL step runs: sampling, the batch-scope entropy pre-pass and the
// micro-batch gradients. The local executor runs everything on the calling thread; the worker
// executor (worker-executor.ts) splits the same work with replica threads. Both give the same
// results for the same inputs (sampling: for the same thread count, see splitPrompts).
import type * as tf from '@tensorflow/tfjs-core';
import type { Policy, SampledBatch, SampleOptions } from '../model/types';
import type { MicroJob, MicroResult, MicroSettings } from '../rl/micro-batch';
import { microEntropies, microGradients } from '../rl/micro-batch';
import type { Rng } from '../rng';
import type { SftJob } from '../sft/sft-loss';
import { sftGradients } from '../sft/sft-loss';

export type SampleSettings = Omit<SampleOptions, 'rng'>;

export interface Executor {
  /** Threads that share the work, the calling one included. */
  readonly threads: number;
  sample(prompts: number[][], options: SampleSettings, rng: Rng): Promise<SampledBatch>;
  entropies(jobs: MicroJob[], temperature: number): Promise<Float32Array[][]>;
  /** Gradients as tensors on the calling thread, one result per job, in order. */
  gradients(jobs: MicroJob[], settings: MicroSettings): Promise<MicroResult<tf.Tensor>[]>;
  /** Supervised gradients (make-base), one result per job, in order. */
  sftGradients(jobs: SftJob[]): Promise<{ grads: tf.Tensor[]; loss: number }[]>;
  dispose(): Promise<void>;
}

export function localExecutor(policy: Policy, basePolicy?: Policy): Executor {
  return {
    threads: 1,
    sample: async (prompts, options, rng) =>
      policy.sample(prompts, { ...options, rng: () => rng.next() }),
    entropies: async (jobs, temperature) =>
      jobs.map((job) => microEntropies(policy, job, temperature)),
    gradients: async (jobs, settings) =>
      jobs.map((job) => microGradients(policy, basePolicy, job, settings)),
    sftGradients: async (jobs) => jobs.map((job) => sftGradients(policy, job)),
    dispose: async () => undefined,
  };
}

/** Contiguous, near-equal shares of `count` items over `parts` threads: [from, to) each. */
export function shares(count: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < parts; p++)
    out.push([Math.floor((p * count) / parts), Math.floor(((p + 1) * count) / parts)]);
  return out;
}

/** Concatenates per-thread sampled batches, in thread order. */
export function joinSampled(parts: SampledBatch[]): SampledBatch {
  const joined: Record<string, unknown[]> = {};
  for (const part of parts)
    for (const [key, list] of Object.entries(part) as [string, unknown[]][])
      (joined[key] ??= []).push(...list);
  return joined as unknown as SampledBatch;
}
