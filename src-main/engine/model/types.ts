// The policy interface shared by the model (engine/model) and the RL code (engine/rl).
// The model owns its kernels; RL code sees logits and sampled sequences only.
import type * as tf from '@tensorflow/tfjs-core';

export interface ModelConfig {
  vocabSize: number;
  contextLength: number; // maximum prompt + response tokens
  dModel: number;
  nLayers: number;
  nHeads: number;
  mlpRatio: number; // hidden width of the MLP = mlpRatio * dModel
}

/** Deterministic uniform [0, 1) source; the RL code owns the seeded generator. */
export type UniformRng = () => number;

export interface SampleOptions {
  maxNewTokens: number;
  temperature: number;
  eosId: number;
  rng: UniformRng;
  /** Also report the K most likely next tokens at each response position (0/absent: none). */
  topK?: number;
}

/**
 * The K most likely next tokens at each response position, from the distribution the token was
 * sampled from (same temperature), flattened: position t's are at [t·k, (t+1)·k), most likely
 * first (ties: lower id first).
 */
export interface TopAlternatives {
  k: number;
  ids: Int32Array;
  /** Probabilities; the sampled token's, where it is listed, equals exp(its log-prob). */
  probs: Float32Array;
}

/** One sampled response per prompt; arrays cover response tokens only (EOS included if emitted). */
export interface SampledBatch {
  tokens: number[][];
  /** log π(token) at the sampling temperature, per response token. */
  logProbs: Float32Array[];
  /** Entropy (nats) of the next-token distribution at the sampling temperature, per response token. */
  entropies: Float32Array[];
  /** True where the response ended by EOS, false where it hit maxNewTokens or the context. */
  finished: boolean[];
  /** Per response, when SampleOptions.topK > 0. */
  alternatives?: TopAlternatives[];
}

export interface SerializedWeights {
  config: ModelConfig;
  /** Named tensors in a stable order; data is float32. */
  tensors: { name: string; shape: number[]; data: Float32Array }[];
}

export interface Policy {
  readonly config: ModelConfig;
  /** Trainable variables, in a stable order (optimizer state follows it). */
  readonly variables: tf.Variable[];
  /**
   * Training forward: int32 tokens [B, T] → logits [B, T, V] (next-token logits at each position).
   * Differentiable w.r.t. `variables`; call inside tf.variableGrads / optimizer.minimize.
   */
  logits(tokens: tf.Tensor2D): tf.Tensor3D;
  /** Batched sampling with a key/value cache. Prompts may differ in length. */
  sample(prompts: number[][], options: SampleOptions): SampledBatch;
  getWeights(): SerializedWeights;
  setWeights(weights: SerializedWeights): void;
  dispose(): void;
}
