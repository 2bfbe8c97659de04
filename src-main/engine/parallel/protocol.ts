// Messages between the worker executor and its replica threads. Plain structured-clone data.
import type { ConcreteBackend } from '../backend';
import type { ModelConfig, SampledBatch } from '../model/types';
import type { MicroJob, MicroResult, MicroSettings } from '../rl/micro-batch';
import type { SftJob } from '../sft/sft-loss';
import type { SampleSettings, SampleShard } from './executor';

export interface ReplicaInit {
  model: ModelConfig;
  backend: ConcreteBackend;
  /** Weights of the frozen KL reference, in variable order; null without KL. */
  base: Float32Array[] | null;
}

/** Every request carries the current weights: they change after each optimizer step. */
export type ReplicaRequest = { id: number; weights: Float32Array[] } & (
  | { kind: 'sample'; shards: SampleShard[]; options: SampleSettings }
  | { kind: 'entropies'; jobs: MicroJob[]; temperature: number }
  | { kind: 'gradients'; jobs: MicroJob[]; settings: MicroSettings }
  | { kind: 'sft'; jobs: SftJob[] }
);

export type ReplicaResult =
  | SampledBatch[]
  | Float32Array[][]
  | MicroResult<Float32Array>[]
  | { grads: Float32Array[]; loss: number }[];

export type ReplicaReply =
  | { id: number; ok: true; result: ReplicaResult }
  | { id: number; ok: false; error: string }
  | { ready: true };
