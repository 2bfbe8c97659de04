// LEARNING TEST: from a weak SFT base made here, top-20% entropy-masked RL must raise reward.
// Self-contained and seeded (same backend, same numbers). The task is one-op arithmetic over
// small operands: 120 SFT steps give a 2-layer model ~60% (80 steps: ~20%, mostly garbage the
// top-20% mask then spends itself on; 200 steps: ~92%, no room), so RL has room and signal.
// Dynamic sampling is on, as in the paper: without it, all-wrong groups (zero advantage, often
// long, high-entropy garbage) win most of the top-20% slots and dilute the update.
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { initBackend } from '../../../src-main/engine/backend';
import { createPolicy } from '../../../src-main/engine/model';
import { modelConfigFor } from '../../../src-main/engine/presets';
import { trainSft } from '../../../src-main/engine/sft/train-sft';
import { createArithmeticTask } from '../../../src-main/engine/tasks';
import { createTrainer } from '../../../src-main/engine/trainer';

const STEPS = 40;
const WINDOW = 8;

describe('learning', () => {
  it('top-20% RL raises reward on one-op arithmetic from a weak base', async () => {
    await initBackend('wasm');
    const r = parseRunConfig({
      task: 'arithmetic',
      model: { layers: 2, dModel: 64, heads: 4, mlpRatio: 4, contextLength: 48 },
      rl: {
        promptsPerStep: 16,
        groupSize: 8,
        miniBatches: 2,
        microBatchSize: 32,
        maxResponseTokens: 20,
        overlongBuffer: 4,
        lr: 3e-4,
        dynamicSampling: true,
      },
      mask: { mode: 'top', rho: 0.2 },
      seed: 3,
    });
    if (!r.ok) throw new Error(r.message);
    const task = createArithmeticTask({ minOps: 1, maxOps: 1, maxOperand: 3 });
    const policy = createPolicy(modelConfigFor(r.value.model), 1);
    await trainSft({ policy, task, steps: 120, batchSize: 32, lr: 3e-3, seed: 1 });
    const trainer = createTrainer({ config: r.value, policy, task });
    const reward: number[] = [];
    for (let i = 0; i < STEPS; i++) reward.push((await trainer.step()).metrics['reward/mean']!);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const early = mean(reward.slice(0, WINDOW));
    const late = mean(reward.slice(-WINDOW));
    console.log(
      `reward: first ${WINDOW} steps ${early.toFixed(3)}, last ${WINDOW} ${late.toFixed(3)}`,
    );
    // Measured here: 0.562 → 0.666 (0.588 → 0.684 before sampling moved to seeded shards).
    // Seeded and deterministic on one backend; the margin leaves room for kernel changes that
    // move the numerics.
    expect(late).toBeGreaterThan(early + 0.05);
    trainer.dispose();
    policy.dispose();
  }, 240_000);
});
