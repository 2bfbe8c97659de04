// Gradient registrations for the kernels the engine differentiates through.
// Why: @tensorflow/tfjs-core registers no gradients by itself, and its own
// `dist/register_all_gradients` is ESM with extensionless and file/directory-ambiguous
// imports ('./gradients') that plain Node (and tsx) cannot load; only bundlers can. These
// use the public CJS API only. A kernel that already has a gradient (e.g. a bundler loaded
// tfjs's own) keeps it.
import * as tf from '@tensorflow/tfjs-core';

type T = tf.Tensor;
type Attrs = Record<string, unknown>;
type GradFn = (dy: T | T[], saved: T[], attrs: Attrs) => Record<string, () => T> | (() => T)[];
interface Cfg {
  inputsToSave?: string[];
  outputsToSave?: boolean[];
  saveAllInputs?: boolean;
  gradFunc: GradFn;
}

const bu = tf.backend_util;
const s = (saved: T[], i: number) => saved[i] as T;

/** Sum dy over the axes along which `shape` was broadcast, then reshape to `shape`. */
function unbroadcast(dy: T, shape: number[]): T {
  const axes = bu.getReductionAxes(shape, dy.shape);
  return tf.reshape(axes.length ? tf.sum(dy, axes) : dy, shape);
}

/** Bring a reduced dy (kept dims or not) back to the input shape (Sum/Mean/Max/Min). */
function expandReduced(dy: T, x: T, axisAttr: unknown): T {
  const axes = tf.util.parseAxisParam(axisAttr as number | number[], x.shape);
  const kept = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
  return tf.mul(tf.reshape(dy, kept), tf.onesLike(x));
}

const binary = (da: (dy: T, a: T, b: T) => T, db: (dy: T, a: T, b: T) => T): Cfg => ({
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b, d] = [s(saved, 0), s(saved, 1), dy as T];
    return {
      a: () => unbroadcast(da(d, a, b), a.shape),
      b: () => unbroadcast(db(d, a, b), b.shape),
    };
  },
});

const unary = (f: (dy: T, x: T) => T): Cfg => ({
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => ({ x: () => f(dy as T, s(saved, 0)) }),
});

const fromOutput = (f: (dy: T, y: T) => T): Cfg => ({
  outputsToSave: [true],
  gradFunc: (dy, saved) => ({ x: () => f(dy as T, s(saved, 0)) }),
});

const extreme: Cfg = {
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = [s(saved, 0), s(saved, 1)];
    const axis = attrs.reductionIndices;
    const mask = tf.cast(tf.equal(x, expandReduced(y, x, axis)), 'float32');
    return { x: () => tf.mul(mask, expandReduced(dy as T, x, axis)) };
  },
};

