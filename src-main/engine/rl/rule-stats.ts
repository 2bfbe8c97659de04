// Bookkeeping around the token rules: advantages shaped before the update (GTPO, GRPO-S), the
// rule's counts summed over micro-batches, the gradient share per entropy bin, and the per-step
// metrics they become.
import type { RunConfig } from '../../contract/run-config';
import { grpoSAdvantages, gtpoAdvantages } from './entropy-rewards';
import type { Rollout } from './rollout';
import type { RuleStats } from './token-rules';

export function shapedAdvantages(
  rollouts: readonly Rollout[],
  config: RunConfig,
): Map<Rollout, Float32Array> | null {
  const { tokenRule: t, rl } = config;
  const s = { alpha1: t.gtpoAlpha1, alpha2: t.gtpoAlpha2 };
  if (t.kind === 'gtpo') return gtpoAdvantages(rollouts, rl.groupSize, s);
  if (t.kind === 'grpo-s') return grpoSAdvantages(rollouts, rl.groupSize, s);
  return null;
}

export function mergeRuleStats(a: RuleStats | null, b: RuleStats): RuleStats {
  if (!a) return { ...b };
  const max = [a.covMax, b.covMax].filter((v) => !Number.isNaN(v));
  return {
    valid: a.valid + b.valid,
    changed: a.changed + b.changed,
    covSum: a.covSum + b.covSum,
    covCount: a.covCount + b.covCount,
    covMax: max.length ? Math.max(...max) : NaN,
    inBand: a.inBand + b.inBand,
    absLogRatio: a.absLogRatio + b.absLogRatio,
  };
}

/**
 * Σ g per equal-count entropy bin over Σ g (bins by rank, lowest entropy first; ties by order).
 * All zeros when there is no gradient.
 */
export function entropyBinShares(
  tokens: readonly { h: number; g: number }[],
  bins: number,
): number[] {
  const out = new Array<number>(bins).fill(0);
  const ranked = tokens.map((t, i) => ({ ...t, i })).sort((a, b) => a.h - b.h || a.i - b.i);
  const total = tokens.reduce((a, t) => a + t.g, 0);
  if (!(total > 0)) return out;
  ranked.forEach((t, rank) => {
    out[Math.min(bins - 1, Math.floor((rank * bins) / ranked.length))]! += t.g / total;
  });
  return out;
}

/** Per-step metrics of the rule (only for a run with one, so old runs keep their metric set). */
export function ruleMetrics(
  config: RunConfig,
  rule: RuleStats | null,
  gradShare: readonly number[],
  rewardFlipped: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  gradShare.forEach((v, i) => (out[`grad/share_h_q${i + 1}`] = v));
  if (config.tokenRule.kind === 'none') return out;
  out['rule/changed_frac'] = rule && rule.valid ? rule.changed / rule.valid : 0;
  if (config.tokenRule.kind === 'random-reward') out['rule/changed_frac'] = rewardFlipped;
  if (rule && (config.tokenRule.kind === 'clip-cov' || config.tokenRule.kind === 'kl-cov')) {
    out['rule/cov_mean'] = rule.covCount ? rule.covSum / rule.covCount : NaN;
    out['rule/cov_max'] = rule.covMax;
    if (config.tokenRule.kind === 'clip-cov')
      out['rule/cov_band_frac'] = rule.valid ? rule.inBand / rule.valid : 0;
    else out['rule/abs_log_ratio'] = rule.changed ? rule.absLogRatio / rule.changed : 0;
  }
  return out;
}
