// A run with two checkpoint files written straight from two createPolicy seeds (no training):
// enough for the overlap and temperature jobs to load, sample and teacher-force.
import type { ModelConfig } from '../../src-main/engine/model';
import { createPolicy } from '../../src-main/engine/model';
import { initBackend } from '../../src-main/engine/backend';
import { VOCAB_SIZE } from '../../src-main/engine/tokenizer';
import { defaultRunConfig } from '../../src-main/contract/run-config';
import {
  checkpointPath,
  writeCheckpointFile,
} from '../../src-main/runner/checkpoints/checkpoint-files';
import { encodeTrainerState } from '../../src-main/runner/checkpoints/state-codec';
import type { Store } from '../../src-main/store';

export async function makeTinyRun(
  store: Store,
  dataDir: string,
  steps: readonly number[] = [5, 10],
): Promise<number> {
  await initBackend('wasm');
  const config = defaultRunConfig();
  config.base = null;
  config.backend = 'wasm';
  config.task = 'arithmetic';
  config.rl.maxResponseTokens = 12;
  config.rl.overlongBuffer = 0;
  config.eval.benchmarks = ['arith-heldout'];
  const model: ModelConfig = {
    vocabSize: VOCAB_SIZE,
    contextLength: config.model.contextLength,
    dModel: 16,
    nLayers: 1,
    nHeads: 2,
    mlpRatio: 2,
  };
  const experimentId = store.experiments.create({ name: 'analysis' });
  const runId = store.runs.create({
    experimentId,
    name: 'tiny',
    task: config.task,
    maskMode: config.mask.mode,
    seed: config.seed,
    config: config as unknown as Record<string, unknown>,
  });
  steps.forEach((step, i) => {
    const policy = createPolicy(model, 100 + i);
    const bytes = encodeTrainerState({
      step,
      weights: policy.getWeights(),
      optimizer: { step: 0, tensors: [] },
      rng: [1, 2, 3, 4],
    });
    policy.dispose();
    const path = checkpointPath(dataDir, runId, step);
    const { sha256, bytes: size } = writeCheckpointFile(path, bytes);
    store.checkpoints.add({ runId, step, path, sha256, bytes: size });
  });
  return runId;
}
