// The tokenRule section: source defaults, validation by field, and the warnings (never errors)
// for settings that do nothing, such as KL-Cov with one optimizer step per rollout batch.
import { describe, expect, it } from 'vitest';
import {
  defaultRunConfig,
  parseRunConfig,
  runConfigFields,
  runConfigWarnings,
} from '../../../src-main/contract/run-config';

describe('tokenRule config', () => {
  it('defaults to no rule, with each rule’s source defaults', () => {
    const t = defaultRunConfig().tokenRule;
    expect(t.kind).toBe('none');
    expect([t.clipCovRatio, t.clipCovLb, t.clipCovUb]).toEqual([2e-4, 1, 5]);
    expect([t.klCovRatio, t.klCovCoef]).toEqual([2e-4, 0.1]);
    expect([
      t.archerQuantile,
      t.archerLowClip,
      t.archerHighClip,
      t.archerLowKl,
      t.archerHighKl,
    ]).toEqual([0.8, 0.2, 0.5, 0.001, 0]);
    expect(t.randomRewardP).toBe(0.5);
    expect(runConfigFields.filter((f) => f.path.startsWith('tokenRule.')).length).toBe(16);
  });
  it('refuses bad values naming the field', () => {
    const bad = (tokenRule: Record<string, unknown>) => parseRunConfig({ tokenRule });
    expect(bad({ kind: 'clipcov' })).toMatchObject({ ok: false, field: 'tokenRule.kind' });
    expect(bad({ clipCovRatio: 0 })).toMatchObject({ ok: false, field: 'tokenRule.clipCovRatio' });
    expect(bad({ clipCovLb: 5, clipCovUb: 2 })).toMatchObject({
      ok: false,
      field: 'tokenRule.clipCovUb',
      message: 'tokenRule.clipCovUb: must be greater than tokenRule.clipCovLb (5)',
    });
    expect(bad({ entAdvKappa: 0 })).toMatchObject({ ok: false, field: 'tokenRule.entAdvKappa' });
    expect(bad({ typo: 1 })).toMatchObject({ ok: false, field: 'tokenRule.typo' });
  });
  it('warns that KL-Cov is inert with one update per rollout, and not with two', () => {
    const cfg = (rl: Record<string, unknown>) => {
      const r = parseRunConfig({ tokenRule: { kind: 'kl-cov' }, rl });
      if (!r.ok) throw new Error(r.message);
      return r.value;
    };
    const one = runConfigWarnings(cfg({ miniBatches: 1, ppoEpochs: 1 }));
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ field: 'tokenRule.kind' });
    expect(one[0]!.message).toMatch(/KL-Cov is inert/);
    expect(runConfigWarnings(cfg({ miniBatches: 2, ppoEpochs: 1 }))).toEqual([]);
    expect(runConfigWarnings(cfg({ miniBatches: 1, ppoEpochs: 2 }))).toEqual([]);
    expect(runConfigWarnings(defaultRunConfig())).toEqual([]);
  });
});
