// Where one RL step's time goes, kernel by kernel: tf.profile around the rollout sampling and
// around the policy update of one step (local executor, one thread), from a shipped base.
// Prints one JSON object: per phase the wall time, the kernel count and time, the JS time
// outside kernels, and the top kernels by time.
//   npx tsx scripts/profile-rl.ts [--preset quick-demo|paper-main] [--untrained] [--top 12]
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { parseRunConfig } from '../src-main/contract/run-config';
import { initBackend } from '../src-main/engine/backend';
import { createPolicy } from '../src-main/engine/model';
import { createOptimizer } from '../src-main/engine/model/optimizer';
import { localExecutor } from '../src-main/engine/parallel/executor';
import { getPreset, modelConfigFor } from '../src-main/engine/presets';
import { collectRollouts } from '../src-main/engine/rl/rollout';
import { policyUpdate } from '../src-main/engine/rl/update';
import { createRng } from '../src-main/engine/rng';
import { createTask } from '../src-main/engine/tasks';
import { readCheckpointFile } from '../src-main/runner/checkpoints/checkpoint-files';
import { decodeTrainerState } from '../src-main/runner/checkpoints/state-codec';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
};
const which = opt('preset', 'quick-demo');
const topN = Number(opt('top', '12'));
const untrained = argv.includes('--untrained');
const raw = JSON.parse(JSON.stringify(getPreset(which)!.runs.at(-1)!.overrides));
if (untrained) raw.rl = { ...raw.rl, dynamicSampling: false };
const parsed = parseRunConfig(raw);
if (!parsed.ok) throw new Error(parsed.message);
const config = parsed.value;
const info = await initBackend('auto');
const ckpt = resolve(import.meta.dirname, `../resources/base-models/${config.base}.ckpt`);
if (!untrained && !existsSync(ckpt))
  throw new Error(`base ${config.base} not shipped; --untrained`);
const policy = createPolicy(modelConfigFor(config.model), config.seed);
if (!untrained) policy.setWeights(decodeTrainerState(readCheckpointFile(ckpt)).weights);
const executor = localExecutor(policy);
const task = createTask(config.task);
const rng = createRng(config.seed);
const optimizer = createOptimizer({ lr: config.rl.lr, clipNorm: config.rl.gradClip });

async function profiled<T>(run: () => Promise<T>) {
  let result: T | undefined;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const info = await tf.profile(async () => {
    result = await run();
  });
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  const byName = new Map<string, { n: number; ms: number }>();
  let kernelMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byName.get(k.name) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += ms;
    kernelMs += ms;
    byName.set(k.name, e);
  }
  const top = [...byName.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, topN)
    .map(([name, e]) => ({ name, calls: e.n, ms: Math.round(e.ms), share: e.ms / kernelMs }));
  return {
    result: result as T,
    summary: {
      wall_s: wall,
      cpu_s: (cpu.user + cpu.system) / 1e6,
      kernels: info.kernels.length,
      kernel_s: kernelMs / 1000,
      outside_kernels_s: wall - kernelMs / 1000,
      top,
    },
  };
}

// One step unprofiled first (warm-up: wasm compilation, allocator), then one profiled.
for (let pass = 0; pass < 2; pass++) {
  const roll = await profiled(() => collectRollouts(executor, task, config, rng));
  const batch = roll.result;
  const upd = await profiled(() =>
    batch.kept.length
      ? policyUpdate({ policy, executor, optimizer, rollouts: batch.kept, config, rng })
      : Promise.resolve(null),
  );
  if (pass === 0) continue;
  const tokens = batch.generated.reduce((s, r) => s + r.responseIds.length, 0);
  console.log(
    JSON.stringify(
      {
        preset: which,
        base: untrained ? `${config.base} (untrained)` : config.base,
        backend: info.backend,
        load_1m: loadavg()[0],
        rollout: {
          sequences: batch.generated.length,
          gen_batches: batch.genBatches,
          generated_tokens: tokens,
          ...roll.summary,
        },
        update: {
          sequences: batch.kept.length,
          train_tokens: upd.result?.trainTokens ?? 0,
          optimizer_steps: upd.result?.optimizerSteps ?? 0,
          ...upd.summary,
        },
      },
      null,
      2,
    ),
  );
}
optimizer.dispose();
policy.dispose();
