// RL step speed: Forkbench on one thread and with the worker executor, and with --reference the
// PyTorch peer step (scripts/peer/rl_step.py) on 1 and 2 threads, interleaved in one process tree
// so that all see the same machine load. Starts from a shipped base; prints one JSON object.
//   npx tsx scripts/bench-rl.ts [--preset quick-demo|paper-main] [--steps 6] [--repeats 2]
//     [--threads 2] [--backend auto|tfjs-node-gpu|tfjs-node|webgpu|wasm|cpu]
//     [--reference [--peer-threads 1,2] [--peer-device auto|cpu|cuda]] [--untrained [--heads N]]
// On a GPU machine: `npm run bench:rl -- --preset NAME --reference` picks the GPU backend and
// CUDA torch where present; the JSON names both (`backend`, `device`, `pytorch.*.impl`).
// Both benches draw their prompts from one queue of problems in the same order; the first step
// of each measurement is not timed. --untrained starts from the seeded initialisation (for a
// shape whose base is not shipped yet) and turns dynamic sampling off, since such a model
// solves nothing and every group would be dropped.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseRunConfig } from '../src-main/contract/run-config';
import { initBackend, type BackendPreference } from '../src-main/engine/backend';
import { createPolicy } from '../src-main/engine/model';
import type { Executor } from '../src-main/engine/parallel/executor';
import { localExecutor } from '../src-main/engine/parallel/executor';
import { startWorkerExecutor } from '../src-main/engine/parallel/worker-executor';
import { getPreset, modelConfigFor } from '../src-main/engine/presets';
import { createRng } from '../src-main/engine/rng';
import { createTask } from '../src-main/engine/tasks';
import { createTrainer } from '../src-main/engine/trainer';
import { readCheckpointFile } from '../src-main/runner/checkpoints/checkpoint-files';
import { decodeTrainerState } from '../src-main/runner/checkpoints/state-codec';
import type { Clocks, PeerResult } from './peer/torch-rl';
import { instrument, queueTask, runPeer, torchMissing, writePeerSpec } from './peer/torch-rl';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
};
const which = opt('preset', 'quick-demo');
const steps = Number(opt('steps', '6'));
const repeats = Number(opt('repeats', '2'));
const threads = Number(opt('threads', String(Math.min(2, availableParallelism()))));
const reference = argv.includes('--reference');
/** Torch thread counts to try (the best one counts); 2 threads lose badly on a loaded machine. */
const peerThreads = opt('peer-threads', '1,2').split(',').map(Number);
if (!peerThreads.every((n) => Number.isInteger(n) && n > 0))
  throw new Error('--peer-threads takes a comma-separated list of positive integers');
const peerDevice = opt('peer-device', 'auto');
if (!['auto', 'cpu', 'cuda'].includes(peerDevice))
  throw new Error(`--peer-device takes auto, cpu or cuda, not ${peerDevice}`);
const untrained = argv.includes('--untrained');
// Same parameters, other head split (e.g. 0.25M with 5 heads of 16 instead of 4 of 20: the
// 0.25M shape's split before the wasm attention kernels took widths of 4k). Untrained only.
const heads = argv.includes('--heads') ? Number(opt('heads', '0')) : null;
if (heads !== null && !untrained)
  throw new Error('--heads needs --untrained (a base fixes its heads)');

// quick-demo: the preset as shipped. paper-main: its top-20% arm, the 0.25M base, with the
// same RL shape (16 prompts × G 8, two mini-batches).
const preset = getPreset(which === 'paper-main' ? 'paper-main' : 'quick-demo');
if (!preset) throw new Error(`unknown preset ${which}`);
const raw = JSON.parse(JSON.stringify(preset.runs.at(-1)!.overrides));
if (untrained) raw.rl = { ...raw.rl, dynamicSampling: false };
if (heads !== null) raw.model = { ...raw.model, heads };
const parsed = parseRunConfig(raw);
if (!parsed.ok) throw new Error(parsed.message);
const config = parsed.value;
const info = await initBackend(opt('backend', 'auto') as BackendPreference);
const ckpt = resolve(import.meta.dirname, `../resources/base-models/${config.base}.ckpt`);
if (!untrained && !existsSync(ckpt))
  throw new Error(
    `base ${config.base} is not shipped (${ckpt}); pass --untrained to time its shape`,
  );
const base = untrained
  ? createPolicy(modelConfigFor(config.model), config.seed).getWeights()
  : decodeTrainerState(readCheckpointFile(ckpt)).weights;

// One queue of problems, enough for every generation batch of a measurement.
const task = createTask(config.task);
const problemRng = createRng(config.seed);
const problems = Array.from(
  { length: steps * config.rl.maxGenBatches * config.rl.promptsPerStep },
  () => task.sampleProblem(problemRng, 'train'),
);

