// The executor with replica threads: the calling thread and N − 1 workers split each request.
// Sampling: the SAMPLE_SHARDS seeded shares are dealt round-robin to the threads. Gradients and
// entropies: micro-batches are balanced over the threads by padded size; with fewer micro-batches
// than threads, each is cut by sequences into PARTS_PER_THREAD · N length-sorted parts when its
// mask is fixed (rl/micro-split.ts; always for entropies), and the parts are balanced instead.
// Results come back in order, so samples are identical to the local executor's and the summed
// gradient equals it up to float rounding.
import type { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { ConcreteBackend } from '../backend';
import type { Policy, SampledBatch } from '../model/types';
import type { MicroJob, MicroResult } from '../rl/micro-batch';
import type { JobPart } from '../rl/micro-split';
import {
  canSplitMicroBatches,
  joinResults,
  paddedSize,
  splitJob,
  unsplitRows,
} from '../rl/micro-split';
import type { SftJob } from '../sft/sft-loss';
import type { Executor } from './executor';
import type { SampleShard } from './executor';
import { joinSampled, localExecutor, SAMPLE_SHARDS, sampleShard, sampleShards } from './executor';
import type { ReplicaInit, ReplicaReply, ReplicaRequest, ReplicaResult } from './protocol';
import { defaultReplicaUrl, startModuleWorker } from './start-worker';

type Body = ReplicaRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id' | 'weights'>
    : never
  : never;

class Replica {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: ReplicaResult) => void; reject: (e: Error) => void }
  >();
  private failure: Error | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (m: ReplicaReply) => {
        if ('ready' in m) return resolve();
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.result);
        else p?.reject(new Error(`replica worker: ${m.error}`));
      });
      const fail = (err: Error) => {
        this.failure = err;
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      };
      worker.on('error', (err) => fail(new Error(`replica worker failed: ${err.message}`)));
      worker.on('exit', (code) => fail(new Error(`replica worker exited (code ${code})`)));
    });
  }

  request<T extends ReplicaResult>(body: Body, weights: Float32Array[]): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: ReplicaResult) => void, reject });
      this.worker.postMessage({ ...body, id, weights } as ReplicaRequest);
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

const snapshot = (p: Policy): Float32Array[] =>
  p.variables.map((v) => (v.dataSync() as Float32Array).slice());

/** Splits `jobs` round-robin over threads: thread t gets jobs t, t + N, … */
function deal<T>(jobs: T[], threads: number): T[][] {
  return Array.from({ length: threads }, (_, t) => jobs.filter((_, i) => i % threads === t));
}

function undeal<T>(parts: T[][], threads: number, count: number): T[] {
  return Array.from(
    { length: count },
    (_, i) => (parts[i % threads] as T[])[Math.floor(i / threads)] as T,
  );
}

/**
 * Parts per thread when micro-batches are cut: more parts drop more padding (each is padded to
 * its own longest row) and balance better; 2 per thread leaves ≈ 6% over the unpadded size at
 * the presets' length spread, where one per thread left ≈ 39%.
 */
const PARTS_PER_THREAD = 2;

/**
 * Work items spread over threads by cost, largest first, each to the least-loaded thread
 * (ties: lowest thread, then lowest item): per thread, its items' indices in order.
 */
export function balance(costs: number[], threads: number): number[][] {
  const load = new Array<number>(threads).fill(0);
  const out = Array.from({ length: threads }, () => [] as number[]);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
  for (const i of order) {
    const t = load.indexOf(Math.min(...load));
    load[t]! += costs[i]!;
    out[t]!.push(i);
  }
  return out.map((list) => list.sort((a, b) => a - b));
}

/** Each thread's items as the rows it holds, for unsplitRows to put results back in order. */
const byThread = (assigned: number[][]) => assigned.map((rows) => ({ rows }));

/** Micro-batch work balanced over threads: which items each thread has, and the items. */
function spreadWork(work: MicroJob[], threads: number): [number[][], MicroJob[][]] {
  const assigned = balance(work.map(paddedSize), threads);
  return [assigned, assigned.map((list) => list.map((i) => work[i] as MicroJob))];
}

/** Each job cut into `per` parts by sequences (or kept whole), and how to regroup the results. */
function pieces(jobs: MicroJob[], per: number): { work: MicroJob[]; split: JobPart[][] } {
  const split = jobs.map((job) =>
    per > 1 ? splitJob(job, per) : [{ job, rows: job.inputs.map((_, i) => i) }],
  );
  return { work: split.flat().map((p) => p.job), split };
}

