// LEARNING TEST: from a weak SFT base, RL steps must raise reward on an easy task.
// Slow and noisy on a shared 2-core machine, so it runs only with FORKBENCH_LEARNING_TEST=1.
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { initBackend } from '../../../src-main/engine/backend';
import { createPolicy } from '../../../src-main/engine/model';
import { modelConfigFor } from '../../../src-main/engine/presets';
import { trainSft } from '../../../src-main/engine/sft/train-sft';
import { createArithmeticTask } from '../../../src-main/engine/tasks';
import { createTrainer } from '../../../src-main/engine/trainer';

const enabled = process.env.FORKBENCH_LEARNING_TEST === '1';

describe.skipIf(!enabled)('learning', () => {
  it('RL raises reward on one-step arithmetic from a weak base', async () => {
    await initBackend('wasm');
    const r = parseRunConfig({
      task: 'arithmetic',
      model: { layers: 2, dModel: 64, heads: 4, mlpRatio: 4, contextLength: 48 },
      rl: {
        promptsPerStep: 16,
        groupSize: 8,
        microBatchSize: 32,
        maxResponseTokens: 20,
        overlongBuffer: 4,
        lr: 3e-4,
        dynamicSampling: false,
      },
      mask: { mode: 'top', rho: 0.2 },
      seed: 3,
    });
    if (!r.ok) throw new Error(r.message);
    const task = createArithmeticTask({ minOps: 1, maxOps: 1, maxOperand: 3 });
    const policy = createPolicy(modelConfigFor(r.value.model), 1);
    await trainSft({ policy, task, steps: 80, batchSize: 32, lr: 3e-3, seed: 1 });
    const trainer = createTrainer({ config: r.value, policy, task });
    const rewards: number[] = [];
    for (let i = 0; i < 30; i++) rewards.push((await trainer.step()).metrics['reward/mean']!);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const early = mean(rewards.slice(0, 5));
    const late = mean(rewards.slice(-5));
    console.log(`reward: first 5 steps ${early.toFixed(3)}, last 5 steps ${late.toFixed(3)}`);
    expect(late).toBeGreaterThan(early + 0.05);
    trainer.dispose();
    policy.dispose();
  }, 300_000);
});
