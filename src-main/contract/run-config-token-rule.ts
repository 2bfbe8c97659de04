// The token-rule section of the run config: the token-level RLVR rules published after the
// paper, and two controls, as one pluggable layer beside the entropy mask. Each rule works on the
// tokens the mask selects (mask.mode = all: every response token). Defaults are the sources':
// verl's actor.yaml / core_algos.py for Clip-Cov and KL-Cov, ArcherCodeR's scripts for Archer,
// the papers (via the research notes) for the others; docs/token-rules.md says which are verified.
import { z } from 'zod';
import { field, positive } from './run-config-fields';

export const TOKEN_RULES = [
  'none',
  'clip-cov',
  'kl-cov',
  'archer',
  'entropy-adv',
  'gtpo',
  'grpo-s',
  'random-reward',
] as const;
export type TokenRuleKind = (typeof TOKEN_RULES)[number];

const fraction = (what: string) =>
  z.number().gt(0, `${what} must be in (0, 1]`).max(1, `${what} must be in (0, 1]`);

export const tokenRule = z.strictObject({
  kind: field('tokenRule.kind', z.enum(TOKEN_RULES), {
    description:
      'Token-level rule: none, Clip-Cov / KL-Cov (Cui et al.), Archer dual-token clipping, entropy-based advantage (Cheng et al.), GTPO / GRPO-S entropy-weighted rewards (Tan et al.), or the random-reward control',
    unit: '',
    default: 'none',
    kind: 'enum',
    options: TOKEN_RULES,
  }),
  clipCovRatio: field('tokenRule.clipCovRatio', fraction('the ratio'), {
    description: 'Clip-Cov: share of tokens whose gradient is zeroed, at least 1 (verl 2e-4)',
    unit: 'fraction',
    default: 2e-4,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['clip-cov'] },
  }),
  clipCovLb: field('tokenRule.clipCovLb', z.number(), {
    description: 'Clip-Cov: lower covariance bound of the candidate band (verl 1)',
    unit: '',
    default: 1,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['clip-cov'] },
  }),
  clipCovUb: field('tokenRule.clipCovUb', z.number(), {
    description: 'Clip-Cov: upper covariance bound of the candidate band (verl 5)',
    unit: '',
    default: 5,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['clip-cov'] },
  }),
  klCovRatio: field('tokenRule.klCovRatio', fraction('the ratio'), {
    description:
      'KL-Cov: share of highest-covariance tokens penalised, at least 1 (verl 2e-4; 7B recipe 2e-3)',
    unit: 'fraction',
    default: 2e-4,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['kl-cov'] },
  }),
  klCovCoef: field('tokenRule.klCovCoef', z.number().min(0, 'must be ≥ 0'), {
    description: 'KL-Cov: coefficient of |log r| on those tokens (verl YAML 0.1; recipes 1)',
    unit: '',
    default: 0.1,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['kl-cov'] },
  }),
  archerQuantile: field('tokenRule.archerQuantile', fraction('the quantile'), {
    description: 'Archer: per-response entropy quantile splitting low from high tokens (0.8)',
    unit: 'quantile',
    default: 0.8,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['archer'] },
  }),
  archerLowClip: field('tokenRule.archerLowClip', positive().max(1, 'must be at most 1'), {
    description: 'Archer: clip range ε (both sides) for low-entropy tokens (0.2)',
    unit: '',
    default: 0.2,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['archer'] },
  }),
  archerHighClip: field('tokenRule.archerHighClip', positive().max(1, 'must be at most 1'), {
    description: 'Archer: clip range ε (both sides) for high-entropy tokens (0.5)',
    unit: '',
    default: 0.5,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['archer'] },
  }),
  archerLowKl: field('tokenRule.archerLowKl', z.number().min(0, 'must be ≥ 0'), {
    description: 'Archer: k3 KL to the base on low-entropy tokens (kl_loss_coef 0.001)',
    unit: '',
    default: 0.001,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['archer'] },
  }),
  archerHighKl: field('tokenRule.archerHighKl', z.number().min(0, 'must be ≥ 0'), {
    description: 'Archer: k3 KL to the base on high-entropy tokens (0 = none, as Archer)',
    unit: '',
    default: 0,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['archer'] },
  }),
  entAdvAlpha: field('tokenRule.entAdvAlpha', z.number().min(0, 'must be ≥ 0'), {
    description: 'Entropy advantage: A + min(α·H, |A|/κ); α (unverified against the paper)',
    unit: '',
    default: 0.4,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['entropy-adv'] },
  }),
  entAdvKappa: field('tokenRule.entAdvKappa', positive(), {
    description: 'Entropy advantage: κ > 0 caps the bonus at |A|/κ, so A never flips sign',
    unit: '',
    default: 2,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['entropy-adv'] },
  }),
  gtpoAlpha1: field('tokenRule.gtpoAlpha1', z.number().min(0, 'must be ≥ 0'), {
    description: 'GTPO / GRPO-S: weight α₁ of the outcome reward (1)',
    unit: '',
    default: 1,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['gtpo', 'grpo-s'] },
  }),
  gtpoAlpha2: field('tokenRule.gtpoAlpha2', z.number().min(0, 'must be ≥ 0'), {
    description: 'GTPO / GRPO-S: weight α₂ of the entropy-weighted share (0.1, unverified)',
    unit: '',
    default: 0.1,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['gtpo', 'grpo-s'] },
  }),
  randomRewardP: field('tokenRule.randomRewardP', fraction('p'), {
    description: 'Random reward: P(reward 1), replacing the verifier (Shao et al.: 0.5)',
    unit: 'probability',
    default: 0.5,
    kind: 'number',
    when: { path: 'tokenRule.kind', values: ['random-reward'] },
  }),
});

export type TokenRuleConfig = z.output<typeof tokenRule>;

export interface ConfigWarning {
  field: string;
  message: string;
}

/**
 * Settings that are valid but do nothing, or not what they look like: shown in the form and
 * logged when a run starts; never an error.
 */
export function tokenRuleWarnings(c: {
  tokenRule: TokenRuleConfig;
  rl: { miniBatches: number; ppoEpochs: number; klCoef: number };
}): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  const updates = c.rl.miniBatches * c.rl.ppoEpochs;
  if (c.tokenRule.kind === 'kl-cov' && updates === 1)
    out.push({
      field: 'tokenRule.kind',
      message:
        'KL-Cov is inert here: with one optimizer step per rollout batch the policy never moves before the loss is taken, |log r| = 0 and the rule changes nothing (set rl.miniBatches or rl.ppoEpochs ≥ 2)',
    });
  if (
    c.tokenRule.kind === 'archer' &&
    c.tokenRule.archerLowKl === 0 &&
    c.tokenRule.archerHighKl === 0
  )
    out.push({
      field: 'tokenRule.archerLowKl',
      message: 'Archer without KL: only the two clip bands differ from the baseline',
    });
  return out;
}
