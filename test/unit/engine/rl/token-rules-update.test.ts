// The token rules inside a real policy update and trainer step: KL-Cov on-policy is inert (and
// the run log says so), Clip-Cov changes exactly its k tokens, and each rule reports its metrics.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src-main/engine/backend';
import { createTrainer } from '../../../../src-main/engine/trainer';
import { fixturePolicies, fixtureTask, oneUpdate, ruleConfig } from './rule-fixture';

beforeAll(async () => {
  await initBackend('wasm');
}, 60_000);

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let d = 0;
  a.forEach((x, i) => x.forEach((v, j) => (d = Math.max(d, Math.abs(v - b[i]![j]!)))));
  return d;
}

describe('token rules in the update', () => {
  it('KL-Cov with one update per rollout moves the weights exactly as no rule does', async () => {
    const mask = { mode: 'all' as const };
    const none = await oneUpdate(ruleConfig({ mask }));
    const kl = await oneUpdate(
      ruleConfig({ mask, tokenRule: { kind: 'kl-cov', klCovRatio: 0.2, klCovCoef: 1 } }),
    );
    expect(kl.stats.rule!.changed).toBe(0);
    expect(kl.stats.rule!.inBand).toBeGreaterThan(0); // it picked its top-cov tokens…
    expect(kl.stats.rule!.absLogRatio).toBe(0); // …and |log r| was 0 on all of them
    expect(maxDiff(kl.after, none.after)).toBeLessThan(1e-6);
  }, 60_000);

  it('KL-Cov with two mini-batches penalises tokens and changes the update', async () => {
    const mask = { mode: 'all' as const };
    const rl = { miniBatches: 2 };
    const none = await oneUpdate(ruleConfig({ mask, rl }));
    const kl = await oneUpdate(
      ruleConfig({ mask, rl, tokenRule: { kind: 'kl-cov', klCovRatio: 0.2, klCovCoef: 1 } }),
    );
    expect(kl.stats.rule!.changed).toBeGreaterThan(0);
    expect(kl.stats.rule!.absLogRatio).toBeGreaterThan(0);
    expect(maxDiff(kl.after, none.after)).toBeGreaterThan(1e-6);
  }, 60_000);

  it('Clip-Cov zeroes max(1, ⌊ratio·N⌋) tokens per micro-batch, within the band', async () => {
    const cfg = ruleConfig({
      mask: { mode: 'all' },
      tokenRule: { kind: 'clip-cov', clipCovRatio: 0.05, clipCovLb: -100, clipCovUb: 100 },
    });
    const { stats } = await oneUpdate(cfg);
    // 4 micro-batches of 4 sequences; every valid unclipped token is in the wide band.
    expect(stats.rule!.valid).toBe(stats.responseTokens);
    expect(stats.rule!.changed).toBeGreaterThanOrEqual(4);
    expect(stats.rule!.changed).toBeLessThanOrEqual(Math.floor(0.05 * stats.responseTokens) + 4);
    expect(stats.gradShare.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
  }, 60_000);

  it('a trainer step logs the KL-Cov warning and reports the rule metrics', async () => {
    const { policy } = fixturePolicies();
    const start = policy.getWeights();
    const logs: string[] = [];
    const trainer = createTrainer({
      config: ruleConfig({ mask: { mode: 'all' }, tokenRule: { kind: 'kl-cov' } }),
      policy,
      task: fixtureTask,
      callbacks: { onLog: (m) => logs.push(m) },
    });
    expect(logs.some((l) => /warning tokenRule\.kind: KL-Cov is inert/.test(l))).toBe(true);
    const { metrics } = await trainer.step();
    trainer.dispose();
    policy.setWeights(start);
    for (const k of ['rule/changed_frac', 'rule/cov_mean', 'rule/cov_max', 'rule/abs_log_ratio'])
      expect(metrics).toHaveProperty([k]);
    expect(Object.keys(metrics).filter((k) => k.startsWith('grad/share_h_q'))).toHaveLength(5);
  }, 60_000);
});

describe('gradient share per entropy bin', () => {
  it('puts a top-20% update’s gradient in the top quintile, a bottom-80% one outside it', async () => {
    // Batch scope: one threshold over the same tokens the quintiles are taken over.
    const scope = { rho: 0.2, thresholdScope: 'batch' as const };
    const top = await oneUpdate(ruleConfig({ mask: { mode: 'top', ...scope } }));
    expect(top.stats.gradShare[4]).toBeGreaterThan(0.95);
    const bottom = await oneUpdate(ruleConfig({ mask: { mode: 'bottom', ...scope } }));
    expect(bottom.stats.gradShare[4]).toBeLessThan(0.05);
    const all = await oneUpdate(ruleConfig({ mask: { mode: 'all' } }));
    for (const v of all.stats.gradShare) expect(v).toBeGreaterThan(0.05);
  }, 60_000);
});
