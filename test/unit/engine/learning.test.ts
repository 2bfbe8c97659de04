// LEARNING TEST: from the shipped pair-search base, RL with the quick demo's settings must raise
// HELD-OUT accuracy (unseen prompts), not only the training reward. Seeded: same backend, same
// numbers. The base imitates an impatient searcher that gives up after a failed try; RL teaches
// it to keep searching, which transfers to prompts it never saw (docs/science.md).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { initBackend } from '../../../src-main/engine/backend';
import { createPolicy } from '../../../src-main/engine/model';
import { getPreset, modelConfigFor } from '../../../src-main/engine/presets';
import { createTrainer } from '../../../src-main/engine/trainer';
import { readCheckpointFile } from '../../../src-main/runner/checkpoints/checkpoint-files';
import { decodeTrainerState } from '../../../src-main/runner/checkpoints/state-codec';

const STEPS = 30;
const EVAL = { k: 4, temperature: 1, maxProblems: 200 };

describe('learning', () => {
  it('quick-demo RL raises held-out avg@4 from the shipped base', async () => {
    await initBackend('wasm');
    const demo = getPreset('quick-demo')!.runs[0]!.overrides;
    const r = parseRunConfig({ ...demo, rl: { ...demo.rl, steps: STEPS }, seed: 0 });
    if (!r.ok) throw new Error(r.message);
    const file = resolve(
      import.meta.dirname,
      `../../../resources/base-models/${r.value.base}.ckpt`,
    );
    const policy = createPolicy(modelConfigFor(r.value.model), 0);
    policy.setWeights(decodeTrainerState(readCheckpointFile(file)).weights);
    const trainer = createTrainer({ config: r.value, policy });
    const before = await trainer.evaluate('pair-heldout', EVAL);
    for (let i = 0; i < STEPS; i++) await trainer.step();
    const after = await trainer.evaluate('pair-heldout', EVAL);
    console.log(
      `held-out avg@4: ${before.avgAtK.toFixed(3)} ± ${before.stdErr.toFixed(3)} → ${after.avgAtK.toFixed(3)} ± ${after.stdErr.toFixed(3)}`,
    );
    // Measured here: see the comment below once recorded; the margin is about two standard errors.
    expect(after.avgAtK).toBeGreaterThan(before.avgAtK + 0.05);
    trainer.dispose();
    policy.dispose();
  }, 300_000);
});
