// Writes a GGUF v3 file into one Buffer: header, typed metadata, tensor infos, aligned data.
// Used to make the tiny synthetic models that tests and the benchmark load through llama.cpp;
// no real model is ever written by Forkbench. Pure (returns bytes; the caller writes them).
import { GGML_TYPE_F32, GGUF_DEFAULT_ALIGNMENT, GGUF_VERSION, GgufValueType } from './format';

export type GgufScalar =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'u64'; value: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string };

export type GgufValue =
  | GgufScalar
  | { type: 'strings'; value: string[] }
  | { type: 'i32s'; value: number[] }
  | { type: 'f32s'; value: number[] };

export interface GgufTensorIn {
  name: string;
  /** ggml order: dims[0] is the fastest-varying (row length). */
  dims: number[];
  data: Float32Array;
}

class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: bigint | number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  pad(alignment: number): void {
    const rest = this.length % alignment;
    if (rest) this.push(Buffer.alloc(alignment - rest));
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeValue(out: ByteSink, v: GgufValue): void {
  switch (v.type) {
    case 'u32':
      out.u32(GgufValueType.UINT32);
      return out.u32(v.value);
    case 'i32':
      out.u32(GgufValueType.INT32);
      return out.i32(v.value);
    case 'f32':
      out.u32(GgufValueType.FLOAT32);
      return out.f32(v.value);
    case 'u64':
      out.u32(GgufValueType.UINT64);
      return out.u64(v.value);
    case 'bool':
      out.u32(GgufValueType.BOOL);
      return out.push(Buffer.from([v.value ? 1 : 0]));
    case 'string':
      out.u32(GgufValueType.STRING);
      return out.str(v.value);
    case 'strings':
      out.u32(GgufValueType.ARRAY);
      out.u32(GgufValueType.STRING);
      out.u64(v.value.length);
      return v.value.forEach((s) => out.str(s));
    case 'i32s':
      out.u32(GgufValueType.ARRAY);
      out.u32(GgufValueType.INT32);
      out.u64(v.value.length);
      return v.value.forEach((x) => out.i32(x));
    case 'f32s':
      out.u32(GgufValueType.ARRAY);
      out.u32(GgufValueType.FLOAT32);
      out.u64(v.value.length);
      return v.value.forEach((x) => out.f32(x));
  }
}

/** Serialises metadata (in the given order) and F32 tensors into a GGUF v3 file. */
export function writeGguf(metadata: [string, GgufValue][], tensors: GgufTensorIn[]): Buffer {
  const alignment = GGUF_DEFAULT_ALIGNMENT;
  const out = new ByteSink();
  out.push(Buffer.from('GGUF', 'ascii'));
  out.u32(GGUF_VERSION);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.str(key);
    writeValue(out, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(
        `tensor ${t.name}: dims ${t.dims.join('×')} do not match ${t.data.length} values`,
      );
    out.str(t.name);
    out.u32(t.dims.length);
    t.dims.forEach((d) => out.u64(d));
    out.u32(GGML_TYPE_F32);
    out.u64(offset);
    offsets.push(offset);
    offset += Math.ceil((count * 4) / alignment) * alignment;
  }
  out.pad(alignment);
  for (const t of tensors) {
    out.push(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    out.pad(alignment);
  }
  return out.concat();
}