/** Flat results of `pieces(…).work`, one list per job. */
function regroup<T>(flat: T[], split: JobPart[][]): T[][] {
  let at = 0;
  return split.map((parts) => flat.slice(at, (at += parts.length)));
}

export async function startWorkerExecutor(options: {
  policy: Policy;
  basePolicy?: Policy;
  threads: number;
  backend: ConcreteBackend;
  workerUrl?: URL;
}): Promise<Executor> {
  const { policy, basePolicy, threads } = options;
  const local = localExecutor(policy, basePolicy);
  if (threads < 2) return local;
  const init: ReplicaInit = {
    model: policy.config,
    backend: options.backend,
    base: basePolicy ? snapshot(basePolicy) : null,
  };
  const url = options.workerUrl ?? defaultReplicaUrl();
  const replicas = Array.from(
    { length: threads - 1 },
    () => new Replica(startModuleWorker(url, init)),
  );
  try {
    await Promise.all(replicas.map((r) => r.ready));
  } catch (err) {
    await Promise.all(replicas.map((r) => r.stop()));
    throw err;
  }

  const toTensors = (grads: Float32Array[]) =>
    grads.map((g, i) => tf.tensor(g, (policy.variables[i] as tf.Variable).shape));

  /** Runs part 0 here and part t on replica t − 1, concurrently. */
  async function spread<T>(parts: Body[], here: () => Promise<T>): Promise<[T, ReplicaResult[]]> {
    const weights = snapshot(policy);
    const remote = Promise.all(
      parts.slice(1).map((body, i) => (replicas[i] as Replica).request(body, weights)),
    );
    const mine = await here();
    return [mine, await remote];
  }

  return {
    threads,
    async sample(prompts, sampleOptions, rng) {
      const parts = deal(sampleShards(prompts, rng), threads);
      const bodies: Body[] = parts.map((p) => ({
        kind: 'sample',
        shards: p,
        options: sampleOptions,
      }));
      const [mine, theirs] = await spread(bodies, async () =>
        (parts[0] as SampleShard[]).map((sh) => sampleShard(policy, sh, sampleOptions)),
      );
      return joinSampled(undeal([mine, ...(theirs as SampledBatch[][])], threads, SAMPLE_SHARDS));
    },
    async entropies(jobs, temperature) {
      // Entropies are per sequence: a job may always be shared.
      const { work, split } = pieces(jobs, Math.ceil((PARTS_PER_THREAD * threads) / jobs.length));
      const [assigned, parts] = spreadWork(work, threads);
      const bodies: Body[] = parts.map((p) => ({ kind: 'entropies', jobs: p, temperature }));
      const [mine, theirs] = await spread(bodies, () =>
        local.entropies(parts[0] as MicroJob[], temperature),
      );
      const flat = unsplitRows(byThread(assigned), [mine, ...(theirs as Float32Array[][][])]);
      return regroup(flat, split).map((lists, k) => unsplitRows(split[k] as JobPart[], lists));
    },
    async gradients(jobs, settings) {
      const share = jobs.length < threads && canSplitMicroBatches(settings);
      const per =
        share && jobs.every((j) => j.fixed)
          ? Math.ceil((PARTS_PER_THREAD * threads) / jobs.length)
          : 1;
      const { work, split } = pieces(jobs, per);
      const [assigned, parts] = spreadWork(work, threads);
      const bodies: Body[] = parts.map((p) => ({ kind: 'gradients', jobs: p, settings }));
      const [mine, theirs] = await spread(bodies, () =>
        local.gradients(parts[0] as MicroJob[], settings),
      );
      const remote = (theirs as MicroResult<Float32Array>[][]).map((list) =>
        list.map((r) => ({
          ...r,
          grads: toTensors(r.grads),
        })),
      );
      const flat = unsplitRows(byThread(assigned), [mine, ...remote]);
      if (per === 1) return flat;
      return regroup(flat, split).map((results, k) => joinResults(split[k] as JobPart[], results));
    },
    async sftGradients(jobs) {
      const parts = deal(jobs, threads);
      const bodies: Body[] = parts.map((p) => ({ kind: 'sft', jobs: p }));
      const [mine, theirs] = await spread(bodies, () => local.sftGradients(parts[0] as SftJob[]));
      const remote = (theirs as { grads: Float32Array[]; loss: number }[][]).map((list) =>
        list.map((r) => ({ loss: r.loss, grads: toTensors(r.grads) })),
      );
      return undeal([mine, ...remote], threads, jobs.length);
    },
    async dispose() {
      await Promise.all(replicas.map((r) => r.stop()));
    },
  };
}
