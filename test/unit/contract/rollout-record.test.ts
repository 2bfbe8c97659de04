// One rollout shape end to end: a record the engine produces crosses the trainer protocol (a
// structured clone, as the host's 'advanced' IPC makes one) and a real SQLite file, and comes
// back field for field.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutRecord } from '../../../src-main/contract/rollout';
import { parseTrainerMessage } from '../../../src-main/contract/trainer-protocol';
import { openStore } from '../../../src-main/store';
import { tinyStepSamples } from '../engine/model/helpers';

let dir: string;
let step: number;
let samples: RolloutRecord[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'fb-record-'));
  ({ step, samples } = await tinyStepSamples());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** |a − b| within float16's half-ulp relative error (2^-11), the stored precision of probs. */
const closeAsFloat16 = (a: number, b: number) => Math.abs(a - b) <= Math.abs(b) * 2 ** -11 + 1e-7;

describe('rollout record', () => {
  it('is the same from the engine, through the protocol and a database file, back out', () => {
    expect(samples).toHaveLength(4);
    // Every part the record can have is there, so the round trip checks each column.
    for (const s of samples) {
      expect(s.tokens.length).toBeGreaterThan(0);
      expect(s.mask).toHaveLength(s.tokens.length);
      expect(s.alternatives?.tokens).toHaveLength(s.alternatives!.k * s.tokens.length);
      expect(s.extra).toHaveProperty('answer');
    }

    const wire: unknown = structuredClone({ type: 'rollouts', step, samples });
    const parsed = parseTrainerMessage(wire);
    if (!parsed.ok) throw new Error(parsed.error);
    if (parsed.message.type !== 'rollouts') throw new Error(parsed.message.type);
    expect(parsed.message.samples).toEqual(samples);

    const path = join(dir, 'rt.db');
    const writer = openStore(path);
    const run = writer.runs.create({
      experimentId: writer.experiments.create({ name: 'e' }),
      name: 'r',
      task: 'arithmetic',
      maskMode: 'top',
      seed: 3,
      config: {},
    });
    writer.rollouts.insert(run, step, parsed.message.samples, { entropyPrecision: 'float32' });
    writer.close();
    const reader = openStore(path);
    const back = reader.rollouts.list(run, step);
    reader.close();

    expect(back).toHaveLength(samples.length);
    back.forEach((b, i) => {
      const want = samples[i]!;
      // Exact, key for key, but for the alternatives' probabilities (float16 on disk).
      expect({ ...b, alternatives: { ...b.alternatives!, probs: [] } }).toEqual({
        ...want,
        alternatives: { ...want.alternatives!, probs: [] },
        runId: run,
        step,
      });
      const probs = b.alternatives!.probs;
      expect(probs).toHaveLength(want.alternatives!.probs.length);
      probs.forEach((p, j) => expect(closeAsFloat16(p, want.alternatives!.probs[j]!)).toBe(true));
    });
  });

  it('takes a message that leaves the optional parts out, as nulls', () => {
    const parsed = parseTrainerMessage({
      type: 'rollouts',
      step: 1,
      samples: [
        {
          idx: 0,
          prompt: 'p',
          response: 'r',
          tokens: [4],
          entropies: [0.5],
          advantage: 0,
          reward: 1,
          correct: true,
        },
      ],
    });
    expect(parsed.ok && parsed.message.type === 'rollouts' && parsed.message.samples[0]).toEqual({
      idx: 0,
      prompt: 'p',
      response: 'r',
      tokens: [4],
      entropies: [0.5],
      logprobs: null,
      mask: null,
      alternatives: null,
      advantage: 0,
      reward: 1,
      correct: true,
      extra: null,
    });
  });
});
