// Speed benchmark: train and decode tokens/s of the engine's transformer, optionally next to
// the PyTorch reference (../shared/peer-bench/torch_reference.py beside the repository) run in
// the same process tree, with ratios ours/reference. Prints one JSON object.
//   npx tsx scripts/bench.ts --vocab 64 --ctx 128 --d 128 --layers 4 --heads 4 --batch 64 \
//     --backend auto --reference [--dp] [--repeats 3] [--steps 3] [--python /usr/bin/python3]
// --dp also measures the two-core data-parallel train step (main thread + one worker).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendPreference } from '../src-main/engine/backend';
import { measureSpeed, median, type BenchShape } from '../src-main/engine/bench/speed';
import { matmulGflops } from '../src-main/engine/bench/calibrate';
import { measureDataParallelTrain } from '../src-main/engine/bench/dp';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
};
const num = (name: string, dflt: number) => Number(opt(name, String(dflt)));

const shape: BenchShape = {
  vocab: num('vocab', 64),
  ctx: num('ctx', 128),
  d: num('d', 128),
  layers: num('layers', 4),
  heads: num('heads', 4),
  batch: num('batch', 64),
};
const repeats = num('repeats', 3);
const steps = num('steps', 3);
const log = (s: string) => {
  if (flag('verbose')) process.stderr.write(`${s}\n`);
};

function reference(): Record<string, unknown> | { error: string } {
  const script = opt(
    'reference-script',
    resolve(import.meta.dirname, '../../shared/peer-bench/torch_reference.py'),
  );
  const python = opt('python', '/usr/bin/python3');
  if (!existsSync(script)) return { error: `reference script not found: ${script}` };
  const args = [script, '--vocab', shape.vocab, '--ctx', shape.ctx, '--d-model', shape.d];
  args.push('--layers', shape.layers, '--heads', shape.heads, '--batch', shape.batch, '--steps', 5);
  try {
    const out = execFileSync(python, args.map(String), { encoding: 'utf8', timeout: 600_000 });
    return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
  } catch (err) {
    return { error: `reference failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

const info = await initBackend(opt('backend', 'auto') as BackendPreference);
const load = loadavg()[0];
const gflops = matmulGflops();
const train: number[] = [];
const decode: number[] = [];
const trainDp: number[] = [];
const refs: Record<string, unknown>[] = [];
let params = 0;
for (let r = 0; r < repeats; r++) {
  const res = measureSpeed(shape, { steps, decodes: 1, onLine: log });
  params = res.params;
  train.push(median(res.trainTokensPerS));
  decode.push(median(res.decodeTokensPerS));
  if (flag('dp')) {
    const dp = await measureDataParallelTrain(shape, { steps, backend: info.backend, onLine: log });
    trainDp.push(median(dp));
  }
  log(`repeat ${r}: train ${train.at(-1)?.toFixed(0)} decode ${decode.at(-1)?.toFixed(0)}`);
  if (flag('reference')) refs.push(reference()); // interleaved: both see the same load
}
const ours: Record<string, number> & { train_tokens_per_s: number; decode_tokens_per_s: number } = {
  train_tokens_per_s: Math.round(median(train)),
  decode_tokens_per_s: Math.round(median(decode)),
};
if (trainDp.length) ours.train_dp2_tokens_per_s = Math.round(median(trainDp));
const result: Record<string, unknown> = {
  impl: `forkbench tfjs-core ${tf.version_core} ${info.backend}`,
  backend: info.backend,
  device: info.device,
  shape,
  params,
  repeats,
  ...ours,
  train_runs: train.map(Math.round),
  decode_runs: decode.map(Math.round),
  ...(trainDp.length ? { train_dp2_runs: trainDp.map(Math.round) } : {}),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    loadavg_1m_at_start: load,
    matmul_gflops: gflops,
  },
};
if (flag('reference')) {
  const ok = refs.filter((x) => !('error' in x)) as {
    train_tokens_per_s: number;
    decode_tokens_per_s: number;
  }[];
  if (ok.length) {
    const rt = median(ok.map((x) => x.train_tokens_per_s));
    const rd = median(ok.map((x) => x.decode_tokens_per_s));
    result.reference = {
      ...ok[0],
      train_tokens_per_s: rt,
      decode_tokens_per_s: rd,
      runs: ok.length,
    };
    result.ratio = {
      train: +(ours.train_tokens_per_s / rt).toFixed(3),
      decode: +(ours.decode_tokens_per_s / rd).toFixed(3),
      ...(ours.train_dp2_tokens_per_s
        ? { train_dp2: +(ours.train_dp2_tokens_per_s / rt).toFixed(3) }
        : {}),
    };
  } else result.reference = refs[0];
}
result.loadavg_1m_at_end = loadavg()[0];
console.log(JSON.stringify(result, null, 2));
