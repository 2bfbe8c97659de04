// Causal attention for the CPU backends (wasm, cpu) on f32x4 wasm helpers (wasm/attention.wat).
// Layout: qkv rows are (b, t), columns q | k | v with heads in blocks of Dh, so the kernel reads
// the qkv projection as it comes and writes o [B·T, D] ready for the output projection: no
// head split/merge, no batched matMul (both slow on tfjs-wasm; see docs/benchmarks.md).
import { ATTENTION_WASM_BASE64 } from './wasm/attention-bytes';

interface Kernels {
  mem: WebAssembly.Memory;
  dots(a: number, b: number, bs: number, n: number, dh: number, out: number, scale: number): void;
  gather_rows(y: number, x: number, xs: number, c: number, n: number, dh: number): void;
  scatter_rows(y: number, ys: number, x: number, c: number, n: number, dh: number): void;
  attend_row(
    q: number,
    k: number,
    v: number,
    s: number,
    n: number,
    dh: number,
    p: number,
    o: number,
    scale: number,
  ): void;
  attend_row_grad(
    dO: number,
    q: number,
    k: number,
    v: number,
    dq: number,
    dk: number,
    dv: number,
    s: number,
    n: number,
    dh: number,
    p: number,
    t: number,
    scale: number,
  ): void;
}

let kernels: Kernels | undefined;
let top = 0; // bump allocator over the module memory (bytes)

function k(): Kernels {
  if (!kernels) {
    const bytes = Uint8Array.from(atob(ATTENTION_WASM_BASE64), (c) => c.charCodeAt(0));
    kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Kernels;
  }
  return kernels;
}

/** Reserve n floats (zeroed unless the caller overwrites them all) and return the byte offset. */
function alloc(n: number, zero = true): number {
  const mem = k().mem;
  const at = top;
  top += Math.ceil((n * 4) / 64) * 64;
  if (top > mem.buffer.byteLength) mem.grow(Math.ceil((top - mem.buffer.byteLength) / 65536));
  if (zero) new Float32Array(mem.buffer, at, n).fill(0);
  return at;
}

function put(data: Float32Array): number {
  const at = alloc(data.length, false);
  heap().set(data, at / 4);
  return at;
}

function heap(): Float32Array {
  return new Float32Array(k().mem.buffer);
}

/** True where these kernels apply: head width a multiple of 4 floats (one f32x4). */
export function cpuAttentionSupports(headDim: number): boolean {
  return headDim % 4 === 0 && typeof WebAssembly === 'object';
}

/** Training forward: o [B·T, D] and the probabilities p [B, H, T, T] (row i valid up to i). */
export function attnForward(qkv: Float32Array, B: number, T: number, H: number, Dh: number) {
  const K = k();
  const D = H * Dh;
  const [rs, dhb, scale] = [3 * D * 4, Dh * 4, 1 / Math.sqrt(Dh)];
  top = 0;
  const qp = put(qkv);
  const pp = alloc(B * H * T * T, false); // row i is written up to column i, read no further
  const op = alloc(B * T * D, false);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const kBase = qp + (b * T * 3 * D + D + h * Dh) * 4;
      const vBase = kBase + D * 4;
      for (let i = 0; i < T; i++) {
        const q = qp + ((b * T + i) * 3 * D + h * Dh) * 4;
        const prow = pp + ((b * H + h) * T + i) * T * 4;
        const o = op + ((b * T + i) * D + h * Dh) * 4;
        K.attend_row(q, kBase, vBase, rs, i + 1, dhb, prow, o, scale);
      }
    }
  }
  const f = heap();
  return { o: f.slice(op / 4, op / 4 + B * T * D), p: f.slice(pp / 4, pp / 4 + B * H * T * T) };
}

