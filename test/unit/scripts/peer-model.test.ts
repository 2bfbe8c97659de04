// The PyTorch peer RL step must run the same model as Forkbench, or the bench compares unlike
// work. With the shipped quick-demo base loaded into both, the peer's training forward and its
// KV-cache decoder (left-padded prompts of different lengths, per-row positions) must give the
// logits that policy.logits gives on the same sequences. Needs Debian's python3-torch.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { initBackend } from '../../../src-main/engine/backend';
import { createPolicy } from '../../../src-main/engine/model';
import { getPreset, modelConfigFor } from '../../../src-main/engine/presets';
import { createRng } from '../../../src-main/engine/rng';
import { BOS_ID, VOCAB_SIZE, encode } from '../../../src-main/engine/tokenizer';
import { readCheckpointFile } from '../../../src-main/runner/checkpoints/checkpoint-files';
import { decodeTrainerState } from '../../../src-main/runner/checkpoints/state-codec';
import { runPeerCheck, torchMissing, writePeerSpec } from '../../../scripts/peer/torch-rl';

const missing = torchMissing();

describe.skipIf(missing !== null)('PyTorch peer model equals the engine model', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('gives the same training and cached-decoding logits', () => {
    const parsed = parseRunConfig(
      JSON.parse(JSON.stringify(getPreset('quick-demo')!.runs[0]!.overrides)),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const config = parsed.value;
    const ckpt = resolve(import.meta.dirname, `../../../resources/base-models/${config.base}.ckpt`);
    const weights = decodeTrainerState(readCheckpointFile(ckpt)).weights;
    const policy = createPolicy(modelConfigFor(config.model), 0);
    policy.setWeights(weights);
    const rng = createRng(5);
    // Prompts of different lengths (2- and 1-digit targets), then the same fed continuation.
    const prompts = ['nums 3 8 5 2 7 to 13\n', 'nums 1 2 1 3 1 to 4\n', 'nums 9 9 to 18\n'].map(
      (p) => [BOS_ID, ...encode(p)],
    );
    const feed = prompts.map(() => Array.from({ length: 6 }, () => 4 + rng.int(VOCAB_SIZE - 4)));
    const rows = prompts.map((p, i) => [...p, ...feed[i]!]);
    const spec = writePeerSpec({ config, weights, problems: [], steps: 1 });
    const json = JSON.parse(readFileSync(spec, 'utf8'));
    writeFileSync(spec, JSON.stringify({ ...json, check: { rows, prompts, feed } }));
    const peer = runPeerCheck(spec);

    const V = VOCAB_SIZE;
    let worst = 0;
    rows.forEach((row, b) => {
      const ours = tf.tidy(
        () =>
          policy.logits(tf.tensor2d([row], [1, row.length], 'int32')).dataSync() as Float32Array,
      );
      peer.train[b]!.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ours[i]!))));
      // Decoder step s predicts the token after prompt + s fed tokens.
      const start = prompts[b]!.length - 1;
      peer.decode[b]!.forEach((v, i) => {
        const at = (start + Math.floor(i / V)) * V + (i % V);
        worst = Math.max(worst, Math.abs(v - ours[at]!));
      });
    });
    policy.dispose();
    expect(peer.train[0]!.length).toBe(rows[0]!.length * V);
    expect(peer.decode[0]!.length).toBe((feed[0]!.length + 1) * V);
    expect(worst).toBeLessThan(1e-3);
  });
});
