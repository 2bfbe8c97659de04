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
import { createPolicy, tokenLogProbsAndEntropy } from '../../../src-main/engine/model';
import { getPreset, modelConfigFor } from '../../../src-main/engine/presets';
import { createRng } from '../../../src-main/engine/rng';
import { BOS_ID, VOCAB_SIZE, encode } from '../../../src-main/engine/tokenizer';
import { readCheckpointFile } from '../../../src-main/runner/checkpoints/checkpoint-files';
import { decodeTrainerState } from '../../../src-main/runner/checkpoints/state-codec';
import { microGradients, microJob } from '../../../src-main/engine/rl/micro-batch';
import type { Rollout } from '../../../src-main/engine/rl/types';
import { runPeerCheck, torchMissing, writePeerSpec } from '../../../scripts/peer/torch-rl';

const missing = torchMissing();

describe.skipIf(missing !== null)('PyTorch peer model equals the engine model', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('gives the same training and cached-decoding logits, and the same DAPO micro-batch gradient', () => {
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
    const prompts = [
      'nums 3 8 5 2 7 to 13\n',
      'nums 1 2 1 3 1 to 4\n',
      'nums 9 9 to 18\n',
      'nums 4 6 to 10\n',
    ].map((p) => [BOS_ID, ...encode(p)]);
    const feed = prompts.map(() => Array.from({ length: 12 }, () => 4 + rng.int(VOCAB_SIZE - 4)));
    const rows = prompts.map((p, i) => [...p, ...feed[i]!]);
    // One micro-batch of the update: the top-50% mask, ratios far from 1 on both sides (clip-low,
    // clip-high and dual-clip all bite), weighted as half of a mini-batch.
    const rolls = rows.map((row, b) => {
      const promptIds = prompts[b]!;
      const responseIds = row.slice(promptIds.length);
      // Old log-probs set so that r = π/π_old lands inside and outside [1 − ε_low, 1 + ε_high]
      // and, for A < 0, beyond the dual-clip cap c = 10.
      const lp = tf.tidy(() => {
        const ids = tf.tensor2d([row.slice(0, -1)], [1, row.length - 1], 'int32');
        const tgt = tf.tensor2d([row.slice(1)], [1, row.length - 1], 'int32');
        const t = config.rl.temperature;
        return tokenLogProbsAndEntropy(policy.logits(ids), tgt, t).logProbs.dataSync();
      });
      const ratios = [0.5, 0.95, 1.1, 1.6, 20];
      const old = responseIds.map(
        (_, j) => lp[promptIds.length - 1 + j]! - Math.log(ratios[(j + b) % ratios.length]!),
      );
      return {
        promptIds,
        responseIds,
        logProbs: Float32Array.from(old),
        advantage: b % 2 ? -1.3 : 0.9,
      };
    });
    const micro = {
      rolls: rolls.map((r) => ({
        prompt: r.promptIds,
        resp: r.responseIds,
        old: Array.from(r.logProbs),
        adv: r.advantage,
      })),
      weight: 0.5,
    };
    const top = { ...config, mask: { ...config.mask, mode: 'top' as const, rho: 0.5 } };
    const spec = writePeerSpec({ config: top, weights, problems: [], steps: 1 });
    const json = JSON.parse(readFileSync(spec, 'utf8'));
    writeFileSync(spec, JSON.stringify({ ...json, check: { rows, prompts, feed, micro } }));
    const peer = runPeerCheck(spec);
    const res = microGradients(policy, undefined, microJob(rolls as unknown as Rollout[], 0.5), {
      temperature: top.rl.temperature,
      clip: { epsLow: top.rl.epsLow, epsHigh: top.rl.epsHigh, dualClipC: top.rl.dualClipC || null },
      mode: top.mask.mode,
      rho: top.mask.rho,
      normalizer: top.mask.normalizer,
      klCoef: 0,
      entropyCoef: 0,
      rule: top.tokenRule,
    });
    expect(peer.loss).toBeCloseTo(res.loss, 5);
    const names = policy.getWeights().tensors.map((t) => t.name);
    let gradWorst = 0;
    let gradMax = 0;
    res.grads.forEach((g, i) => {
      const ours = g.dataSync();
      const theirs = peer.grads![names[i]!]!;
      ours.forEach((v, j) => {
        gradWorst = Math.max(gradWorst, Math.abs(v - theirs[j]!));
        gradMax = Math.max(gradMax, Math.abs(v));
      });
    });
    tf.dispose(res.grads);
    expect(res.mask.flatMap((m) => Array.from(m)).filter(Boolean).length).toBe(
      Math.ceil(0.5 * rolls.reduce((s, r) => s + r.responseIds.length, 0)),
    );
    expect(gradMax).toBeGreaterThan(1e-3);
    expect(gradWorst).toBeLessThan(1e-4 * Math.max(1, gradMax) + 1e-6);

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