const CONFIGS: Record<string, Cfg> = {
  Add: binary(
    (d) => d,
    (d) => d,
  ),
  Sub: binary(
    (d) => d,
    (d) => tf.neg(d),
  ),
  Multiply: binary(
    (d, _a, b) => tf.mul(d, b),
    (d, a) => tf.mul(d, a),
  ),
  RealDiv: binary(
    (d, _a, b) => tf.div(d, b),
    (d, a, b) => tf.neg(tf.div(tf.mul(d, a), tf.square(b))),
  ),
  Maximum: binary(
    (d, a, b) => tf.mul(d, tf.cast(tf.greaterEqual(a, b), 'float32')),
    (d, a, b) => tf.mul(d, tf.cast(tf.less(a, b), 'float32')),
  ),
  Minimum: binary(
    (d, a, b) => tf.mul(d, tf.cast(tf.lessEqual(a, b), 'float32')),
    (d, a, b) => tf.mul(d, tf.cast(tf.greater(a, b), 'float32')),
  ),
  Neg: unary((d) => tf.neg(d)),
  Square: unary((d, x) => tf.mul(d, tf.mul(x, 2))),
  Sqrt: unary((d, x) => tf.div(d, tf.mul(tf.sqrt(x), 2))),
  Rsqrt: unary((d, x) => tf.mul(d, tf.mul(tf.pow(x, -1.5), -0.5))),
  Log: unary((d, x) => tf.div(d, x)),
  Abs: unary((d, x) => tf.mul(d, tf.sign(x))),
  Relu: unary((d, x) => tf.mul(d, tf.step(x))),
  Exp: fromOutput((d, y) => tf.mul(d, y)),
  Tanh: fromOutput((d, y) => tf.mul(d, tf.sub(1, tf.square(y)))),
  Sigmoid: fromOutput((d, y) => tf.mul(d, tf.mul(y, tf.sub(1, y)))),
  Cast: unary((d) => d),
  Identity: unary((d) => d),
  Reshape: unary((d, x) => tf.reshape(d, x.shape)),
  ClipByValue: {
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = s(saved, 0);
      const inside = tf.logicalAnd(
        tf.greaterEqual(x, attrs.clipValueMin as number),
        tf.lessEqual(x, attrs.clipValueMax as number),
      );
      return { x: () => tf.where(inside, dy as T, tf.zerosLike(dy as T)) };
    },
  },
  Sum: {
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => ({ x: () => expandReduced(dy as T, s(saved, 0), attrs.axis) }),
  },
  Mean: {
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = s(saved, 0);
      const axes = tf.util.parseAxisParam(attrs.axis as number[], x.shape);
      const n = axes.reduce((a, i) => a * (x.shape[i] as number), 1);
      return { x: () => tf.div(expandReduced(dy as T, x, attrs.axis), n) };
    },
  },
  Max: extreme,
  Min: extreme,
  Softmax: {
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = s(saved, 0);
      const dim = attrs.dim as number;
      const dyy = tf.mul(dy as T, y);
      return { logits: () => tf.sub(dyy, tf.mul(tf.sum(dyy, [dim], true), y)) };
    },
  },
  Transpose: {
    gradFunc: (dy, _saved, attrs) => ({
      x: () => tf.transpose(dy as T, bu.getUndoAxesPermutation(attrs.perm as number[])),
    }),
  },
  Slice: {
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = s(saved, 0);
      const [begin, size] = tf.slice_util.parseSliceParams(
        x,
        attrs.begin as number[],
        attrs.size as number[],
      ) as [number[], number[]];
      const pads = x.shape.map((n, i) => [begin[i]!, n - begin[i]! - size[i]!] as [number, number]);
      return { x: () => tf.pad(dy as T, pads) };
    },
  },
  Concat: {
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const axis = tf.util.parseAxisParam(attrs.axis as number, saved[0]!.shape)[0]!;
      const parts = tf.split(
        dy as T,
        saved.map((t) => t.shape[axis] as number),
        axis,
      );
      return parts.map((p) => () => p);
    },
  },
  SplitV: {
    gradFunc: (dy, _saved, attrs) => ({ x: () => tf.concat(dy as T[], attrs.axis as number) }),
  },
  Pack: {
    gradFunc: (dy, _saved, attrs) => tf.unstack(dy as T, attrs.axis as number).map((t) => () => t),
  },
  Pow: {
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [a, b, y, d] = [s(saved, 0), s(saved, 1), s(saved, 2), dy as T];
      const da = () => unbroadcast(tf.mul(d, tf.mul(b, tf.pow(a, tf.sub(b, 1)))), a.shape);
      const logA = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
      return { a: da, b: () => unbroadcast(tf.mul(d, tf.mul(y, logA)), b.shape) };
    },
  },
  Tile: {
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      // Output axis i is reps[i] copies of x's axis i: view it as [reps_i, x_i] and sum reps.
      const x = s(saved, 0);
      const reps = attrs.reps as number[];
      const split = x.shape.flatMap((n, i) => [reps[i]!, n]);
      return {
        x: () =>
          tf.sum(
            tf.reshape(dy as T, split),
            reps.map((_, i) => 2 * i),
          ),
      };
    },
  },
  AddN: { saveAllInputs: true, gradFunc: (dy, saved) => saved.map(() => () => tf.clone(dy as T)) },
  Select: {
    inputsToSave: ['condition'],
    gradFunc: (dy, saved) => {
      const c = s(saved, 0);
      const z = tf.zerosLike(dy as T);
      return {
        condition: () => tf.cast(tf.zerosLike(c), 'float32'),
        t: () => tf.where(c, dy as T, z),
        e: () => tf.where(c, z, dy as T),
      };
    },
  },
  BatchMatMul: {
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b, d] = [s(saved, 0), s(saved, 1), dy as T];
      const mm = (x: T, y: T, ta: boolean, tb: boolean) => tf.matMul(x, y, ta, tb);
      const { transposeA: ta, transposeB: tb } = attrs as {
        transposeA: boolean;
        transposeB: boolean;
      };
      if (!ta && !tb) return { a: () => mm(d, b, false, true), b: () => mm(a, d, true, false) };
      if (!ta && tb) return { a: () => mm(d, b, false, false), b: () => mm(d, a, true, false) };
      if (ta && !tb) return { a: () => mm(b, d, false, true), b: () => mm(a, d, false, false) };
      return { a: () => mm(b, d, true, true), b: () => mm(d, a, true, true) };
    },
  },
};
for (const k of ['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual']) {
  CONFIGS[k] = {
    inputsToSave: ['a', 'b'],
    gradFunc: (_d, sv) => ({ a: () => tf.zerosLike(s(sv, 0)), b: () => tf.zerosLike(s(sv, 1)) }),
  };
}
for (const k of ['Sign', 'Floor', 'Round', 'Step', 'ZerosLike', 'OnesLike'])
  CONFIGS[k] = { ...unary((d) => tf.zerosLike(d)) };
CONFIGS.OneHot = {
  inputsToSave: ['indices'],
  gradFunc: (_d, sv) => ({ indices: () => tf.cast(tf.zerosLike(s(sv, 0)), 'float32') }),
};

let done = false;
/** Register the gradients above for kernels that have none. Idempotent. */
export function registerGradients(): void {
  if (done) return;
  done = true;
  for (const [kernelName, cfg] of Object.entries(CONFIGS)) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({ kernelName, ...cfg } as unknown as tf.GradConfig);
  }
}
registerGradients();
