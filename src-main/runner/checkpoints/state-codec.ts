// Trainer state ⇄ checkpoint bytes. Layout: "FBCKPT01", u32 header length, a JSON header
// (step, RNG, optimizer step, model config, tensor table), zero padding to 4 bytes, then every
// tensor's float32 data back to back (little-endian, as typed arrays are on every platform we run).
import type { TrainerState } from '../../engine/trainer';

const MAGIC = 'FBCKPT01';

interface TensorEntry {
  group: 'weights' | 'optimizer';
  name: string;
  shape: number[];
  length: number;
}

interface Header {
  format: 'forkbench-trainer-state';
  step: number;
  rng: TrainerState['rng'];
  optimizerStep: number;
  /** Absent in checkpoints written before the parallel executor. */
  threads?: number;
  model: TrainerState['weights']['config'];
  tensors: TensorEntry[];
}

export function encodeTrainerState(state: TrainerState): Uint8Array {
  const all = [
    ...state.weights.tensors.map((t) => ({ group: 'weights' as const, ...t })),
    ...state.optimizer.tensors.map((t) => ({ group: 'optimizer' as const, ...t })),
  ];
  const header: Header = {
    format: 'forkbench-trainer-state',
    step: state.step,
    rng: state.rng,
    optimizerStep: state.optimizer.step,
    ...(state.threads !== undefined ? { threads: state.threads } : {}),
    model: state.weights.config,
    tensors: all.map(({ group, name, shape, data }) => ({
      group,
      name,
      shape,
      length: data.length,
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(MAGIC.length + 4 + json.length);
  const total = dataStart + all.reduce((n, t) => n + t.data.length * 4, 0);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  let off = dataStart;
  for (const t of all) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), off);
    off += t.data.byteLength;
  }
  return out;
}

export function decodeTrainerState(bytes: Uint8Array): TrainerState {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error('not a Forkbench checkpoint (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + jsonLength;
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, headerEnd)),
  ) as Header;
  if (header.format !== 'forkbench-trainer-state') throw new Error('unknown checkpoint format');
  // Copy into a fresh aligned buffer: the file's bytes may sit at any offset.
  const data = bytes.slice(align4(headerEnd));
  const floats = new Float32Array(data.buffer, 0, Math.floor(data.byteLength / 4));
  let off = 0;
  const weights: TrainerState['weights']['tensors'] = [];
  const optimizer: TrainerState['optimizer']['tensors'] = [];
  for (const t of header.tensors) {
    if (off + t.length > floats.length) throw new Error('checkpoint is truncated');
    const tensor = { name: t.name, shape: t.shape, data: floats.slice(off, off + t.length) };
    (t.group === 'weights' ? weights : optimizer).push(tensor);
    off += t.length;
  }
  return {
    step: header.step,
    rng: header.rng,
    weights: { config: header.model, tensors: weights },
    optimizer: { step: header.optimizerStep, tensors: optimizer },
    ...(header.threads !== undefined ? { threads: header.threads } : {}),
  };
}

const align4 = (n: number): number => (n + 3) & ~3;

/** A base model file (what `make-base` writes): weights only, step 0, no optimizer state. */
export function encodeBaseModel(weights: TrainerState['weights']): Uint8Array {
  return encodeTrainerState({
    step: 0,
    rng: [0, 0, 0, 0],
    weights,
    optimizer: { step: 0, tensors: [] },
  });
}
