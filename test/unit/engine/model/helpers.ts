import type { RolloutRecord } from '../../../../src-main/contract/rollout';
import { parseRunConfig } from '../../../../src-main/contract/run-config';
import type { ModelConfig, UniformRng } from '../../../../src-main/engine/model';
import { createPolicy } from '../../../../src-main/engine/model';
import { mulberry32 } from '../../../../src-main/engine/model/rng';
import { modelConfigFor } from '../../../../src-main/engine/presets';
import { createArithmeticTask } from '../../../../src-main/engine/tasks';
import { createTrainer } from '../../../../src-main/engine/trainer';

export const tiny: ModelConfig = {
  vocabSize: 11,
  contextLength: 16,
  dModel: 16,
  nLayers: 2,
  nHeads: 2,
  mlpRatio: 2,
};

export function rng(seed: number): UniformRng {
  return mulberry32(seed);
}

/** One RL step of a tiny arithmetic run (2 prompts × 2 samples): the engine's rollout records. */
export async function tinyStepSamples(): Promise<{ step: number; samples: RolloutRecord[] }> {
  const r = parseRunConfig({
    task: 'arithmetic',
    model: { layers: 1, dModel: 16, heads: 2, mlpRatio: 2, contextLength: 40 },
    rl: {
      promptsPerStep: 2,
      groupSize: 2,
      microBatchSize: 4,
      maxResponseTokens: 8,
      overlongBuffer: 0,
      dynamicSampling: false,
    },
    seed: 3,
  });
  if (!r.ok) throw new Error(r.message);
  const policy = createPolicy(modelConfigFor(r.value.model), 2);
  const task = createArithmeticTask({ minOps: 1, maxOps: 1, maxOperand: 9 });
  const trainer = createTrainer({ config: r.value, policy, task, samplesPerStep: 4 });
  const { step, samples } = await trainer.step();
  trainer.dispose();
  policy.dispose();
  return { step, samples };
}
