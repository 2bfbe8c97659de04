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

/** Float32 rounding: each step below is one float32 tfjs op (+, ×, ÷, √ round exactly once). */
const f32 = Math.fround;

export class Adam {
  readonly config: Required<OptimizerConfig>;
  step = 0;
  // Moments as plain arrays: one JS loop per parameter replaces ~17 tfjs kernels (square, sum,
  // the moment updates, bias correction, assigns), which dominated the small-tensor update.
  private m: Float32Array[] = [];
  private v: Float32Array[] = [];
  private shapes: number[][] = [];

  constructor(config: OptimizerConfig) {
    this.config = {
      lr: config.lr,
      betas: config.betas ?? [0.9, 0.999],
      eps: config.eps ?? 1e-8,
      weightDecay: config.weightDecay ?? 0,
      clipNorm: config.clipNorm ?? 0,
    };
  }

  /**
   * Clip `grads` (aligned with `vars`) by global norm, update, return the pre-clip norm. Computes
   * in float32, op for op in the order the tf-ops version did (squares summed in order per
   * tensor, then over tensors), so weights, moments and norm are bit-identical to it.
   */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr = this.config.lr): number {
    if (this.m.length === 0) {
      this.m = vars.map((x) => new Float32Array(x.size));
      this.v = vars.map((x) => new Float32Array(x.size));
      this.shapes = vars.map((x) => [...x.shape]);
    }
    if (this.m.length !== vars.length) throw new Error('optimizer used with another variable set');
    this.step++;
    const [b1, b2] = this.config.betas;
    const { eps, weightDecay, clipNorm } = this.config;
    const gs = grads.map((g) => g.dataSync() as Float32Array);
    let sumSq = 0;
    for (const g of gs) {
      let s = 0;
      for (let j = 0; j < g.length; j++) s = f32(s + f32(g[j]! * g[j]!));
      sumSq = f32(sumSq + s);
    }
    const norm = Math.sqrt(sumSq);
    const scale = clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1;
    const [S, B1, B2, OB1, OB2] = [scale, b1, b2, 1 - b1, 1 - b2].map(f32) as number[];
    const [C1, C2, E, WD, LR] = [
      1 - b1 ** this.step,
      1 - b2 ** this.step,
      eps,
      weightDecay,
      lr,
    ].map(f32) as number[];
    vars.forEach((x, i) => {
      const [g, M, V] = [gs[i]!, this.m[i]!, this.v[i]!];
      const w = x.dataSync() as Float32Array;
      const out = new Float32Array(w.length);
      for (let j = 0; j < w.length; j++) {
        const gj = scale === 1 ? g[j]! : f32(g[j]! * S!);
        const m = f32(f32(M[j]! * B1!) + f32(gj * OB1!));
        const v = f32(f32(V[j]! * B2!) + f32(f32(gj * gj) * OB2!));
        M[j] = m;
        V[j] = v;
        let upd = f32(f32(m / C1!) / f32(f32(Math.sqrt(f32(v / C2!))) + E!));
        if (weightDecay > 0) upd = f32(upd + f32(w[j]! * WD!));
        out[j] = f32(w[j]! - f32(upd * LR!));
      }
      const t = tf.tensor(out, x.shape, 'float32');
      x.assign(t);
      t.dispose();
    });
    return norm;
  }

  getState(): OptimizerState {
    const tensors = [...this.m, ...this.v].map((t, j) => ({
      name: `${j < this.m.length ? 'm' : 'v'}.${j % Math.max(1, this.m.length)}`,
      shape: [...this.shapes[j % Math.max(1, this.m.length)]!],
      data: Float32Array.from(t),
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
        return Float32Array.from(t.data);
      });
    this.m = state.tensors.length ? load('m') : [];
    this.v = state.tensors.length ? load('v') : [];
    this.shapes = this.m.length ? vars.map((x) => [...x.shape]) : [];
    this.step = state.step;
  }

  dispose(): void {
    this.m = [];
    this.v = [];
    this.shapes = [];
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
