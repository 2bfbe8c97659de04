// The `token-rules` sweep preset: the token-level rules published after the paper beside the
// paper's arms and the critics' controls, all from one base setting so that only the rule
// differs. Every arm gets the same rl section with at least two optimizer steps per rollout
// batch: KL-Cov is inert with one (|log r| = 0), and the other arms must match it.
import type { RunConfigInput } from '../contract/run-config';

export type TokenRulesBase = Pick<RunConfigInput, 'task' | 'base' | 'model' | 'rl' | 'eval'>;

/** The shape of presets.ts's RunPreset, declared here so the two files do not import each other. */
export interface TokenRulesPreset {
  id: string;
  label: string;
  description: string;
  runs: { name: string; overrides: RunConfigInput }[];
}

/** At least 2 mini-batches, and a count that divides promptsPerStep (16 → 2, 4, 8, …). */
function twoOrMoreMiniBatches(rl: NonNullable<RunConfigInput['rl']>): number {
  const prompts = rl.promptsPerStep ?? 16;
  const want = Math.max(2, rl.miniBatches ?? 1);
  for (let m = want; m <= prompts; m++) if (prompts % m === 0) return m;
  throw new Error(
    `token-rules preset: rl.promptsPerStep ${prompts} cannot be split in 2+ mini-batches`,
  );
}

export function tokenRulesPreset(base: TokenRulesBase): TokenRulesPreset {
  const rl = { ...base.rl, miniBatches: twoOrMoreMiniBatches(base.rl ?? {}) };
  // Every arm sets the same tokenRule keys (KL-Cov's 7B-recipe ratio and coefficient act only
  // in the KL-Cov arm), so a sweep names each run by its arm alone.
  const arm = (
    name: string,
    mask: RunConfigInput['mask'],
    kind: NonNullable<RunConfigInput['tokenRule']>['kind'] = 'none',
  ) => ({
    name,
    overrides: {
      task: base.task,
      base: base.base,
      model: base.model,
      rl,
      eval: base.eval,
      mask,
      tokenRule: { kind, klCovRatio: 2e-3, klCovCoef: 1 },
    } satisfies RunConfigInput,
  });
  // ρ on every arm too (unused by 'all'), for the same reason.
  const all = { mode: 'all' as const, rho: 0.2 };
  return {
    id: 'token-rules',
    label: 'Token rules: Clip-Cov, KL-Cov, Archer, entropy advantage vs the paper and controls',
    description:
      'Eight arms from one base setting: all tokens, top 20%, Clip-Cov, KL-Cov (2+ updates per rollout, 7B-recipe ratio and coefficient), Archer dual-token clipping, entropy-based advantage, random 20% and random (Bernoulli 0.5) reward.',
    runs: [
      arm('all tokens', all),
      arm('top 20%', { mode: 'top', rho: 0.2 }),
      arm('Clip-Cov', all, 'clip-cov'),
      arm('KL-Cov', all, 'kl-cov'),
      arm('Archer', all, 'archer'),
      arm('entropy advantage', all, 'entropy-adv'),
      arm('random 20%', { mode: 'random', rho: 0.2 }),
      arm('random reward', all, 'random-reward'),
    ],
  };
}