interface Phases {
  step_s: number;
  rollout_s: number;
  scoring_s: number;
  /** Training forwards (log-probs and entropies); only visible on the calling thread. */
  logprob_pass_s: number | null;
  update_s: number | null;
  train_s: number;
  generated_tokens: number;
  kept_groups: number;
}

async function measure(n: number): Promise<Phases> {
  const policy = createPolicy(modelConfigFor(config.model), config.seed);
  policy.setWeights(base);
  const inner: Executor =
    n > 1
      ? await startWorkerExecutor({ policy, threads: n, backend: info.backend })
      : localExecutor(policy);
  const clocks: Clocks = { sample: 0, logits: 0, generated: 0 };
  const executor = instrument(inner, policy, clocks);
  const trainer = createTrainer({ config, policy, executor, task: queueTask(task, problems) });
  const sum = { step_s: 0, rollout_s: 0, scoring_s: 0, logits: 0, train_s: 0, gen: 0, kept: 0 };
  for (let i = 0; i < steps; i++) {
    const before = { ...clocks };
    const t0 = performance.now();
    const r = await trainer.step();
    if (i === 0) continue;
    const rollout = r.metrics['time/rollout_s']!;
    sum.step_s += (performance.now() - t0) / 1000;
    sum.rollout_s += clocks.sample - before.sample;
    sum.scoring_s += rollout - (clocks.sample - before.sample);
    sum.logits += clocks.logits - before.logits;
    sum.train_s += r.metrics['time/train_s']!;
    sum.gen += clocks.generated - before.generated;
    sum.kept += r.metrics['dynamic/kept_groups']!;
  }
  trainer.dispose();
  await executor.dispose();
  policy.dispose();
  const k = Math.max(1, steps - 1);
  return {
    step_s: sum.step_s / k,
    rollout_s: sum.rollout_s / k,
    scoring_s: sum.scoring_s / k,
    logprob_pass_s: n === 1 ? sum.logits / k : null,
    update_s: n === 1 ? (sum.train_s - sum.logits) / k : null,
    train_s: sum.train_s / k,
    generated_tokens: sum.gen / k,
    kept_groups: sum.kept / k,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Per-key medians over repeats (null stays null). */
function medians<T extends object>(runs: T[]): T {
  const keys = Object.keys(runs[0]!) as (keyof T)[];
  return Object.fromEntries(
    keys.map((k) => {
      const v = runs.map((r) => r[k]);
      return [k, typeof v[0] === 'number' ? median(v as number[]) : v[0]];
    }),
  ) as T;
}

const missing = reference ? torchMissing() : null;
const spec =
  reference && !missing ? writePeerSpec({ config, weights: base, problems, steps }) : null;
const counts = [...new Set([1, threads])];
const ours = new Map<number, Phases[]>(counts.map((n) => [n, []]));
const peer = new Map<number, PeerResult[]>(peerThreads.map((n) => [n, []]));
const load = [loadavg()[0]!];
for (let r = 0; r < repeats; r++) {
  for (const n of counts) ours.get(n)!.push(await measure(n));
  if (spec) for (const n of peerThreads) peer.get(n)!.push(runPeer(spec, n, peerDevice));
}
load.push(loadavg()[0]!);

const label = (n: number) => (n === 1 ? '1_thread' : `${n}_threads`);
const oursM = new Map(counts.map((n) => [n, medians(ours.get(n)!)]));
const best = <T extends { step_s: number }>(m: Map<number, T>) =>
  [...m.entries()].reduce((a, b) => (b[1].step_s < a[1].step_s ? b : a));
const [oursBestN, oursBest] = best(oursM);
const out: Record<string, unknown> = {
  preset: which,
  base: untrained ? `${config.base} (untrained: seeded init, no dynamic sampling)` : config.base,
  model: config.model,
  backend: info.backend,
  device: info.device,
  cpu: `${cpus()[0]?.model ?? '?'} × ${availableParallelism()}`,
  steps_timed: steps - 1,
  repeats,
  load_1m: load,
  forkbench: Object.fromEntries(counts.map((n) => [label(n), oursM.get(n)])),
  forkbench_best: label(oursBestN),
};
if (spec) {
  const peerM = new Map(peerThreads.map((n) => [n, medians(peer.get(n)!)]));
  const [peerBestN, peerBest] = best(peerM);
  out.pytorch = Object.fromEntries(peerThreads.map((n) => [label(n), peerM.get(n)]));
  out.pytorch_best = label(peerBestN);
  out.rl_step_ratio = peerBest.step_s / oursBest.step_s;
  if (peerM.has(1)) out.rl_step_ratio_1_thread = peerM.get(1)!.step_s / oursM.get(1)!.step_s;
} else if (reference) out.pytorch = `not run: ${missing}`;
console.log(JSON.stringify(out, null, 2));
