// Same-rollout comparison of the token rules: on one stored rollout batch, which tokens each
// rule selects or up-weights, and how much those sets overlap (Jaccard). Stored samples carry
// entropies, log-probs and advantages of the pass that trained on them, so the rules are
// evaluated on-policy (old log π = log π): the view shows what each rule picks, not a replay of
// an off-policy update. Parameters are the run config's (mask.rho, tokenRule.*).
//   top / bottom / random:  the entropy mask (mask.ts) over the batch, at the run's ρ.
//   clip-cov:   the tokens whose gradient it would zero (random pick, seeded by the step).
//   kl-cov:     the top-cov tokens that get the |log r| penalty once the policy moves.
//   archer:     the high-entropy band of each response (looser clip, no KL).
//   entropy-adv, gtpo, grpo-s: tokens whose advantage magnitude the rule raises above the
//               response's GRPO advantage; `weight` is |A′| / |A| (1 where unchanged).
import type { RunConfig } from '../../contract/run-config';
import { createRng } from '../rng';
import { grpoSAdvantages, gtpoAdvantages } from '../rl/entropy-rewards';
import { selectTokens } from '../rl/mask';
import type { Rollout } from '../rl/rollout';
import { planRule } from '../rl/token-rules';

import { COMPARED_RULE_IDS } from '../../contract/api-analysis';

export const COMPARED_RULES = COMPARED_RULE_IDS;
export type ComparedRule = (typeof COMPARED_RULES)[number];

export interface ComparisonSample {
  entropies: ArrayLike<number>;
  logProbs: ArrayLike<number>;
  advantage: number;
  reward: number;
  correct: boolean;
}

export interface RuleSelection {
  rule: ComparedRule;
  /** Per sample, 1 = selected / up-weighted. */
  selected: Uint8Array[];
  /** Per sample and token: gradient weight relative to the plain update (1 = unchanged). */
  weight: Float32Array[];
  count: number;
}

export interface RuleComparisonResult {
  tokens: number;
  rules: RuleSelection[];
  /** jaccard[i][j] = |S_i ∩ S_j| / |S_i ∪ S_j| (1 on the diagonal; 0 when both are empty). */
  jaccard: number[][];
}

const ones = (samples: readonly ComparisonSample[]) =>
  samples.map((s) => new Float32Array(s.entropies.length).fill(1));

function upweighted(
  samples: readonly ComparisonSample[],
  shaped: (i: number) => ArrayLike<number>,
): Pick<RuleSelection, 'selected' | 'weight'> {
  const selected = samples.map((s) => new Uint8Array(s.entropies.length));
  const weight = ones(samples);
  samples.forEach((s, i) => {
    const a = shaped(i);
    const base = Math.abs(s.advantage);
    for (let j = 0; j < s.entropies.length; j++) {
      const mag = Math.abs(a[j] as number);
      weight[i]![j] = base > 0 ? mag / base : mag > 0 ? Infinity : 1;
      if (mag > base + 1e-6) selected[i]![j] = 1;
    }
  });
  return { selected, weight };
}

function selectionOf(
  rule: ComparedRule,
  samples: readonly ComparisonSample[],
  config: RunConfig,
  groupSize: number,
  seed: number,
): Pick<RuleSelection, 'selected' | 'weight'> {
  const entropies = samples.map((s) => s.entropies);
  if (rule === 'top' || rule === 'bottom' || rule === 'random') {
    const m = selectTokens(entropies, rule, config.mask.rho, createRng(seed));
    return { selected: m.mask, weight: m.mask.map((row) => Float32Array.from(row)) };
  }
  if (rule === 'gtpo' || rule === 'grpo-s') {
    const rollouts = samples.map(
      (s) =>
        ({
          responseIds: Array.from(s.entropies, () => 0),
          entropies: Float32Array.from(s.entropies),
          correct: s.correct,
          reward: s.reward,
        }) as unknown as Rollout,
    );
    const t = config.tokenRule;
    const settings = { alpha1: t.gtpoAlpha1, alpha2: t.gtpoAlpha2 };
    const adv = (rule === 'gtpo' ? gtpoAdvantages : grpoSAdvantages)(rollouts, groupSize, settings);
    return upweighted(samples, (i) => adv.get(rollouts[i]!)!);
  }
  const plan = planRule(
    { ...config.tokenRule, kind: rule },
    {
      epsLow: config.rl.epsLow,
      epsHigh: config.rl.epsHigh,
      dualClipC: config.rl.dualClipC || null,
    },
    {
      entropies,
      logProbs: samples.map((s) => s.logProbs),
      oldLogProbs: samples.map((s) => s.logProbs),
      advantages: samples.map((s) => new Float32Array(s.entropies.length).fill(s.advantage)),
      mask: samples.map((s) => new Uint8Array(s.entropies.length).fill(1)),
    },
    createRng(seed),
  );
  if (rule === 'entropy-adv') return upweighted(samples, (i) => plan.advantages[i]!);
  if (rule === 'kl-cov') {
    // On-policy the penalty is 0: the set is the top-cov tokens it would act on.
    const k = plan.stats.inBand;
    const ranked = samples
      .flatMap((s, i) => Array.from(s.entropies, (_, j) => ({ i, j, c: plan.cov![i]![j]! })))
      .sort((a, b) => b.c - a.c)
      .slice(0, k);
    const selected = samples.map((s) => new Uint8Array(s.entropies.length));
    for (const { i, j } of ranked) selected[i]![j] = 1;
    return { selected, weight: ones(samples) };
  }
  const weight = plan.weight ?? ones(samples);
  if (rule === 'archer') {
    // Weight: the high band's clip range relative to the low band's.
    const ratio = config.tokenRule.archerHighClip / config.tokenRule.archerLowClip;
    return {
      selected: plan.changed,
      weight: plan.changed.map((row) => Float32Array.from(row, (c) => (c ? ratio : 1))),
    };
  }
  return { selected: plan.changed, weight };
}

export function compareRules(
  samples: readonly ComparisonSample[],
  config: RunConfig,
  options: { groupSize: number; seed: number; rules?: readonly ComparedRule[] },
): RuleComparisonResult {
  const rules = (options.rules ?? COMPARED_RULES).map((rule): RuleSelection => {
    const sel = selectionOf(rule, samples, config, options.groupSize, options.seed);
    let count = 0;
    sel.selected.forEach((row) => row.forEach((v) => (count += v)));
    return { rule, ...sel, count };
  });
  const jaccard = rules.map((a) =>
    rules.map((b) => {
      let inter = 0;
      let union = 0;
      a.selected.forEach((row, i) =>
        row.forEach((v, j) => {
          const w = b.selected[i]![j]!;
          if (v && w) inter++;
          if (v || w) union++;
        }),
      );
      return union === 0 ? (a === b ? 1 : 0) : inter / union;
    }),
  );
  const tokens = samples.reduce((n, s) => n + s.entropies.length, 0);
  return { tokens, rules, jaccard };
}
