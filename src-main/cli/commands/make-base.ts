// `forkbench make-base`: reproducible SFT base models (fixed seed, the budget in BASE_MODELS)
// written as <out>/<name>.ckpt (the format runner/child/engine-adapter loads) plus a JSON sidecar.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '../../engine/backend';
import { chooseThreads, idleCores } from '../../engine/parallel/threads';
import type { BackendPreference } from '../../engine/backend';
import { BASE_MODELS } from '../../engine/base-models';
import { makeBaseModel } from '../../engine/sft/make-base';
import { PROJECT_ROOT } from '../../paths';
import { writeCheckpointFile } from '../../runner/checkpoints/checkpoint-files';
import { encodeBaseModel } from '../../runner/checkpoints/state-codec';
import type { Command } from '../types';
import { UsageError } from '../types';

const BACKENDS = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu'];

function intFlag(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new UsageError(`--${name} takes a non-negative integer`);
  return Number(value);
}

export const makeBaseCommand: Command = {
  name: 'make-base',
  summary: 'Train the SFT base model(s) that RL runs start from',
  usage: `Usage: forkbench make-base [--base NAME|TASK|all] [--seed N] [--steps N] [--out DIR]

Supervised fine-tuning on the task's demonstrations, from a fixed seed (same flags, same
backend: same weights), then avg@8 and pass@8 at T = 1 on the task's held-out benchmarks.
Writes <out>/<name>.ckpt and <out>/<name>.json.

Flags:
  --base NAME      ${BASE_MODELS.map((b) => b.name).join(' | ')}, a task id (its bases), or all (default: all)
  --seed N         seed of the weights and of the demonstrations (default: 0)
  --steps N        SFT steps (default: the task's SFT preset)
  --out DIR        output folder (default: resources/base-models in the project)
  --backend NAME   auto | tfjs-node-gpu | tfjs-node | webgpu | wasm | cpu (default: auto)
  --threads N      threads sharing each batch on CPU backends (default: auto, one per idle
                   core; also FORKBENCH_THREADS); the weights match up to float rounding.`,
  options: {
    base: { type: 'string' },
    seed: { type: 'string' },
    steps: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string' },
    threads: { type: 'string' },
  },
  async run({ values, stdout }) {
    const which = (values.base as string | undefined) ?? 'all';
    const bases = BASE_MODELS.filter(
      (b) => which === 'all' || b.name === which || b.task === which,
    );
    if (bases.length === 0)
      throw new UsageError(
        `--base must be one of ${BASE_MODELS.map((b) => b.name).join(', ')}, a task with bases (${[...new Set(BASE_MODELS.map((b) => b.task))].join(', ')}), or all`,
      );
    const seed = intFlag(values.seed, 'seed') ?? 0;
    const steps = intFlag(values.steps, 'steps');
    if (steps === 0) throw new UsageError('--steps must be at least 1');
    const backendName = (values.backend as string | undefined) ?? 'auto';
    if (!BACKENDS.includes(backendName))
      throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}`);
    const out = resolve(
      (values.out as string | undefined) ?? join(PROJECT_ROOT, 'resources', 'base-models'),
    );
    const backend = await initBackend(backendName as BackendPreference);
    let threads: number;
    try {
      threads = chooseThreads(
        backend.backend,
        (values.threads as string | undefined) ?? process.env.FORKBENCH_THREADS,
        await idleCores(),
      );
    } catch (err) {
      const flag = values.threads !== undefined;
      throw new UsageError(
        flag
          ? (err as Error).message.replace('FORKBENCH_THREADS', '--threads')
          : (err as Error).message,
      );
    }
    stdout(`backend ${backend.backend}: ${backend.device}; ${threads} thread(s)`);

    for (const base of bases) {
      const { name } = base;
      const total = steps ?? base.sft.steps;
      stdout(`${name}: SFT ${total} steps, seed ${seed}`);
      const { weights, info } = await makeBaseModel({
        base,
        seed,
        steps,
        threads,
        backend: backend.backend,
        onLog: (m) => stdout(`${name}: ${m}`),
        onProgress: (p) => {
          const eta = ((p.steps - p.step) * p.elapsedSeconds) / Math.max(1, p.step);
          stdout(
            `${name} step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  ` +
              `${Math.round(p.tokensPerSecond)} tok/s  ${p.elapsedSeconds.toFixed(0)} s  ETA ${eta.toFixed(0)} s`,
          );
        },
      });
      const ckpt = join(out, `${name}.ckpt`);
      const file = writeCheckpointFile(ckpt, encodeBaseModel(weights));
      const sidecar = {
        ...info,
        seconds: Math.round((info.sftSeconds + info.evalSeconds) * 10) / 10,
        date: new Date().toISOString(),
        backend: backend.backend,
        device: backend.device,
        threads,
        file: `${name}.ckpt`,
        bytes: file.bytes,
        sha256: file.sha256,
      };
      writeFileSync(join(out, `${name}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
      const acc = info.eval
        .map(
          (e) =>
            `${e.benchmark} avg@${e.k} ${(e.avgAtK * 100).toFixed(1)}% ± ${(e.stdErr * 100).toFixed(1)}, pass@${e.k} ${(e.passAtK * 100).toFixed(1)}%`,
        )
        .join('; ');
      stdout(
        `${name}: wrote ${ckpt} (${(file.bytes / 1e6).toFixed(1)} MB) in ${sidecar.seconds} s; ` +
          `loss ${info.finalLoss.toFixed(4)}; ${acc}`,
      );
    }
    return 0;
  },
};
