// The same-rollout comparison of the token rules (engine/analysis/rule-comparison.ts) on one
// stored step of a run, with the run's own parameters.
import type { RuleComparisonView, RuleRowView } from '../contract/api-analysis';
import { COMPARED_RULE_IDS } from '../contract/api-analysis';
import { parseRunConfig } from '../contract/run-config';
import { compareRules } from '../engine/analysis/rule-comparison';
import { tokenToString } from '../engine/tokenizer';
import { WorkbenchError } from '../contract/result';
import { notFound } from './experiments';
import type { Handler, ServiceDeps } from './types';

const LABELS: Record<RuleRowView['rule'], string> = {
  top: 'top ρ (paper)',
  bottom: 'bottom 1−ρ',
  random: 'random ρ (control)',
  'clip-cov': 'Clip-Cov: gradient zeroed',
  'kl-cov': 'KL-Cov: |log r| penalised',
  archer: 'Archer: high-entropy band',
  'entropy-adv': 'entropy advantage',
  gtpo: 'GTPO',
  'grpo-s': 'GRPO-S',
};
const UPWEIGHT = new Set(['entropy-adv', 'gtpo', 'grpo-s']);
const sig3 = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)) : 0);

/** The comparison of one stored step of a run (also the lens export's data). */
export function ruleComparison(
  store: ServiceDeps['store'],
  runId: number,
  step: number,
): RuleComparisonView {
  {
    const run = store.runs.get(runId);
    if (!run) throw notFound('run', runId, 'runId');
    const parsed = parseRunConfig(run.config);
    if (!parsed.ok)
      throw new WorkbenchError('invalid_request', `run ${runId}: ${parsed.message}`, 'runId');
    const config = parsed.value;
    const samples = store.rollouts.list(runId, step);
    if (samples.length === 0)
      throw new WorkbenchError(
        'not_found',
        `step: run ${runId} has no stored rollouts at step ${step}`,
        'step',
      );
    if (samples.some((s) => !s.logprobs))
      throw new WorkbenchError(
        'invalid_request',
        `step: the samples of step ${step} have no log-probs (stored before they were kept)`,
        'step',
      );
    const result = compareRules(
      samples.map((s) => ({
        entropies: s.entropies,
        logProbs: s.logprobs ?? [], // none is null: checked above
        advantage: s.advantage,
        reward: s.reward,
        correct: s.correct,
      })),
      config,
      // Stored samples are whole groups (trainer.pickSamples); the seed makes the random rows
      // the same on every call.
      { groupSize: config.rl.groupSize, seed: config.seed * 7919 + step, rules: COMPARED_RULE_IDS },
    );
    const t = config.tokenRule;
    const view: RuleComparisonView = {
      runId,
      step,
      tokens: result.tokens,
      samples: samples.map((s) => ({
        idx: s.idx,
        correct: s.correct,
        reward: s.reward,
        advantage: s.advantage,
        tokens: s.tokens.map(tokenToString),
      })),
      rules: result.rules.map((r) => ({
        rule: r.rule,
        label: LABELS[r.rule],
        marks: UPWEIGHT.has(r.rule) ? 'up-weighted' : 'selected',
        count: r.count,
        selected: r.selected.map((row) => Array.from(row).join('')),
        weight: r.weight.map((row) => Array.from(row, sig3)),
      })),
      jaccard: result.jaccard.map((row) => row.map((v) => Math.round(v * 1000) / 1000)),
      params: {
        rho: config.mask.rho,
        clipCovRatio: t.clipCovRatio,
        clipCovLb: t.clipCovLb,
        clipCovUb: t.clipCovUb,
        klCovRatio: t.klCovRatio,
        archerQuantile: t.archerQuantile,
        entAdvAlpha: t.entAdvAlpha,
        entAdvKappa: t.entAdvKappa,
        gtpoAlpha2: t.gtpoAlpha2,
        groupSize: config.rl.groupSize,
      },
    };
    return view;
  }
}

export function ruleComparisonServices({ store }: Pick<ServiceDeps, 'store'>) {
  const compare: Handler<'rollouts.rules'> = ({ runId, step }) =>
    ruleComparison(store, runId, step);
  return { 'rollouts.rules': compare };
}
