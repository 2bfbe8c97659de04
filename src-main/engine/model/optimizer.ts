// Adam(W) with global-norm gradient clipping, and state that saves to named Float32Arrays
// for exact resume. Own implementation rather than tf.train.adam: its state is keyed by
// variable names that differ between processes, and it has no decoupled weight decay.
import * as tf from '@tensorflow/tfjs-core';
import type { Policy } from './types';

export interface OptimizerConfig {
  lr: number;
  betas?: [number, number];
  eps?: number;
  /** Decoupled (AdamW) weight decay; 0 = plain Adam. */
  weightDecay?: number;
  /** Clip the global gradient norm to this value; 0 or undefined = no clipping. */
  clipNorm?: number;
}

export interface OptimizerState {
  step: number;
  tensors: { name: string; shape: number[]; data: Float32Array }[];
}

export class Adam {
  readonly config: Required<OptimizerConfig>;
  step = 0;
  private m: tf.Variable[] = [];
  private v: tf.Variable[] = [];

  constructor(config: OptimizerConfig) {
    this.config = {
      lr: config.lr,
      betas: config.betas ?? [0.9, 0.999],
      eps: config.eps ?? 1e-8,
      weightDecay: config.weightDecay ?? 0,
      clipNorm: config.clipNorm ?? 0,
    };
  }

  /** Clip `grads` (aligned with `vars`) by global norm, update, return the pre-clip norm. */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr = this.config.lr): number {
    if (this.m.length === 0) {
      this.m = vars.map((x) => slot(tf.zerosLike(x)));
      this.v = vars.map((x) => slot(tf.zerosLike(x)));
    }
    if (this.m.length !== vars.length) throw new Error('optimizer used with another variable set');
    this.step++;
    const [b1, b2] = this.config.betas;
    const { eps, weightDecay, clipNorm } = this.config;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    return tf.tidy(() => {
      const sq = grads.map((g) => tf.sum(tf.square(g)));
      const norm = Math.sqrt((tf.addN(sq).dataSync() as Float32Array)[0]!);
      const scale = clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1;
      vars.forEach((x, i) => {
        const g = scale === 1 ? grads[i]! : tf.mul(grads[i]!, scale);
        const m = tf.add(tf.mul(this.m[i]!, b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[i]!, b2), tf.mul(tf.square(g), 1 - b2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        let upd = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
        if (weightDecay > 0) upd = tf.add(upd, tf.mul(x, weightDecay));
        x.assign(tf.sub(x, tf.mul(upd, lr)));
      });
      return norm;
    });
  }

  getState(): OptimizerState {
    const tensors = [...this.m, ...this.v].map((t, j) => ({
      name: `${j < this.m.length ? 'm' : 'v'}.${j % Math.max(1, this.m.length)}`,
      shape: [...t.shape],
      data: Float32Array.from(t.dataSync() as Float32Array),
    }));
    return { step: this.step, tensors };
  }

  setState(state: OptimizerState, vars: tf.Variable[]): void {
    this.dispose();
    const byName = new Map(state.tensors.map((t) => [t.name, t]));
    const load = (kind: string) =>
      vars.map((x, i) => {
        const t = byName.get(`${kind}.${i}`);
        if (!t || t.shape.join() !== x.shape.join()) {
          throw new Error(`optimizer state lacks '${kind}.${i}' of shape [${x.shape}]`);
        }
        return slot(tf.tensor(t.data, t.shape, 'float32'));
      });
    this.m = state.tensors.length ? load('m') : [];
    this.v = state.tensors.length ? load('v') : [];
    this.step = state.step;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
    this.m = [];
    this.v = [];
  }
}

export function createOptimizer(config: OptimizerConfig): Adam {
  return new Adam(config);
}

/** One update: loss = lossFn(policy); backprop; clip; Adam. Returns plain numbers. */
export function trainStep(
  policy: Policy,
  optimizer: Adam,
  lossFn: (policy: Policy) => tf.Scalar,
  lr?: number,
): { loss: number; gradNorm: number } {
  const vars = policy.variables;
  const { value, grads } = tf.variableGrads(() => lossFn(policy), vars);
  try {
    // A variable the loss does not reach gets a zero gradient (Adam still decays its moments).
    const list = vars.map((x) => (grads[x.name] ??= tf.zerosLike(x)));
    const gradNorm = optimizer.apply(vars, list, lr);
    return { loss: (value.dataSync() as Float32Array)[0]!, gradNorm };
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}

/** A non-trainable variable holding `init`'s values; `init` itself is released. */
function slot(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init, false);
  init.dispose();
  return v;
}
