// Parameter layout, seeded initialisation and (de)serialisation.
// No biases in linear layers (as the PyTorch reference); LayerNorms have gain and bias.
// The output head is tied to the token embedding: fewer parameters for tiny vocabularies
// and the same shape as the reference, so benchmark figures compare like with like.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, SerializedWeights } from './types';
import { mulberry32, normalArray } from './rng';

export interface LayerParams {
  ln1g: tf.Variable;
  ln1b: tf.Variable;
  wqkv: tf.Variable; // [D, 3D]: columns q(head 0..H-1) | k(...) | v(...)
  wo: tf.Variable; // [D, D]
  ln2g: tf.Variable;
  ln2b: tf.Variable;
  w1: tf.Variable; // [D, mlpRatio·D]
  w2: tf.Variable; // [mlpRatio·D, D]
}

export interface Params {
  tokEmb: tf.Variable; // [V, D], also the output head (tied)
  posEmb: tf.Variable; // [C, D]
  layers: LayerParams[];
  lnfG: tf.Variable;
  lnfB: tf.Variable;
  /** Stable public names, aligned with `list`. */
  names: string[];
  list: tf.Variable[];
}

let instance = 0;

export function validateConfig(c: ModelConfig): void {
  const ints = [c.vocabSize, c.contextLength, c.dModel, c.nLayers, c.nHeads];
  if (!ints.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`model config needs positive integers: ${JSON.stringify(c)}`);
  }
  if (c.dModel % c.nHeads !== 0) throw new Error('dModel must be divisible by nHeads');
  if (!(c.mlpRatio > 0) || !Number.isInteger(c.mlpRatio * c.dModel)) {
    throw new Error('mlpRatio·dModel must be a positive integer');
  }
}

/** Create the variables, initialised from `seed` (GPT-2 style: N(0, 0.02), residual
 * projections scaled by 1/√(2L) so the residual stream does not grow with depth). */
export function initParams(c: ModelConfig, seed: number): Params {
  validateConfig(c);
  const rand = mulberry32(seed);
  const D = c.dModel;
  const F = Math.round(c.mlpRatio * D);
  const prefix = `fb${instance++}/`;
  const names: string[] = [];
  const list: tf.Variable[] = [];
  const resid = 0.02 / Math.sqrt(2 * c.nLayers);
  const mk = (name: string, shape: number[], init: 'normal' | 'ones' | 'zeros', std = 0.02) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data =
      init === 'normal'
        ? normalArray(rand, n, std)
        : new Float32Array(n).fill(init === 'ones' ? 1 : 0);
    const v = tf.variable(tf.tensor(data, shape, 'float32'), true, prefix + name);
    names.push(name);
    list.push(v);
    return v;
  };
  const tokEmb = mk('tok_emb', [c.vocabSize, D], 'normal');
  const posEmb = mk('pos_emb', [c.contextLength, D], 'normal');
  const layers: LayerParams[] = [];
  for (let l = 0; l < c.nLayers; l++) {
    layers.push({
      ln1g: mk(`h${l}.ln1.g`, [D], 'ones'),
      ln1b: mk(`h${l}.ln1.b`, [D], 'zeros'),
      wqkv: mk(`h${l}.attn.wqkv`, [D, 3 * D], 'normal'),
      wo: mk(`h${l}.attn.wo`, [D, D], 'normal', resid),
      ln2g: mk(`h${l}.ln2.g`, [D], 'ones'),
      ln2b: mk(`h${l}.ln2.b`, [D], 'zeros'),
      w1: mk(`h${l}.mlp.w1`, [D, F], 'normal'),
      w2: mk(`h${l}.mlp.w2`, [F, D], 'normal', resid),
    });
  }
  const lnfG = mk('ln_f.g', [D], 'ones');
  const lnfB = mk('ln_f.b', [D], 'zeros');
  return { tokEmb, posEmb, layers, lnfG, lnfB, names, list };
}

export function serialize(config: ModelConfig, p: Params): SerializedWeights {
  return {
    config: { ...config },
    tensors: p.list.map((v, i) => ({
      name: p.names[i] as string,
      shape: [...v.shape],
      data: Float32Array.from(v.dataSync() as Float32Array),
    })),
  };
}

export function assign(config: ModelConfig, p: Params, w: SerializedWeights): void {
  const keys = Object.keys(config) as (keyof ModelConfig)[];
  const diff = keys.filter((k) => w.config[k] !== config[k]);
  if (diff.length) throw new Error(`weights are for another model shape (${diff.join(', ')})`);
  const byName = new Map(w.tensors.map((t) => [t.name, t]));
  p.list.forEach((v, i) => {
    const name = p.names[i] as string;
    const t = byName.get(name);
    if (!t) throw new Error(`weights lack tensor '${name}'`);
    if (t.shape.join() !== v.shape.join() || t.data.length !== v.size) {
      throw new Error(`tensor '${name}' has shape [${t.shape}], expected [${v.shape}]`);
    }
    tf.tidy(() => v.assign(tf.tensor(t.data, v.shape, 'float32')));
  });
}
