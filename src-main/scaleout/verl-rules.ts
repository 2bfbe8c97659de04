// Forkbench run config → Hydra overrides of the authors' verl fork (DAPO recipe, commit in
// engines.ts). Key by key after research/scale-out.md A.2/A.3; every key is checked against the
// fork's own config schema in test/fixtures/engine-schemas/verl-fork-keys.json.
import type { RunConfig } from '../contract/run-config';
import type { EngineSetting, LeafRule, RuleTable } from './mapping';
import { replacedBy, to } from './mapping';
import { verlTokenRules, withTokenRuleParams } from './token-rule-rules';
import type { JobForm } from './form';

const A = 'actor_rollout_ref.actor';
const R = 'actor_rollout_ref.rollout';
const MODEL = 'replaced by the form: the cluster model (modelPath)';
const DATA =
  'replaced by the form: the cluster data files (trainFiles/valFiles) and their data_source reward';

const maskActive = (c: RunConfig) => c.mask.mode !== 'all';

export const verlRules: RuleTable = withTokenRuleParams({
  ...verlTokenRules,
  task: replacedBy(DATA),
  base: replacedBy(MODEL),
  'model.layers': replacedBy(MODEL),
  'model.dModel': replacedBy(MODEL),
  'model.heads': replacedBy(MODEL),
  'model.mlpRatio': replacedBy(MODEL),
  'model.contextLength': replacedBy(MODEL),
  'rl.steps': to('trainer.total_training_steps'),
  'rl.promptsPerStep': ({ config: c }) => ({
    set: [
      ['data.train_batch_size', c.rl.promptsPerStep],
      // One generation round samples promptsPerStep prompts, as Forkbench's refill does.
      ['data.gen_batch_size', c.rl.promptsPerStep],
    ],
  }),
  'rl.groupSize': to(`${R}.n`),
  // verl counts the mini-batch in prompts and multiplies by rollout.n itself.
  'rl.miniBatches': to(
    `${A}.ppo_mini_batch_size`,
    (_v, c) => c.rl.promptsPerStep / c.rl.miniBatches,
  ),
  'rl.ppoEpochs': to(`${A}.ppo_epochs`),
  // A fixed micro-batch (no dynamic token budget), so the mask's per-micro-batch scope is the
  // one configured here.
  'rl.microBatchSize': ({ value }) => ({
    set: [
      [`${A}.use_dynamic_bsz`, false],
      [`${A}.ppo_micro_batch_size_per_gpu`, value as number],
      [`${R}.log_prob_micro_batch_size_per_gpu`, value as number],
      ['actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu', value as number],
    ],
    note: 'verl micro-batches per GPU; the entropy threshold is taken over each GPU micro-batch',
  }),
  'rl.lr': ({ value }) => ({
    set: [
      [`${A}.optim.lr`, value as number],
      [`${A}.optim.lr_warmup_steps`, 0],
    ],
  }),
  'rl.epsLow': to(`${A}.clip_ratio_low`),
  'rl.epsHigh': to(`${A}.clip_ratio_high`),
  'rl.dualClipC': ({ value }) =>
    value === 0
      ? { refuse: 'verl always applies dual-clip (clip_ratio_c > 1); it cannot be turned off' }
      : { set: [[`${A}.clip_ratio_c`, value as number]] },
  'rl.temperature': to(`${R}.temperature`),
  'rl.maxResponseTokens': to('data.max_response_length'),
  'rl.overlongBuffer': ({ value }) => ({
    set: [
      ['reward_model.overlong_buffer.enable', (value as number) > 0],
      ['reward_model.overlong_buffer.len', value as number],
    ],
  }),
  'rl.overlongPenalty': to('reward_model.overlong_buffer.penalty_factor'),
  'rl.dynamicSampling': ({ value }) => ({
    set: [
      ['algorithm.filter_groups.enable', value as boolean],
      ['algorithm.filter_groups.metric', 'acc'],
    ],
  }),
  'rl.maxGenBatches': to('algorithm.filter_groups.max_num_gen_batches'),
  'rl.klCoef': ({ value }) => ({
    set: [
      [`${A}.use_kl_loss`, (value as number) > 0],
      [`${A}.kl_loss_coef`, value as number],
      // Forkbench's KL is the k3 estimator, verl's "low_var_kl".
      [`${A}.kl_loss_type`, 'low_var_kl'],
    ],
  }),
  'rl.entropyCoef': to(`${A}.entropy_coeff`),
  'rl.gradClip': to(`${A}.grad_clip`),
  'mask.mode': ({ value }) => {
    if (value === 'all') return { set: [[`${A}.entropy_top_ratio`, null]] };
    if (value === 'top') return {};
    return {
      refuse: `the fork only has a top-ρ entropy mask (entropy_top_ratio); a ${String(value)} mask cannot be expressed`,
    };
  },
  'mask.rho': ({ config: c, value }) =>
    c.mask.mode === 'top' ? { set: [[`${A}.entropy_top_ratio`, value as number]] } : {},
  'mask.thresholdScope': ({ config: c, value }) =>
    value === 'batch' && maskActive(c)
      ? {
          refuse:
            'the fork computes the threshold per GPU micro-batch only; a whole-batch scope cannot be expressed',
        }
      : {},
  'mask.normalizer': ({ config: c, value }) => {
    if (value === 'all' && maskActive(c))
      return {
        refuse:
          'the fork normalises by the selected tokens only (token-mean over the masked loss); no all-token normaliser',
      };
    return { set: [[`${A}.loss_agg_mode`, 'token-mean']] };
  },
  'eval.every': ({ value, config: c }) => ({
    // 0 = only at the end: verl validates at the last step whenever test_freq > 0.
    set: [['trainer.test_freq', (value as number) > 0 ? (value as number) : c.rl.steps]],
  }),
  'eval.k': ({ value }) => ({
    set: [
      [`${R}.val_kwargs.n`, value as number],
      [`${R}.val_kwargs.do_sample`, true],
    ],
  }),
  'eval.temperature': to(`${R}.val_kwargs.temperature`),
  'eval.benchmarks': replacedBy(DATA),
  'eval.maxProblems': replacedBy(DATA),
  seed: to('data.seed'),
  backend: replacedBy('the cluster GPUs (nodes × gpusPerNode); tfjs backends are local only'),
});

