// RL step speed with one thread vs the worker executor, interleaved in one process so that both
// see the same machine load. Starts from a shipped base; prints one JSON object.
//   npx tsx scripts/bench-rl.ts [--preset quick-demo|paper-main] [--steps 6] [--repeats 2] [--threads 2]
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseRunConfig } from '../src-main/contract/run-config';
import { initBackend } from '../src-main/engine/backend';
import { createPolicy } from '../src-main/engine/model';
import type { Executor } from '../src-main/engine/parallel/executor';
import { localExecutor } from '../src-main/engine/parallel/executor';
import { startWorkerExecutor } from '../src-main/engine/parallel/worker-executor';
import { getPreset, modelConfigFor } from '../src-main/engine/presets';
import { createTrainer } from '../src-main/engine/trainer';
import { readCheckpointFile } from '../src-main/runner/checkpoints/checkpoint-files';
import { decodeTrainerState } from '../src-main/runner/checkpoints/state-codec';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
};
const which = opt('preset', 'quick-demo');
const steps = Number(opt('steps', '6'));
const repeats = Number(opt('repeats', '2'));
const threads = Number(opt('threads', String(Math.min(2, availableParallelism()))));

// quick-demo: the preset as shipped. paper-main: its top-20% arm, the 0.4M base, with the
// same RL shape (16 prompts × G 8, two mini-batches).
const preset = getPreset(which === 'paper-main' ? 'paper-main' : 'quick-demo');
if (!preset) throw new Error(`unknown preset ${which}`);
const raw = preset.runs.at(-1)!.overrides;
const parsed = parseRunConfig(JSON.parse(JSON.stringify(raw)));
if (!parsed.ok) throw new Error(parsed.message);
const config = parsed.value;
const info = await initBackend('auto');
const base = decodeTrainerState(
  readCheckpointFile(resolve(import.meta.dirname, `../resources/base-models/${config.base}.ckpt`)),
).weights;

async function measure(n: number) {
  const policy = createPolicy(modelConfigFor(config.model), config.seed);
  policy.setWeights(base);
  const executor: Executor =
    n > 1
      ? await startWorkerExecutor({ policy, threads: n, backend: info.backend })
      : localExecutor(policy);
  const trainer = createTrainer({ config, policy, executor });
  const rows: { step: number; rollout: number; train: number }[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const r = await trainer.step();
    if (i > 0)
      rows.push({
        step: (performance.now() - t0) / 1000,
        rollout: r.metrics['time/rollout_s']!,
        train: r.metrics['time/train_s']!,
      });
  }
  trainer.dispose();
  await executor.dispose();
  policy.dispose();
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  return { step_s: sum('step'), rollout_s: sum('rollout'), train_s: sum('train') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const one: Awaited<ReturnType<typeof measure>>[] = [];
const many: typeof one = [];
const load = loadavg()[0];
for (let r = 0; r < repeats; r++) {
  one.push(await measure(1));
  many.push(await measure(threads));
}
const pick = (runs: typeof one, k: keyof (typeof one)[number]) => median(runs.map((x) => x[k]));
const keys = ['step_s', 'rollout_s', 'train_s'] as const;
console.log(
  JSON.stringify(
    {
      preset: which,
      backend: info.backend,
      device: info.device,
      threads,
      steps_timed: steps - 1,
      repeats,
      load_1m: [load, loadavg()[0]],
      one_thread: Object.fromEntries(keys.map((k) => [k, pick(one, k)])),
      [`${threads}_threads`]: Object.fromEntries(keys.map((k) => [k, pick(many, k)])),
      speedup: Object.fromEntries(keys.map((k) => [k, pick(one, k) / pick(many, k)])),
    },
    null,
    2,
  ),
);
