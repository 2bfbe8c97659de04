// Reads a GGUF file's header (metadata and tensor infos) without reading its tensor data: a
// real model is gigabytes, its header a few megabytes at most. Read through a small window so
// the registry can inspect a file cheaply in the main process (no llama.cpp binding involved).
import { closeSync, openSync, readSync } from 'node:fs';
import { GGUF_MAGIC, GgufValueType, VALUE_TYPE_SIZE } from './format';

export type GgufReadValue =
  | number
  | bigint
  | boolean
  | string
  | GgufReadValue[]
  /** An array longer than the reader's limit: only its element type and length. */
  | { arrayType: number; length: number };

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  type: number;
  offset: bigint;
}

export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufReadValue>;
  tensors: GgufTensorInfo[];
  /** Byte offset where tensor data begins. */
  dataOffset: number;
}

/** A file that is not GGUF, or a GGUF header that is cut short or malformed. */
export class GgufFormatError extends Error {}

const WINDOW = 1 << 20;
const MAX_STRING = 64 << 20;

class Cursor {
  private buf = Buffer.alloc(WINDOW);
  private start = 0; // file offset of buf[0]
  private end = 0; // valid bytes in buf
  pos = 0;
  constructor(private readonly fd: number) {}

  private need(n: number): Buffer {
    if (this.pos < this.start || this.pos + n > this.start + this.end) {
      if (n > this.buf.length) this.buf = Buffer.alloc(n);
      this.start = this.pos;
      this.end = readSync(this.fd, this.buf, 0, this.buf.length, this.pos);
      if (this.end < n)
        throw new GgufFormatError(
          `the file ends inside its GGUF header (at byte ${this.pos + this.end})`,
        );
    }
    return this.buf;
  }
  private at(): number {
    return this.pos - this.start;
  }
  u8(): number {
    const v = this.need(1).readUInt8(this.at());
    this.pos += 1;
    return v;
  }
  read(kind: 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64' | 'i8'): number {
    const size = { i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8 }[kind];
    const b = this.need(size);
    const o = this.at();
    this.pos += size;
    if (kind === 'i8') return b.readInt8(o);
    if (kind === 'u16') return b.readUInt16LE(o);
    if (kind === 'i16') return b.readInt16LE(o);
    if (kind === 'u32') return b.readUInt32LE(o);
    if (kind === 'i32') return b.readInt32LE(o);
    if (kind === 'f32') return b.readFloatLE(o);
    return b.readDoubleLE(o);
  }
  u64(): bigint {
    const v = this.need(8).readBigUInt64LE(this.at());
    this.pos += 8;
    return v;
  }
  i64(): bigint {
    const v = this.need(8).readBigInt64LE(this.at());
    this.pos += 8;
    return v;
  }
  count(what: string): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new GgufFormatError(`${what} count ${v} is not plausible`);
    return Number(v);
  }
  str(): string {
    const n = this.count('string length');
    if (n > MAX_STRING) throw new GgufFormatError(`a header string of ${n} bytes is not plausible`);
    const s = this.need(n).toString('utf8', this.at(), this.at() + n);
    this.pos += n;
    return s;
  }
}

function readScalar(c: Cursor, type: number): GgufReadValue {
  switch (type) {
    case GgufValueType.UINT8:
      return c.u8();
    case GgufValueType.INT8:
      return c.read('i8');
    case GgufValueType.UINT16:
      return c.read('u16');
    case GgufValueType.INT16:
      return c.read('i16');
    case GgufValueType.UINT32:
      return c.read('u32');
    case GgufValueType.INT32:
      return c.read('i32');
    case GgufValueType.FLOAT32:
      return c.read('f32');
    case GgufValueType.BOOL:
      return c.u8() !== 0;
    case GgufValueType.STRING:
      return c.str();
    case GgufValueType.UINT64:
      return c.u64();
    case GgufValueType.INT64:
      return c.i64();
    case GgufValueType.FLOAT64:
      return c.read('f64');
    default:
      throw new GgufFormatError(`unknown GGUF value type ${type}`);
  }
}

function readValue(c: Cursor, type: number, maxArray: number): GgufReadValue {
  if (type !== GgufValueType.ARRAY) return readScalar(c, type);
  const elemType = c.read('u32');
  const length = c.count('array');
  const fixed = VALUE_TYPE_SIZE[elemType];
  if (length > maxArray) {
    // Skip without decoding: fixed-size elements in one jump, strings one by one.
    if (fixed !== undefined) c.pos += fixed * length;
    else for (let i = 0; i < length; i++) readValue(c, elemType, 0);
    return { arrayType: elemType, length };
  }
  const values: GgufReadValue[] = [];
  for (let i = 0; i < length; i++) values.push(readValue(c, elemType, maxArray));
  return values;
}

export interface ReadGgufOptions {
  /** Arrays longer than this keep only their length (default 64; Infinity keeps all). */
  maxArrayValues?: number;
}

/** Reads the header of the GGUF file at `path`; throws GgufFormatError when it is not one. */
export function readGgufHeader(path: string, options: ReadGgufOptions = {}): GgufHeader {
  const maxArray = options.maxArrayValues ?? 64;
  const fd = openSync(path, 'r');
  try {
    const c = new Cursor(fd);
    const magic = Buffer.alloc(4);
    if (readSync(fd, magic, 0, 4, 0) < 4 || magic.toString('latin1') !== GGUF_MAGIC)
      throw new GgufFormatError('not a GGUF file (its first bytes are not "GGUF")');
    c.pos = 4;
    const version = c.read('u32');
    if (version < 2 || version > 3)
      throw new GgufFormatError(`GGUF version ${version} is not supported (2 and 3 are)`);
    const tensorCount = c.count('tensor');
    const kvCount = c.count('metadata');
    const metadata = new Map<string, GgufReadValue>();
    for (let i = 0; i < kvCount; i++) {
      const key = c.str();
      metadata.set(key, readValue(c, c.read('u32'), maxArray));
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = c.str();
      const nDims = c.read('u32');
      if (nDims > 8) throw new GgufFormatError(`tensor ${name} has ${nDims} dimensions`);
      const dims: number[] = [];
      for (let d = 0; d < nDims; d++) dims.push(Number(c.u64()));
      tensors.push({ name, dims, type: c.read('u32'), offset: c.u64() });
    }
    const alignment = Number(metadata.get('general.alignment') ?? 32) || 32;
    const dataOffset = Math.ceil(c.pos / alignment) * alignment;
    return { version, metadata, tensors, dataOffset };
  } finally {
    closeSync(fd);
  }
}