/** Overrides that come from the form or are fixed by the DAPO recipe, not from a config leaf. */
export function verlJobSettings(form: JobForm, runKey: string): EngineSetting[] {
  const out: EngineSetting[] = [];
  const add = (key: string, value: EngineSetting['value'], from: string) =>
    out.push({ key, value, from });
  add('data.train_files', form.trainFiles, 'form.trainFiles');
  if (form.valFiles.length) add('data.val_files', form.valFiles, 'form.valFiles');
  add('actor_rollout_ref.model.path', form.modelPath, 'form.modelPath');
  add('trainer.nnodes', form.nodes, 'form.nodes');
  add('trainer.n_gpus_per_node', form.gpusPerNode, 'form.gpusPerNode');
  add('trainer.project_name', form.project, 'form.project');
  add('trainer.experiment_name', runKey, 'the Forkbench run');
  add('trainer.default_local_dir', `${form.outputDir}/${runKey}/checkpoints`, 'form.outputDir');
  add('trainer.rollout_data_dir', `${form.outputDir}/${runKey}/rollouts`, 'form.outputDir');
  add('trainer.validation_data_dir', `${form.outputDir}/${runKey}/validation`, 'form.outputDir');
  add('trainer.logger', ['console', 'file', 'tensorboard'], 'fixed: file + TensorBoard for import');
  add('trainer.val_before_train', form.valFiles.length > 0, 'form.valFiles');
  add('trainer.resume_mode', 'auto', 'fixed');
  add('data.prompt_key', 'prompt', 'fixed');
  add('data.truncation', 'left', 'fixed');
  add('algorithm.adv_estimator', 'grpo', 'fixed: group-normalised advantages');
  add('algorithm.use_kl_in_reward', false, 'fixed');
  add('reward_model.reward_manager', 'dapo', 'fixed: DAPO recipe');
  add('actor_rollout_ref.rollout.name', 'vllm', 'fixed');
  add('actor_rollout_ref.model.use_remove_padding', true, 'fixed');
  return out;
}

export type { LeafRule };
