// Trainer integration: exact resume, no tensor leaks, evaluation, every config branch.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../../src-main/contract/run-config';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { createPolicy } from '../../../src-main/engine/model';
import { modelConfigFor } from '../../../src-main/engine/presets';
import { createArithmeticTask } from '../../../src-main/engine/tasks';
import { createTrainer } from '../../../src-main/engine/trainer';

const tinyModel = { layers: 1, dModel: 32, heads: 2, mlpRatio: 2, contextLength: 48 };

function setup(overrides: RunConfigInput = {}, seed = 1) {
  const r = parseRunConfig({
    task: 'arithmetic',
    model: tinyModel,
    rl: {
      promptsPerStep: 4,
      groupSize: 4,
      microBatchSize: 8,
      maxResponseTokens: 16,
      overlongBuffer: 4,
      lr: 1e-3,
      dynamicSampling: false,
      ...(overrides.rl ?? {}),
    },
    mask: overrides.mask ?? {},
    eval: { k: 2, maxProblems: 5 },
    seed: 5,
  });
  if (!r.ok) throw new Error(r.message);
  const policy = createPolicy(modelConfigFor(r.value.model), seed);
  const task = createArithmeticTask({ minOps: 1, maxOps: 1, maxOperand: 9 });
  return { config: r.value, policy, task };
}

/** Metrics minus timings (which legitimately differ between runs). */
function stable(metrics: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(metrics).filter(([k]) => !k.startsWith('time/') && !k.startsWith('perf/')),
  );
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainer', () => {
  it('reports the documented metrics and rollout samples', async () => {
    const { config, policy, task } = setup();
    const trainer = createTrainer({ config, policy, task });
    const { step, metrics, samples } = await trainer.step();
    expect(step).toBe(1);
    for (const key of [
      'reward/mean',
      'accuracy',
      'entropy/mean',
      'entropy/p50',
      'entropy/p80',
      'entropy/p95',
      'entropy/threshold',
      'mask/selected_frac',
      'clip/low_frac',
      'clip/high_frac',
      'loss/policy',
      'grad/norm',
      'response/length_mean',
      'response/clipped_frac',
      'perf/rollout_tok_s',
      'perf/train_tok_s',
      'time/rollout_s',
      'time/train_s',
      'time/step_s',
    ]) {
      expect(metrics, key).toHaveProperty(key);
    }
    expect(metrics['mask/selected_frac']).toBeGreaterThan(0.19);
    expect(metrics['mask/selected_frac']).toBeLessThan(0.3);
    expect(samples.length).toBeGreaterThan(0);
    const s = samples[0]!;
    expect(s.tokens.length).toBe(s.entropies.length);
    expect(s.mask?.length).toBe(s.tokens.length);
    expect(samples.map((x) => x.idx)).toEqual(samples.map((_, i) => i));
    // Whole prompt groups (groupSize 4), one after the other: ⌊idx / 4⌋ names the group.
    expect(samples.length % 4).toBe(0);
    for (let g = 0; g < samples.length; g += 4)
      expect(new Set(samples.slice(g, g + 4).map((m) => m.prompt)).size).toBe(1);
    trainer.dispose();
    policy.dispose();
  });

  it('resumes exactly: 4 steps == 2 steps + save/load + 2 steps', async () => {
    const a = setup();
    const straight = createTrainer({ config: a.config, policy: a.policy, task: a.task });
    const want: Record<string, number>[] = [];
    for (let i = 0; i < 4; i++) want.push(stable((await straight.step()).metrics));

    const b = setup();
    const first = createTrainer({ config: b.config, policy: b.policy, task: b.task });
    await first.step();
    await first.step();
    const state = first.saveState();
    first.dispose();
    b.policy.dispose();

    const c = setup({}, 999); // different init: everything must come from the state
    const resumed = createTrainer({ config: c.config, policy: c.policy, task: c.task });
    resumed.loadState(state);
    expect(resumed.currentStep).toBe(2);
    for (let i = 2; i < 4; i++) {
      const got = stable((await resumed.step()).metrics);
      for (const [k, v] of Object.entries(want[i]!)) {
        if (Number.isNaN(v)) expect(got[k], k).toBeNaN();
        else expect(got[k], k).toBeCloseTo(v, 5);
      }
    }
    straight.dispose();
    resumed.dispose();
    a.policy.dispose();
    c.policy.dispose();
  });

  it('leaks no tensors across a step', async () => {
    const { config, policy, task } = setup({ rl: { klCoef: 0.1, entropyCoef: 0.01 } });
    const base = createPolicy(modelConfigFor(config.model), 1);
    const trainer = createTrainer({ config, policy, basePolicy: base, task });
    await trainer.step(); // allocates Adam moments once
    const before = tf.memory().numTensors;
    await trainer.step();
    await trainer.evaluate('arith-heldout', { maxProblems: 2 });
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    base.dispose();
    policy.dispose();
  });

  it('runs every mask mode, scope, normaliser and dynamic sampling', async () => {
    for (const mask of [
      { mode: 'all' as const },
      { mode: 'top' as const, thresholdScope: 'batch' as const, normalizer: 'all' as const },
      { mode: 'bottom' as const },
      { mode: 'random' as const },
    ]) {
      const { config, policy, task } = setup({
        mask,
        rl: { dynamicSampling: true, maxGenBatches: 2, miniBatches: 2, ppoEpochs: 2 },
      });
      const trainer = createTrainer({ config, policy, task });
      const { metrics } = await trainer.step();
      expect(Number.isFinite(metrics['loss/policy']), mask.mode).toBe(true);
      if (metrics['dynamic/kept_groups']! > 0) {
        const frac = metrics['mask/selected_frac']!;
        if (mask.mode === 'all') expect(frac).toBe(1);
        if (mask.mode === 'bottom') expect(frac).toBeGreaterThan(0.6);
      }
      trainer.dispose();
      policy.dispose();
    }
  });

  it('evaluates avg@k and pass@k with per-problem results', async () => {
    const { config, policy, task } = setup();
    const trainer = createTrainer({ config, policy, task });
    const r = await trainer.evaluate('arith-heldout', { k: 3, maxProblems: 4 });
    expect(r.problems).toBe(4);
    expect(r.perProblem).toHaveLength(4);
    expect(r.k).toBe(3);
    expect(r.avgAtK).toBeGreaterThanOrEqual(0);
    expect(r.passAtK).toBeGreaterThanOrEqual(r.avgAtK);
    expect(r.label).toMatch(/AIME-format/);
    expect(trainer.benchmarkIds()).toEqual(['arith-heldout', 'arith-hard']);
    trainer.dispose();
    policy.dispose();
  });
});
