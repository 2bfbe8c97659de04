// tokenRule.* → the engines' keys. verl (the authors' fork has verl's policy_loss block) runs
// Clip-Cov and KL-Cov as loss modes; the other rules exist in no engine and are refused. TRL has
// none of them. Parameters of a rule that is not chosen map to nothing.
import type { RunConfig } from '../contract/run-config';
import { runConfigFields } from '../contract/run-config';
import type { LeafRule, RuleTable } from './mapping';

const P = 'actor_rollout_ref.actor.policy_loss';
type Kind = RunConfig['tokenRule']['kind'];

/** A parameter that only matters when its rule is chosen. */
const param =
  (kind: Kind, key?: string): LeafRule =>
  ({ config, value }) =>
    config.tokenRule.kind === kind && key ? { set: [[`${P}.${key}`, value as number]] } : {};

export const verlTokenRules: RuleTable = {
  'tokenRule.kind': ({ value }) => {
    if (value === 'none') return { set: [[`${P}.loss_mode`, 'vanilla']] };
    if (value === 'clip-cov') return { set: [[`${P}.loss_mode`, 'clip_cov']] };
    if (value === 'kl-cov') return { set: [[`${P}.loss_mode`, 'kl_cov']] };
    return { refuse: `verl has no loss mode for the ${String(value)} token rule` };
  },
  'tokenRule.clipCovRatio': param('clip-cov', 'clip_cov_ratio'),
  'tokenRule.clipCovLb': param('clip-cov', 'clip_cov_lb'),
  'tokenRule.clipCovUb': param('clip-cov', 'clip_cov_ub'),
  'tokenRule.klCovRatio': param('kl-cov', 'kl_cov_ratio'),
  'tokenRule.klCovCoef': param('kl-cov', 'ppo_kl_coef'),
};

export const trlTokenRules: RuleTable = {
  'tokenRule.kind': ({ value }) =>
    value === 'none' ? {} : { refuse: `TRL has no ${String(value)} token rule` },
};

/**
 * The table plus every other tokenRule leaf, mapped to nothing: each is a parameter of a rule
 * that the table's `tokenRule.kind` refuses when chosen, and that does nothing otherwise.
 */
export function withTokenRuleParams(table: RuleTable): RuleTable {
  const out: RuleTable = { ...table };
  for (const { path } of runConfigFields)
    if (path.startsWith('tokenRule.') && !(path in out)) out[path] = () => ({});
  return out;
}
