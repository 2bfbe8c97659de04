// Decoder-only transformer implementing Policy: token + learned positional embeddings,
// pre-LayerNorm blocks (causal multi-head attention, ReLU MLP), final LayerNorm, output
// head tied to the token embedding. ReLU rather than GELU because tanh/erf cost 5-7× a
// ReLU on wasm (docs/benchmarks.md).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, Policy, SampledBatch, SampleOptions, SerializedWeights } from './types';
import { assign, initParams, serialize, type Params } from './params';
import {
  attend,
  attentionCpu,
  causalMask,
  layerNorm,
  linear,
  linearConstInput,
  mergeHeads,
  splitHeads,
  useCpuAttention,
} from './kernels';
import { sampleWithCache } from './sample';

export class TransformerPolicy implements Policy {
  readonly config: ModelConfig;
  readonly variables: tf.Variable[];
  private readonly p: Params;
  private readonly mask: tf.Tensor2D;
  private disposed = false;

  constructor(config: ModelConfig, seed: number) {
    this.config = { ...config };
    this.p = initParams(this.config, seed);
    this.variables = this.p.list;
    this.mask = causalMask(config.contextLength);
  }

  logits(tokens: tf.Tensor2D): tf.Tensor3D {
    this.check();
    const [B, T] = tokens.shape;
    const { vocabSize: V, dModel: D, nHeads: H, contextLength: C } = this.config;
    if (T > C) throw new Error(`logits(): ${T} tokens exceed the context of ${C}`);
    return tf.tidy(() => {
      const p = this.p;
      const N = B * T;
      const ids = tf.cast(tf.reshape(tokens, [N]), 'int32') as tf.Tensor1D;
      // One-hot · embedding instead of gather: gather's gradient is missing on wasm.
      const emb = linearConstInput(tf.oneHot(ids, V), p.tokEmb);
      const pos = tf.slice(p.posEmb, [0, 0], [T, D]);
      let x = tf.reshape(tf.add(tf.reshape(emb, [B, T, D]), pos), [N, D]) as tf.Tensor2D;
      const fused = useCpuAttention(D / H);
      const mask = fused ? this.mask : tf.slice(this.mask, [0, 0], [T, T]);
      for (const L of p.layers) {
        const qkv = linear(layerNorm(x, L.ln1g, L.ln1b), L.wqkv);
        x = tf.add(
          x,
          linear(fused ? attentionCpu(qkv, B, T, H) : this.attention(qkv, B, T, mask), L.wo),
        );
        const h = tf.relu(linear(layerNorm(x, L.ln2g, L.ln2b), L.w1));
        x = tf.add(x, linear(h, L.w2));
      }
      const out = linear(layerNorm(x, p.lnfG, p.lnfB), tf.transpose(p.tokEmb));
      return tf.reshape(out, [B, T, V]) as tf.Tensor3D;
    });
  }

  /** Portable attention on tf ops (GPU backends; the reference for the CPU kernels). */
  private attention(qkv: tf.Tensor2D, B: number, T: number, mask: tf.Tensor): tf.Tensor2D {
    const H = this.config.nHeads;
    const [q, k, v] = splitHeads(qkv, B, T, H) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    return mergeHeads(attend(q, k, v, mask), H);
  }

  sample(prompts: number[][], options: SampleOptions): SampledBatch {
    this.check();
    return sampleWithCache(this.p, this.config, prompts, options);
  }

  getWeights(): SerializedWeights {
    this.check();
    return serialize(this.config, this.p);
  }

  setWeights(weights: SerializedWeights): void {
    this.check();
    assign(this.config, this.p, weights);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([...this.variables, this.mask]);
  }

  private check(): void {
    if (this.disposed) throw new Error('policy is disposed');
  }
}

/** Build a policy with weights initialised deterministically from `seed`. */
export function createPolicy(config: ModelConfig, seed = 0): TransformerPolicy {
  return new TransformerPolicy(config, seed);
}
