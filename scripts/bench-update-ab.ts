// A/B of the multi-thread policy update against another checkout of Forkbench: the same rollout
// batches (sampled once from a shipped base), `policyUpdate` with this tree's worker executor and
// with the other tree's, alternated in one process so both see the same load. Prints one JSON
// object: per side, the mean update time per batch of each timed round, and their mean.
//   npx tsx scripts/bench-update-ab.ts --against /path/to/other/checkout
//     [--preset paper-main|quick-demo] [--threads 2] [--batches 4] [--rounds 6]
// The other checkout needs its own dependencies (or a node_modules link to these).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseRunConfig } from '../src-main/contract/run-config';
import { initBackend } from '../src-main/engine/backend';
import { createOptimizer, createPolicy } from '../src-main/engine/model';
import type { Executor } from '../src-main/engine/parallel/executor';
import { localExecutor } from '../src-main/engine/parallel/executor';
import { startWorkerExecutor } from '../src-main/engine/parallel/worker-executor';
import { getPreset, modelConfigFor } from '../src-main/engine/presets';
import type { Rollout } from '../src-main/engine/rl/rollout';
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
const against = opt('against', '');
const otherModule = resolve(against, 'src-main/engine/parallel/worker-executor.ts');
if (!against) throw new Error('--against PATH is required: the checkout to compare with');
if (!existsSync(otherModule))
  throw new Error(`--against ${against} is not a Forkbench checkout (no ${otherModule})`);
const which = opt('preset', 'paper-main');
const [threads, batchCount, rounds] = ['threads', 'batches', 'rounds'].map((name, i) => {
  const n = Number(opt(name, ['2', '4', '6'][i] as string));
  if (!Number.isInteger(n) || n < (name === 'threads' ? 2 : 1))
    throw new Error(`--${name} takes a whole number${name === 'threads' ? ' ≥ 2' : ' ≥ 1'}`);
  return n;
}) as [number, number, number];
const preset = getPreset(which);
if (!preset) throw new Error(`unknown preset ${which}`);
const parsed = parseRunConfig(JSON.parse(JSON.stringify(preset.runs.at(-1)!.overrides)));
if (!parsed.ok) throw new Error(parsed.message);
const config = parsed.value;
const info = await initBackend('auto');
const ckpt = resolve(import.meta.dirname, `../resources/base-models/${config.base}.ckpt`);
const base = decodeTrainerState(readCheckpointFile(ckpt)).weights;
const policy = createPolicy(modelConfigFor(config.model), config.seed);
policy.setWeights(base);

const task = createTask(config.task);
const rng = createRng(config.seed);
const batches: Rollout[][] = [];
while (batches.length < batchCount) {
  const { kept } = await collectRollouts(localExecutor(policy), task, config, rng);
  if (kept.length) batches.push(kept);
}
const other = (await import(pathToFileURL(otherModule).href)) as {
  startWorkerExecutor: typeof startWorkerExecutor;
};
const sides: Record<'this' | 'other', Executor> = {
  this: await startWorkerExecutor({ policy, threads, backend: info.backend }),
  other: await other.startWorkerExecutor({ policy, threads, backend: info.backend }),
};
const times: Record<'this' | 'other', number[]> = { this: [], other: [] };
const load = [loadavg()[0]];
// Round 0 warms both sides up; the order alternates so neither always runs second.
for (let round = 0; round <= rounds; round++)
  for (const side of round % 2 ? (['this', 'other'] as const) : (['other', 'this'] as const)) {
    let ms = 0;
    for (const rollouts of batches) {
      policy.setWeights(base);
      const optimizer = createOptimizer({ lr: config.rl.lr, clipNorm: config.rl.gradClip });
      const t0 = performance.now();
      await policyUpdate({
        policy,
        executor: sides[side],
        optimizer,
        rollouts,
        config,
        rng: createRng(1),
      });
      ms += performance.now() - t0;
      optimizer.dispose();
    }
    if (round > 0) times[side].push(ms / batches.length);
  }
load.push(loadavg()[0]);
await Promise.all(Object.values(sides).map((e) => e.dispose()));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round1 = (xs: number[]) => xs.map((x) => Math.round(x));
console.log(
  JSON.stringify(
    {
      preset: which,
      backend: info.backend,
      threads,
      against,
      load_1m: load,
      update_ms: { this: round1(times.this), other: round1(times.other) },
      mean_ms: { this: Math.round(mean(times.this)), other: Math.round(mean(times.other)) },
      ratio_this_over_other: mean(times.this) / mean(times.other),
    },
    null,
    2,
  ),
);
