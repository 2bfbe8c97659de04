// The token-rule layer (contract/run-config-token-rule.ts): what each rule does to the tokens of
// one micro-batch, as plain arrays, so it can be checked by hand and run the same on any thread.
// The loss built from a plan lives in rule-loss.ts; reward-level rules (GTPO, GRPO-S, random
// reward) in entropy-rewards.ts and rollout.ts. "Valid" tokens are the ones the mask selected.
//   clip-cov:    cov = (A − mean A)(log π − mean log π) over valid tokens; among valid tokens the
//                PPO clip did not already cut, with lb < cov < ub, a random max(1, ⌊ratio·N⌋)
//                get their loss multiplied by 0 (verl compute_policy_loss_clip_cov; no dual-clip).
//   kl-cov:      the top max(1, ⌊ratio·N⌋) tokens by cov get −A·r + coef·|log r|, all others
//                −A·r; no ratio clip anywhere (verl compute_policy_loss_kl_cov).
//   archer:      per response, the q-quantile (linear, as torch.nanquantile) of its valid
//                tokens' entropies; tokens ≤ it clip at ±ε_low-band and carry KL coef low, tokens
//                above clip at ±ε_high-band and KL coef high (ArcherCodeR dp_actor).
//   entropy-adv: A' = A + min(α·H, |A|/κ) with H detached (Cheng et al., arXiv 2506.14758).
import type { TokenRuleConfig } from '../../contract/run-config';
import type { Rng } from '../rng';
import type { ClipSettings } from './loss';

/**
 * Sampler and trainer log-probs agree only to float rounding (~5e-7 here); verl recomputes the
 * old log-probs with the trainer, where they are equal. Below this |log r| counts as 0, so KL-Cov
 * with one update per rollout is inert here too instead of adding ±coef noise from sign(ε).
 */
export const LOG_RATIO_TOLERANCE = 1e-5;

export interface RuleTokens {
  /** Per sequence, response tokens only; entropies and log-probs of the current pass. */
  entropies: readonly ArrayLike<number>[];
  logProbs: readonly ArrayLike<number>[];
  oldLogProbs: readonly ArrayLike<number>[];
  /** Per-token advantages before the rule. */
  advantages: readonly ArrayLike<number>[];
  mask: readonly Uint8Array[];
}

export interface RuleStats {
  /** Valid (selected) tokens, and those the rule changed. */
  valid: number;
  changed: number;
  /** Covariance over valid tokens (cov rules only): sum, count, max. */
  covSum: number;
  covCount: number;
  covMax: number;
  /** Clip-Cov: valid unclipped tokens inside (lb, ub); KL-Cov: the top-k size. */
  inBand: number;
  /** KL-Cov: Σ |log r| over the penalised tokens (those outside the tolerance). */
  absLogRatio: number;
}

export interface RulePlan {
  kind: TokenRuleConfig['kind'];
  /** Per-token advantages after the rule. */
  advantages: Float32Array[];
  /** Multiplier of each token's loss (Clip-Cov zeroes); null = 1 everywhere. */
  weight: Float32Array[] | null;
  /** Per-token clip ranges (Archer); null = the run's ε_low / ε_high. */
  epsLow: Float32Array[] | null;
  epsHigh: Float32Array[] | null;
  /**
   * KL-Cov: coef·sign(log r) on the penalised tokens, 0 elsewhere and inside the tolerance; the
   * loss adds it times log r (= coef·|log r|, gradient coef·sign). No ratio clip in this rule.
   */
  signedLogRatioCoef: Float32Array[] | null;
  /** Archer: the k3 KL weight of each token: its band's coefficient over the band's count. */
  klWeight: Float32Array[] | null;
  /** 1 where the rule changed the token's loss or advantage. */
  changed: Uint8Array[];
  /** Per-token covariance (cov rules); NaN on invalid tokens. */
  cov: Float32Array[] | null;
  stats: RuleStats;
}

const zerosLike = (rows: readonly ArrayLike<number>[]) =>
  rows.map((r) => new Float32Array(r.length));

/** Linear-interpolated quantile (q in [0, 1]) of the values, like torch.quantile; NaN if empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[Math.ceil(pos)] as number;
  return a + (b - a) * (pos - lo);
}

/** cov_t = (A_t − mean A)(log π_t − mean log π) over valid tokens; NaN elsewhere. */
export function tokenCovariance(t: RuleTokens): Float32Array[] {
  let n = 0;
  let sumA = 0;
  let sumL = 0;
  t.mask.forEach((m, s) =>
    m.forEach((on, j) => {
      if (!on) return;
      n++;
      sumA += t.advantages[s]![j]!;
      sumL += t.logProbs[s]![j]!;
    }),
  );
  const meanA = n ? sumA / n : 0;
  const meanL = n ? sumL / n : 0;
  return t.mask.map((m, s) =>
    Float32Array.from(m, (on, j) =>
      on ? (t.advantages[s]![j]! - meanA) * (t.logProbs[s]![j]! - meanL) : NaN,
    ),
  );
}

/** k of the cov rules: max(1, ⌊ratio·N⌋), float noise guarded as mask.topCount is. */
export function covCount(ratio: number, valid: number): number {
  return valid === 0 ? 0 : Math.min(valid, Math.max(1, Math.floor(ratio * valid + 1e-9)));
}

function emptyStats(): RuleStats {
  return {
    valid: 0,
    changed: 0,
    covSum: 0,
    covCount: 0,
    covMax: -Infinity,
    inBand: 0,
    absLogRatio: 0,
  };
}