/** Training backward: d qkv [B·T, 3D] from dO [B·T, D], given the forward's qkv and p. */
export function attnBackward(
  qkv: Float32Array,
  p: Float32Array,
  dO: Float32Array,
  B: number,
  T: number,
  H: number,
  Dh: number,
): Float32Array {
  const K = k();
  const D = H * Dh;
  const [rs, dhb, scale] = [3 * D * 4, Dh * 4, 1 / Math.sqrt(Dh)];
  top = 0;
  const qp = put(qkv);
  const pp = put(p);
  const dop = put(dO);
  const dqp = alloc(B * T * 3 * D); // dK, dV accumulate
  const tmp = alloc(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const off = (b * T * 3 * D + h * Dh) * 4;
      const [kOff, vOff] = [off + D * 4, off + 2 * D * 4];
      for (let i = 0; i < T; i++) {
        const prow = pp + ((b * H + h) * T + i) * T * 4;
        const doi = dop + ((b * T + i) * D + h * Dh) * 4;
        const row = ((b * T + i) * 3 * D + h * Dh) * 4;
        K.attend_row_grad(
          doi,
          qp + row,
          qp + kOff,
          qp + vOff,
          dqp + row,
          dqp + kOff,
          dqp + vOff,
          rs,
          i + 1,
          dhb,
          prow,
          tmp,
          scale,
        );
      }
    }
  }
  const f = heap();
  return f.slice(dqp / 4, dqp / 4 + B * T * 3 * D);
}

/**
 * Key/value cache for sampling, in the wasm module's memory. Row b's keys start at slot
 * starts[b] (its left padding), so padded slots are never attended.
 */
export class CpuKvCache {
  private readonly kc: number[] = [];
  private readonly vc: number[] = [];
  private readonly scratch: number;

  constructor(
    private readonly L: number,
    private readonly B: number,
    private readonly H: number,
    private readonly Dh: number,
    private readonly S: number,
    private readonly starts: number[],
  ) {
    top = 0;
    for (let l = 0; l < L; l++) {
      this.kc.push(alloc(B * H * S * Dh));
      this.vc.push(alloc(B * H * S * Dh));
    }
    this.scratch = top;
  }

  /** Attend Tq new tokens at slots s0.. of layer l; qkv rows (b, t); returns o [B·Tq, D]. */
  step(l: number, qkv: Float32Array, Tq: number, s0: number): Float32Array {
    const K = k();
    const { B, H, Dh, S } = this;
    const D = H * Dh;
    const [dhb, scale] = [Dh * 4, 1 / Math.sqrt(Dh)];
    top = this.scratch;
    const qp = put(qkv);
    const op = alloc(B * Tq * D);
    const tmp = alloc(S);
    const f = heap();
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const slot0 = (b * H + h) * S;
        for (let t = 0; t < Tq; t++) {
          const src = ((b * Tq + t) * 3 * D + D + h * Dh) * 4;
          const dst = (slot0 + s0 + t) * dhb;
          f.copyWithin((this.kc[l]! + dst) / 4, (qp + src) / 4, (qp + src) / 4 + Dh);
          f.copyWithin(
            (this.vc[l]! + dst) / 4,
            (qp + src + D * 4) / 4,
            (qp + src + D * 4) / 4 + Dh,
          );
        }
        const st = this.starts[b]!;
        const [kb, vb] = [this.kc[l]! + (slot0 + st) * dhb, this.vc[l]! + (slot0 + st) * dhb];
        for (let t = 0; t < Tq; t++) {
          const n = s0 + t - st + 1;
          if (n <= 0) continue; // a padding slot: its output stays 0 and is never used
          const q = qp + ((b * Tq + t) * 3 * D + h * Dh) * 4;
          K.attend_row(q, kb, vb, dhb, n, dhb, tmp, op + ((b * Tq + t) * D + h * Dh) * 4, scale);
        }
      }
    }
    return f.slice(op / 4, op / 4 + B * Tq * D);
  }

  dispose(): void {
    top = 0;
  }
}
