// The token-rules preset: its eight arms from one base setting, the same rl section for all,
// at least two updates per rollout (so KL-Cov is not inert), and no warning on any arm.
import { describe, expect, it } from 'vitest';
import { parseRunConfig, runConfigWarnings } from '../../../src-main/contract/run-config';
import { getPreset } from '../../../src-main/engine/presets';
import { tokenRulesPreset } from '../../../src-main/engine/presets-token-rules';

const parsed = (overrides: unknown) => {
  const r = parseRunConfig(overrides);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('token-rules preset', () => {
  it('has the eight arms, each valid, with one rl section of 2+ mini-batches', () => {
    const preset = getPreset('token-rules')!;
    const runs = preset.runs.map((r) => ({ name: r.name, c: parsed(r.overrides) }));
    expect(
      runs.map(
        (r) =>
          `${r.c.mask.mode}${r.c.mask.mode === 'all' ? '' : r.c.mask.rho}/${r.c.tokenRule.kind}`,
      ),
    ).toEqual([
      'all/none',
      'top0.2/none',
      'all/clip-cov',
      'all/kl-cov',
      'all/archer',
      'all/entropy-adv',
      'random0.2/none',
      'all/random-reward',
    ]);
    for (const r of runs) {
      expect(r.c.rl).toEqual(runs[0]!.c.rl);
      expect(runConfigWarnings(r.c)).toEqual([]);
    }
    expect(runs[0]!.c.rl.miniBatches).toBeGreaterThanOrEqual(2);
    const kl = runs[3]!.c.tokenRule;
    expect([kl.klCovRatio, kl.klCovCoef]).toEqual([2e-3, 1]);
  });
  it('raises one mini-batch to the next count that divides the prompts', () => {
    const p = tokenRulesPreset({
      task: 'arithmetic',
      rl: { promptsPerStep: 9, miniBatches: 1, microBatchSize: 8 },
    });
    expect(parsed(p.runs[0]!.overrides).rl.miniBatches).toBe(3);
    expect(() => tokenRulesPreset({ rl: { promptsPerStep: 1 } })).toThrow(/promptsPerStep 1/);
  });
});

describe('token-rules sweep', () => {
  it('names each run by its arm and seed only', async () => {
    const { findPreset } = await import('../../../src-main/services/presets');
    const { planSweep } = await import('../../../src-main/contract/config/sweep');
    const p = findPreset('token-rules')!;
    const runs = planSweep({ base: p.config ?? {}, arms: p.arms, seeds: [0, 1] });
    expect(runs.map((r) => r.name).slice(0, 4)).toEqual([
      'all tokens · seed 0',
      'all tokens · seed 1',
      'top 20% · seed 0',
      'top 20% · seed 1',
    ]);
    expect(runs).toHaveLength(16);
  });
});
