// Forkbench run config → TRL GRPOConfig fields (version in engines.ts), after
// research/scale-out.md C.1. Every key is checked against GRPOConfig/TrainingArguments field
// names in test/fixtures/engine-schemas/trl-grpo-config-keys.json.
import type { RunConfig } from '../contract/run-config';
import type { EngineSetting, RuleTable } from './mapping';
import { replacedBy, to } from './mapping';
import { trlTokenRules, withTokenRuleParams } from './token-rule-rules';
import type { JobForm } from './form';
import { REWARD_TASKS } from './trl-scripts';

const MODEL = 'replaced by the form: the cluster model (modelPath)';
const DATA = 'replaced by the form: the data files (trainFiles/valFiles), scored by reward.py';

/** TRL counts optimizer steps: each rollout batch is used miniBatches × ppoEpochs times. */
export const optimizerStepsPerRlStep = (c: RunConfig) => c.rl.miniBatches * c.rl.ppoEpochs;

function gradAccumulation(c: RunConfig, form: JobForm): number | string {
  const completionsPerUpdate = (c.rl.promptsPerStep * c.rl.groupSize) / c.rl.miniBatches;
  const perPass = c.rl.microBatchSize * form.nodes * form.gpusPerNode;
  if (completionsPerUpdate % perPass !== 0)
    return `a mini-batch of ${completionsPerUpdate} completions is not a multiple of rl.microBatchSize × GPUs = ${perPass}`;
  return completionsPerUpdate / perPass;
}

const maskActive = (c: RunConfig) => c.mask.mode !== 'all';

export const trlRules: RuleTable = withTokenRuleParams({
  ...trlTokenRules,
  task: ({ value }) =>
    (REWARD_TASKS as readonly unknown[]).includes(value)
      ? { replacedBy: DATA }
      : { refuse: `reward.py has no verifier for task ${String(value)}` },
  base: replacedBy(MODEL),
  'model.layers': replacedBy(MODEL),
  'model.dModel': replacedBy(MODEL),
  'model.heads': replacedBy(MODEL),
  'model.mlpRatio': replacedBy(MODEL),
  'model.contextLength': replacedBy(MODEL),
  'rl.steps': to('max_steps', (v: number, c) => v * optimizerStepsPerRlStep(c)),
  'rl.promptsPerStep': to('generation_batch_size', (v: number, c) => v * c.rl.groupSize),
  'rl.groupSize': to('num_generations'),
  'rl.miniBatches': to('steps_per_generation'),
  'rl.ppoEpochs': to('num_iterations'),
  'rl.microBatchSize': ({ value, config, form }) => {
    const accumulation = gradAccumulation(config, form);
    if (typeof accumulation === 'string') return { refuse: accumulation };
    return {
      set: [
        ['per_device_train_batch_size', value as number],
        ['gradient_accumulation_steps', accumulation],
      ],
    };
  },
  'rl.lr': ({ value }) => ({
    set: [
      ['learning_rate', value as number],
      ['lr_scheduler_type', 'constant'],
      ['warmup_steps', 0],
      ['weight_decay', 0],
    ],
  }),
  'rl.epsLow': to('epsilon'),
  'rl.epsHigh': to('epsilon_high'),
  'rl.dualClipC': ({ value }) =>
    value === 0 ? {} : { refuse: 'GRPOTrainer has no dual-clip bound for negative advantages' },
  'rl.temperature': to('temperature'),
  'rl.maxResponseTokens': to('max_completion_length'),
  'rl.overlongBuffer': ({ value }) => ({
    note:
      (value as number) > 0
        ? 'soft overlong punishment is the reward function trl.rewards.get_soft_overlong_punishment in train.py'
        : 'no overlong shaping',
  }),
  'rl.overlongPenalty': ({ value, config }) =>
    config.rl.overlongBuffer > 0 && value !== 1
      ? {
          refuse:
            "TRL's soft overlong punishment always reaches -1 at the limit; another penalty cannot be expressed",
        }
      : {},
  'rl.dynamicSampling': ({ value }) =>
    value
      ? {
          refuse:
            'GRPOTrainer has no dynamic sampling (zero-variance groups stay in the batch with advantage 0)',
        }
      : {},
  // Only used by dynamic sampling, which rl.dynamicSampling refuses when it is on.
  'rl.maxGenBatches': () => ({}),
  'rl.klCoef': to('beta'),
  'rl.entropyCoef': to('entropy_coef'),
  'rl.gradClip': to('max_grad_norm'),
  'mask.mode': ({ value }) => {
    if (value === 'all') return { set: [['top_entropy_quantile', 1.0]] };
    if (value === 'top') return {};
    return {
      refuse: `GRPOTrainer only has a top-quantile entropy mask; a ${String(value)} mask cannot be expressed`,
    };
  },
  'mask.rho': ({ config: c, value }) =>
    c.mask.mode === 'top' ? { set: [['top_entropy_quantile', value as number]] } : {},
  'mask.thresholdScope': ({ config: c, value }) => {
    if (!maskActive(c)) return {};
    if (value === 'batch')
      return {
        refuse:
          "TRL's quantile is taken per micro-batch (gathered over processes); a whole-batch scope cannot be expressed",
      };
    return {
      note: "TRL's quantile is over the micro-batch of every process together, not one device's",
    };
  },
  'mask.normalizer': ({ config: c, value }) => {
    if (value === 'selected' && maskActive(c))
      return {
        refuse:
          'TRL divides the masked loss by all active tokens (loss_type dapo); it has no selected-token normaliser',
      };
    return { set: [['loss_type', 'dapo']] };
  },
  'eval.every': ({ value, config, form }) => {
    if (!form.valFiles.length) return { set: [['eval_strategy', 'no']] };
    const every = (value as number) > 0 ? (value as number) : config.rl.steps;
    return {
      set: [
        ['eval_strategy', 'steps'],
        ['eval_steps', every * optimizerStepsPerRlStep(config)],
      ],
    };
  },
  'eval.k': to('num_generations_eval'),
  'eval.temperature': ({ value, config }) =>
    value === config.rl.temperature
      ? {}
      : {
          refuse:
            'GRPOTrainer samples evaluation at the training temperature; a separate one cannot be expressed',
        },
  'eval.benchmarks': replacedBy(DATA),
  'eval.maxProblems': replacedBy(DATA),
  seed: to('seed'),
  backend: replacedBy('the cluster GPUs (nodes × gpusPerNode); tfjs backends are local only'),
});

/** GRPOConfig fields from the form or fixed for per-step curves and importable logs. */
export function trlJobSettings(form: JobForm, runKey: string): EngineSetting[] {
  const out: EngineSetting[] = [];
  const add = (key: string, value: EngineSetting['value'], from: string) =>
    out.push({ key, value, from });
  add('output_dir', `${form.outputDir}/${runKey}`, 'form.outputDir');
  add('run_name', runKey, 'the Forkbench run');
  add('logging_steps', 1, 'fixed: per-step curves (TRL averages over the window)');
  add('report_to', ['tensorboard'], 'fixed: TensorBoard for import');
  add('log_completions', true, 'fixed: completions for import as rollout samples');
  add('vllm_importance_sampling_correction', false, 'fixed: not in the paper');
  add('save_strategy', 'steps', 'fixed');
  add('save_steps', 50, 'fixed');
  add('bf16', true, 'fixed');
  return out;
}
