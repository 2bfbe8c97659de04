import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPolicy } from '../../../src-main/engine/model';
import { createRng } from '../../../src-main/engine/rng';
import type { SftProgress } from '../../../src-main/engine/sft/train-sft';
import { demonstrationBatch, trainSft } from '../../../src-main/engine/sft/train-sft';
import { createArithmeticTask, createTask } from '../../../src-main/engine/tasks';
import { BOS_ID, VOCAB_SIZE, encode } from '../../../src-main/engine/tokenizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SFT', () => {
  it('masks exactly the response targets (demonstration + EOS)', () => {
    const task = createTask('countdown');
    const b = demonstrationBatch(task, 3, createRng(1), 128);
    for (let i = 0; i < 3; i++) {
      const row = b.inputs[i]!;
      expect(row[0]).toBe(BOS_ID);
      const promptLen = 1 + encode('nums').length; // at least BOS + "nums"
      expect(b.mask[i * b.L + promptLen - 2]).toBe(0);
    }
    expect(b.responseTokens).toBeGreaterThan(0);
  });

  it('lowers the loss, reports progress and honours the step budget', async () => {
    const task = createArithmeticTask({ minOps: 1, maxOps: 1, maxOperand: 9 });
    const policy = createPolicy(
      { vocabSize: VOCAB_SIZE, contextLength: 48, dModel: 32, nLayers: 1, nHeads: 2, mlpRatio: 2 },
      1,
    );
    const progress: SftProgress[] = [];
    const r = await trainSft({
      policy,
      task,
      steps: 12,
      batchSize: 8,
      lr: 5e-3,
      progressEvery: 4,
      onProgress: (p) => progress.push(p),
    });
    expect(r.steps).toBe(12);
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0]!.loss);
    expect(progress[0]!.loss).toBeLessThan(Math.log(VOCAB_SIZE) + 1);
    const stopped = await trainSft({ policy, task, steps: 30, shouldStop: () => true });
    expect(stopped.steps).toBe(0);
    policy.dispose();
  });
});
