// TensorBoard event files: Event / Summary protos (field numbers of tensorboard/compat/proto at
// commit 70b76c92) over TFRecord framing. Reads scalars written as simple_value (TF1 style,
// tensorboardX, PyTorch's SummaryWriter) or as scalar tensors (TF2 summaries); writes scalars as
// double tensors with the scalars plugin's metadata, so values survive a round trip exactly.
import { Writer, asDouble, asFloat, asInt64, asText, readFields } from './protobuf';
import { frameRecord, readRecords } from './tfrecord';

export interface ScalarEvent {
  tag: string;
  step: number;
  wallTime: number;
  value: number;
}

export interface EventFileRead {
  scalars: ScalarEvent[];
  /** Records that were not scalars (graphs, images, histograms, text), counted. */
  skippedValues: number;
  problems: string[];
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_HALF = 19;

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** The one number of a scalar TensorProto, or null if it is not a numeric scalar. */
function tensorScalar(bytes: Uint8Array): number | null {
  let dtype = 0;
  const values: number[] = [];
  let content: Uint8Array | null = null;
  for (const f of readFields(bytes)) {
    if (f.field === 1 && f.wire === 0) dtype = Number(f.value);
    else if (f.field === 4 && f.wire === 2) content = f.value;
    else if (f.field === 5 && f.wire === 2)
      for (let i = 0; i + 4 <= f.value.length; i += 4) values.push(asFloat(f.value.subarray(i)));
    else if (f.field === 5 && f.wire === 5) values.push(asFloat(f.value));
    else if (f.field === 6 && f.wire === 2)
      for (let i = 0; i + 8 <= f.value.length; i += 8) values.push(asDouble(f.value.subarray(i)));
    else if (f.field === 6 && f.wire === 1) values.push(asDouble(f.value));
    else if ((f.field === 7 || f.field === 10) && f.wire === 0) values.push(asInt64(f.value));
    else if ((f.field === 7 || f.field === 10 || f.field === 13) && f.wire === 2)
      for (const g of readFields(packedVarints(f.value, f.field)))
        values.push(f.field === 13 ? halfToFloat(Number(g.value)) : asInt64(g.value as bigint));
  }
  if (content && content.length) {
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    if (dtype === DT_FLOAT && content.length >= 4) return view.getFloat32(0, true);
    if (dtype === DT_DOUBLE && content.length >= 8) return view.getFloat64(0, true);
    if (dtype === DT_INT32 && content.length >= 4) return view.getInt32(0, true);
    if (dtype === DT_INT64 && content.length >= 8) return Number(view.getBigInt64(0, true));
    if (dtype === DT_HALF && content.length >= 2) return halfToFloat(view.getUint16(0, true));
    return null;
  }
  return values.length === 1 ? (values[0] as number) : null;
}

/** Packed varints re-keyed as field 1 varints, so readFields can walk them. */
function packedVarints(bytes: Uint8Array, _field: number): Uint8Array {
  const out: number[] = [];
  let start = true;
  for (const b of bytes) {
    if (start) out.push(0x08);
    out.push(b);
    start = !(b & 0x80);
  }
  return Uint8Array.from(out);
}

function pluginName(metadata: Uint8Array): string | null {
  for (const f of readFields(metadata))
    if (f.field === 1 && f.wire === 2)
      for (const g of readFields(f.value))
        if (g.field === 1 && g.wire === 2) return asText(g.value);
  return null;
}

export function readEventFile(bytes: Uint8Array): EventFileRead {
  const { records, problem } = readRecords(bytes);
  const result: EventFileRead = {
    scalars: [],
    skippedValues: 0,
    problems: problem ? [problem] : [],
  };
  records.forEach((record, i) => {
    try {
      let wallTime = 0;
      let step = 0;
      let summary: Uint8Array | null = null;
      for (const f of readFields(record)) {
        if (f.field === 1 && f.wire === 1) wallTime = asDouble(f.value);
        else if (f.field === 2 && f.wire === 0) step = asInt64(f.value);
        else if (f.field === 5 && f.wire === 2) summary = f.value;
      }
      if (!summary) return;
      for (const v of readFields(summary)) {
        if (v.field !== 1 || v.wire !== 2) continue;
        let tag = '';
        let simple: number | null = null;
        let tensor: Uint8Array | null = null;
        let plugin: string | null = null;
        for (const f of readFields(v.value)) {
          if (f.field === 1 && f.wire === 2) tag = asText(f.value);
          else if (f.field === 2 && f.wire === 5) simple = asFloat(f.value);
          else if (f.field === 8 && f.wire === 2) tensor = f.value;
          else if (f.field === 9 && f.wire === 2) plugin = pluginName(f.value);
        }
        const value =
          simple ??
          (tensor && (plugin === null || plugin === 'scalars') ? tensorScalar(tensor) : null);
        if (value === null || !tag) result.skippedValues++;
        else result.scalars.push({ tag, step, wallTime, value });
      }
    } catch (err) {
      result.problems.push(`record ${i + 1}: ${(err as Error).message}`);
    }
  });
  return result;
}

function scalarValue(tag: string, value: number): Uint8Array {
  const metadata = new Writer()
    .bytes(1, new Writer().string(1, 'scalars').finish())
    .int(4, 1) // DATA_CLASS_SCALAR
    .finish();
  const packed = new Uint8Array(8);
  new DataView(packed.buffer).setFloat64(0, value, true);
  const tensor = new Writer()
    .int(1, DT_DOUBLE)
    .bytes(2, new Uint8Array(0))
    .bytes(6, packed)
    .finish();
  return new Writer().string(1, tag).bytes(8, tensor).bytes(9, metadata).finish();
}

/** An event file: the file_version record, then one event per (step, wallTime) with its scalars. */
export function writeEventFile(scalars: ScalarEvent[], fileWallTime: number): Uint8Array {
  const records: Uint8Array[] = [
    frameRecord(new Writer().double(1, fileWallTime).string(3, 'brain.Event:2').finish()),
  ];
  const byStep = new Map<string, ScalarEvent[]>();
  for (const s of scalars) {
    const key = `${s.step}:${s.wallTime}`;
    const list = byStep.get(key) ?? [];
    list.push(s);
    byStep.set(key, list);
  }
  for (const group of byStep.values()) {
    const first = group[0] as ScalarEvent;
    const summary = new Writer();
    for (const s of group) summary.bytes(1, scalarValue(s.tag, s.value));
    const event = new Writer()
      .double(1, first.wallTime)
      .int(2, first.step)
      .bytes(5, summary.finish());
    records.push(frameRecord(event.finish()));
  }
  const total = records.reduce((s, r) => s + r.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}
