// Every shipped base loads, matches its sidecar, and scores inside its recorded band on a
// sample of the held-out set (so a remade or damaged file cannot ship silently).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { BASE_MODELS, DEFAULT_BASE } from '../../../src-main/engine/base-models';
import { evaluateBenchmark } from '../../../src-main/engine/eval/evaluate';
import { createPolicy } from '../../../src-main/engine/model';
import { localExecutor } from '../../../src-main/engine/parallel/executor';
import { PRESETS, modelConfigFor } from '../../../src-main/engine/presets';
import { benchmarkTask, createTask, getBenchmark } from '../../../src-main/engine/tasks';
import { readCheckpointFile } from '../../../src-main/runner/checkpoints/checkpoint-files';
import { decodeTrainerState } from '../../../src-main/runner/checkpoints/state-codec';

const DIR = resolve(import.meta.dirname, '../../../resources/base-models');

interface Sidecar {
  name: string;
  sha256: string;
  params: number;
  eval: { benchmark: string; k: number; avgAtK: number; stdErr: number; passAtK: number }[];
}

describe('shipped base models', () => {
  it('every preset starts from a shipped base', () => {
    const names = new Set(BASE_MODELS.map((b) => b.name));
    for (const p of PRESETS)
      for (const r of p.runs)
        expect(names.has(String(r.overrides.base)), `${p.id}/${r.name}`).toBe(true);
    for (const name of Object.values(DEFAULT_BASE)) expect(names.has(name!)).toBe(true);
  });

  for (const base of BASE_MODELS) {
    it(`${base.name}: in the 20–60% band, pass@k well above avg@k, and reproduces its score`, async () => {
      await initBackend('wasm');
      const sidecar = JSON.parse(readFileSync(`${DIR}/${base.name}.json`, 'utf8')) as Sidecar;
      expect(sidecar.name).toBe(base.name);
      const state = decodeTrainerState(
        readCheckpointFile(`${DIR}/${base.name}.ckpt`, sidecar.sha256),
      );
      const policy = createPolicy(modelConfigFor(base.model), 0);
      policy.setWeights(state.weights);
      for (const e of sidecar.eval) {
        expect(e.avgAtK).toBeGreaterThanOrEqual(0.2);
        expect(e.avgAtK).toBeLessThanOrEqual(0.6);
        expect(e.passAtK).toBeGreaterThan(e.avgAtK + 0.15);
        // 120 problems × 4 samples: the standard error is about 3.5 points; allow 4 of them.
        const r = await evaluateBenchmark(
          localExecutor(policy),
          getBenchmark(e.benchmark),
          benchmarkTask(e.benchmark),
          {
            k: 4,
            temperature: 1,
            maxResponseTokens: base.model.contextLength - createTask(base.task).maxPromptTokens,
            maxProblems: 120,
            seed: 11,
          },
        );
        expect(Math.abs(r.avgAtK - e.avgAtK)).toBeLessThan(4 * r.stdErr + 0.02);
      }
      policy.dispose();
    }, 120_000);
  }
});
