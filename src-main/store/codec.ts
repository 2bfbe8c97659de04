// Compact BLOB encodings for per-token arrays (little-endian typed-array bytes).
export type TokenDtype = 'uint8' | 'int16' | 'int32';
export type FloatDtype = 'float16' | 'float32';

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** A copy on an aligned ArrayBuffer (SQLite buffers may sit at any offset). */
function aligned(blob: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return copy.buffer;
}

/** Token ids in the narrowest type that holds them all. */
export function encodeTokens(tokens: ArrayLike<number>): { bytes: Buffer; dtype: TokenDtype } {
  let min = 0;
  let max = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as number;
    if (!Number.isInteger(t)) throw new RangeError(`token ${i} is not an integer: ${t}`);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (min >= 0 && max <= 0xff) return { bytes: bytesOf(Uint8Array.from(tokens)), dtype: 'uint8' };
  if (min >= -0x8000 && max <= 0x7fff)
    return { bytes: bytesOf(Int16Array.from(tokens)), dtype: 'int16' };
  return { bytes: bytesOf(Int32Array.from(tokens)), dtype: 'int32' };
}

export function decodeTokens(blob: Uint8Array, dtype: TokenDtype): number[] {
  const buf = aligned(blob);
  if (dtype === 'uint8') return Array.from(new Uint8Array(buf));
  if (dtype === 'int16') return Array.from(new Int16Array(buf));
  return Array.from(new Int32Array(buf));
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half precision, round to nearest even; overflow → ±Infinity; NaN kept. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function encodeFloats(values: ArrayLike<number>, dtype: FloatDtype): Buffer {
  if (dtype === 'float32') return bytesOf(Float32Array.from(values));
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i] as number);
  return bytesOf(out);
}

export function decodeFloats(blob: Uint8Array, dtype: FloatDtype): Float32Array {
  const buf = aligned(blob);
  if (dtype === 'float32') return new Float32Array(buf);
  const halves = new Uint16Array(buf);
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = fromFloat16Bits(halves[i] as number);
  return out;
}

/** A 0/1 mask as one byte per token. */
export function encodeMask(mask: ArrayLike<number>): Buffer {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 1 : 0;
  return bytesOf(out);
}

export function decodeMask(blob: Uint8Array): number[] {
  return Array.from(blob, (b) => (b !== 0 ? 1 : 0));
}
