// Checkpoint files are whole or absent, verified by hash; trainer state survives the codec.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkpointPath,
  readCheckpointFile,
  writeCheckpointFile,
} from '../../../src-main/runner/checkpoints/checkpoint-files';
import {
  decodeTrainerState,
  encodeTrainerState,
} from '../../../src-main/runner/checkpoints/state-codec';
import type { Harness } from './helpers';
import { harness, run, SCRIPTED_ENTRY, scriptedRun } from './helpers';

let dir = '';
let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('checkpoint files', () => {
  it('writes atomically under checkpoints/run-<id>/step-<n>.ckpt and checks the hash', () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-ckpt-'));
    const path = checkpointPath(dir, 7, 12);
    expect(path).toBe(join(dir, 'checkpoints', 'run-7', 'step-12.ckpt'));
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const { sha256, bytes: n } = writeCheckpointFile(path, bytes);
    expect(n).toBe(4);
    expect(readdirSync(join(dir, 'checkpoints', 'run-7'))).toEqual(['step-12.ckpt']); // no temp left
    expect(Array.from(readCheckpointFile(path, sha256))).toEqual([1, 2, 3, 250]);
    writeFileSync(path, new Uint8Array([1, 2, 3]));
    expect(() => readCheckpointFile(path, sha256)).toThrow(/damaged/);
  });

  it('round-trips trainer state exactly', () => {
    const state = {
      step: 9,
      rng: [1, 2, 3, 4] as [number, number, number, number],
      weights: {
        config: { vocabSize: 5, contextLength: 8, dModel: 2, nLayers: 1, nHeads: 1, mlpRatio: 1 },
        tensors: [{ name: 'w', shape: [3], data: new Float32Array([0.1, -2, 3e-8]) }],
      },
      optimizer: {
        step: 4,
        tensors: [{ name: 'm0', shape: [1], data: new Float32Array([Math.PI]) }],
      },
    };
    const back = decodeTrainerState(encodeTrainerState(state));
    expect(back).toEqual(state);
    // The thread count the run used travels with it; older checkpoints have none.
    expect(decodeTrainerState(encodeTrainerState({ ...state, threads: 2 })).threads).toBe(2);
    expect('threads' in back).toBe(false);
  });

  it('fails the run with a clear message when the checkpoint folder cannot be written', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-ckpt-'));
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    h = harness({ entry: SCRIPTED_ENTRY, dataDir: notADir });
    const id = scriptedRun(h.wb, { steps: 3, checkpointEvery: 1 });
    h.wb.queue.start();
    expect(await h.wb.queue.waitFor(id)).toBe('failed');
    expect(run(h.wb, id).error).toMatch(/^cannot write checkpoint .*run-\d+\/step-1\.g1\.ckpt/);
  });
});