function covStats(stats: RuleStats, cov: Float32Array[]): void {
  for (const row of cov)
    for (const c of row) {
      if (Number.isNaN(c)) continue;
      stats.covSum += c;
      stats.covCount++;
      stats.covMax = Math.max(stats.covMax, c);
    }
}

/** The plan of `rule` for one micro-batch. Clip-Cov needs `rng` (its random pick). */
export function planRule(
  rule: TokenRuleConfig,
  clip: ClipSettings,
  t: RuleTokens,
  rng?: Rng,
): RulePlan {
  const stats = emptyStats();
  t.mask.forEach((m) => m.forEach((on) => (stats.valid += on)));
  const plan: RulePlan = {
    kind: rule.kind,
    advantages: t.advantages.map((a) => Float32Array.from(a)),
    weight: null,
    epsLow: null,
    epsHigh: null,
    signedLogRatioCoef: null,
    klWeight: null,
    changed: t.mask.map((m) => new Uint8Array(m.length)),
    cov: null,
    stats,
  };
  const mark = (s: number, j: number) => {
    plan.changed[s]![j] = 1;
    stats.changed++;
  };
  const valid: { s: number; j: number }[] = [];
  t.mask.forEach((m, s) => m.forEach((on, j) => on && valid.push({ s, j })));

  switch (rule.kind) {
    case 'clip-cov': {
      if (!rng) throw new Error('clip-cov needs an rng for its random pick');
      const cov = tokenCovariance(t);
      plan.cov = cov;
      covStats(stats, cov);
      const candidates = valid.filter(({ s, j }) => {
        const c = cov[s]![j]!;
        const a = t.advantages[s]![j]!;
        const r = Math.exp(t.logProbs[s]![j]! - t.oldLogProbs[s]![j]!);
        const clipped = Math.min(Math.max(r, 1 - clip.epsLow), 1 + clip.epsHigh);
        // verl: clip_by_origin = the clipped branch is the larger loss; those are left alone.
        return !(-a * clipped > -a * r) && c > rule.clipCovLb && c < rule.clipCovUb;
      });
      stats.inBand = candidates.length;
      plan.weight = t.mask.map((m) => new Float32Array(m.length).fill(1));
      const order = rng.shuffle(candidates.map((_, i) => i));
      const k = Math.min(covCount(rule.clipCovRatio, valid.length), candidates.length);
      for (const i of order.slice(0, k)) {
        const { s, j } = candidates[i]!;
        plan.weight[s]![j] = 0;
        mark(s, j);
      }
      break;
    }
    case 'kl-cov': {
      const cov = tokenCovariance(t);
      plan.cov = cov;
      covStats(stats, cov);
      // Highest covariance first; ties by position (stable sort), as mask.ts.
      const ranked = [...valid].sort((a, b) => cov[b.s]![b.j]! - cov[a.s]![a.j]!);
      plan.signedLogRatioCoef = zerosLike(t.mask);
      for (const { s, j } of ranked.slice(0, covCount(rule.klCovRatio, valid.length))) {
        const lr = t.logProbs[s]![j]! - t.oldLogProbs[s]![j]!;
        if (Math.abs(lr) <= LOG_RATIO_TOLERANCE) continue;
        plan.signedLogRatioCoef[s]![j] = rule.klCovCoef * Math.sign(lr);
        stats.absLogRatio += Math.abs(lr);
        if (rule.klCovCoef > 0) mark(s, j);
      }
      stats.inBand = covCount(rule.klCovRatio, valid.length);
      break;
    }
    case 'archer': {
      plan.epsLow = zerosLike(t.mask);
      plan.epsHigh = zerosLike(t.mask);
      const low = t.mask.map((m) => new Uint8Array(m.length));
      t.mask.forEach((m, s) => {
        const ents: number[] = [];
        m.forEach((on, j) => on && ents.push(t.entropies[s]![j]!));
        const q = quantile(ents, rule.archerQuantile);
        m.forEach((on, j) => {
          if (!on) return;
          const isLow = t.entropies[s]![j]! <= q;
          low[s]![j] = isLow ? 1 : 0;
          const eps = isLow ? rule.archerLowClip : rule.archerHighClip;
          plan.epsLow![s]![j] = eps;
          plan.epsHigh![s]![j] = eps;
          if (!isLow) mark(s, j);
        });
      });
      let nLow = 0;
      low.forEach((m) => m.forEach((v) => (nLow += v)));
      const nHigh = valid.length - nLow;
      plan.klWeight = t.mask.map((m, s) =>
        Float32Array.from(m, (on, j) =>
          !on
            ? 0
            : low[s]![j]
              ? rule.archerLowKl / Math.max(1, nLow)
              : rule.archerHighKl / Math.max(1, nHigh),
        ),
      );
      break;
    }
    case 'entropy-adv':
      for (const { s, j } of valid) {
        const a = t.advantages[s]![j]!;
        const bonus = Math.min(
          rule.entAdvAlpha * t.entropies[s]![j]!,
          Math.abs(a) / rule.entAdvKappa,
        );
        if (bonus === 0) continue;
        plan.advantages[s]![j] = a + bonus;
        mark(s, j);
      }
      break;
    default:
      // none, and the reward-level rules: their advantages arrive already shaped.
      break;
  }
  if (stats.covCount === 0) stats.covMax = NaN;
  return plan;
}

/** Does the rule need reference (base-model) log-probs? Archer's KL does. */
export function ruleNeedsReference(rule: TokenRuleConfig): boolean {
  return rule.kind === 'archer' && (rule.archerLowKl > 0 || rule.archerHighKl > 0);
}
