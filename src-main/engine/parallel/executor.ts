// Where the heavy work of an RL step runs: sampling, the batch-scope entropy pre-pass and the
// micro-batch gradients. The local executor runs everything on the calling thread; the worker
// executor (worker-executor.ts) splits the same work with replica threads. Both compute the
// same thing whatever the thread count: sampling is always cut into SAMPLE_SHARDS shares, each
// with its own generator seeded from the run's RNG, and the gradients of the micro-batches are
// summed in order. (Bit-exact runs still need the same thread count: docs/benchmarks.md.)
import type * as tf from '@tensorflow/tfjs-core';
import type { Policy, SampledBatch, SampleOptions } from '../model/types';
import type { MicroJob, MicroResult, MicroSettings } from '../rl/micro-batch';
import { microEntropies, microGradients } from '../rl/micro-batch';
import type { Rng } from '../rng';
import { createRng } from '../rng';
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

/** Sampling shares per request: the most threads that sample in parallel, and a fixed stream. */
export const SAMPLE_SHARDS = 4;

export interface SampleShard {
  prompts: number[][];
  seed: number;
}

/** Contiguous shares of the prompts, each with a seed drawn from the run's RNG in order. */
export function sampleShards(prompts: number[][], rng: Rng): SampleShard[] {
  return shares(prompts.length, SAMPLE_SHARDS).map(([from, to]) => ({
    prompts: prompts.slice(from, to),
    seed: rng.int(2 ** 32),
  }));
}

export function sampleShard(
  policy: Policy,
  shard: SampleShard,
  options: SampleSettings,
): SampledBatch {
  if (shard.prompts.length === 0) return { tokens: [], logProbs: [], entropies: [], finished: [] };
  const rng = createRng(shard.seed);
  return policy.sample(shard.prompts, { ...options, rng: () => rng.next() });
}

export function localExecutor(policy: Policy, basePolicy?: Policy): Executor {
  return {
    threads: 1,
    sample: async (prompts, options, rng) =>
      joinSampled(sampleShards(prompts, rng).map((s) => sampleShard(policy, s, options))),
    entropies: async (jobs, temperature) =>
      jobs.map((job) => microEntropies(policy, job, temperature)),
    gradients: async (jobs, settings) =>
      jobs.map((job) => microGradients(policy, basePolicy, job, settings)),
    sftGradients: async (jobs) => jobs.map((job) => sftGradients(policy, job)),
    dispose: async () => undefined,
  };
}

/** An executor whose implementation can be swapped between steps (a resume pins its threads). */
export function swappable(
  initial: Executor,
): Executor & { replace(next: Executor): Promise<void> } {
  let inner = initial;
  return {
    get threads() {
      return inner.threads;
    },
    sample: (prompts, options, rng) => inner.sample(prompts, options, rng),
    entropies: (jobs, temperature) => inner.entropies(jobs, temperature),
    gradients: (jobs, settings) => inner.gradients(jobs, settings),
    sftGradients: (jobs) => inner.sftGradients(jobs),
    async replace(next) {
      const old = inner;
      inner = next;
      await old.dispose();
    },
    dispose: () => inner.dispose(),
  };
}

/** Contiguous, near-equal shares of `count` items over `parts` threads: [from, to) each. */
export function shares(count: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < parts; p++)
    out.push([Math.floor((p * count) / parts), Math.floor(((p + 1) * count) / parts)]);
  return out;
}

/** Concatenates sampled batches in order (any per-sequence fields, e.g. alternatives). */
export function joinSampled(parts: SampledBatch[]): SampledBatch {
  const joined: Record<string, unknown[]> = {
    tokens: [],
    logProbs: [],
    entropies: [],
    finished: [],
  };
  for (const part of parts)
    for (const [key, list] of Object.entries(part) as [string, unknown[]][])
      (joined[key] ??= []).push(...list);
  return joined as unknown as SampledBatch;
}
