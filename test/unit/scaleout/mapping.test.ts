// Every RunConfig leaf is mapped, replaced or refused for both engines; every exported key is one
// the pinned engine's own config schema declares (fixtures vendored from its sources).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../src-main/contract/run-config';
import { defaultRunConfig, parseRunConfig } from '../../../src-main/contract/run-config';
import { buildBundle } from '../../../src-main/scaleout/bundle';
import { jobFormSchema } from '../../../src-main/scaleout/form';
import { applyRules, configLeaves } from '../../../src-main/scaleout/mapping';
import { trlRules } from '../../../src-main/scaleout/trl-rules';
import { verlRules } from '../../../src-main/scaleout/verl-rules';

const fixture = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/engine-schemas/${name}`, 'utf8')) as {
    keys?: string[];
    sources?: { keys: string[] }[];
  };
const VERL_KEYS = new Set(fixture('verl-fork-keys.json').keys);
const TRL_KEYS = new Set(fixture('trl-grpo-config-keys.json').sources?.flatMap((s) => s.keys));

const form = jobFormSchema.parse({
  modelPath: '/shared/models/Qwen3-8B-Base',
  trainFiles: ['/shared/data/train.parquet'],
  valFiles: ['/shared/data/aime.parquet'],
  nodes: 2,
  gpusPerNode: 8,
  outputDir: '/shared/out',
  rayAddress: 'http://127.0.0.1:8265',
});

function config(overrides: object = {}): RunConfig {
  const parsed = parseRunConfig(overrides);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function settingsOf(engine: 'verl' | 'trl', c: RunConfig) {
  const bundle = buildBundle({
    engine,
    runs: [{ id: 7, name: 'arm', config: c }],
    form,
    now: '2026-12-03T07:00:00Z',
  });
  const run = bundle.manifest.runs[0]!;
  return { run, get: (k: string) => run.settings.find((s) => s.key === k)?.value, bundle };
}

describe('config leaves', () => {
  const leaves = configLeaves(defaultRunConfig()).map(([p]) => p);
  it('enumerates every leaf of RunConfig', () => {
    expect(leaves).toContain('mask.rho');
    expect(leaves).toContain('eval.benchmarks');
    expect(leaves.length).toBeGreaterThan(30);
  });
  for (const [engine, rules] of [
    ['verl', verlRules],
    ['trl', trlRules],
  ] as const) {
    it(`${engine}: every leaf has a rule (mapped, replaced or refused)`, () => {
      expect(leaves.filter((l) => !(l in rules))).toEqual([]);
    });
    it(`${engine}: a field without a rule is refused, not dropped`, () => {
      const c = { ...defaultRunConfig(), rules: { clipCov: 0.5 } } as unknown as RunConfig;
      const r = applyRules(engine, rules, c, form);
      expect(r.refused.find((x) => x.field === 'rules.clipCov')?.reason).toMatch(/no .* mapping/);
    });
  }
});

describe('verl overrides', () => {
  it('uses only keys of the fork schema', () => {
    for (const mode of ['all', 'top'] as const) {
      const { run } = settingsOf('verl', config({ mask: { mode }, rl: { klCoef: 0.01 } }));
      expect(run.settings.map((s) => s.key).filter((k) => !VERL_KEYS.has(k))).toEqual([]);
    }
  });
  it('maps each field to its key', () => {
    const c = config({
      rl: {
        promptsPerStep: 64,
        groupSize: 16,
        miniBatches: 4,
        lr: 1e-6,
        epsLow: 0.2,
        epsHigh: 0.28,
        dualClipC: 10,
        temperature: 0.9,
        maxResponseTokens: 512,
        overlongBuffer: 64,
        overlongPenalty: 0.5,
        dynamicSampling: true,
        maxGenBatches: 10,
        klCoef: 0,
        entropyCoef: 0.001,
        gradClip: 0.5,
        steps: 300,
        ppoEpochs: 2,
        microBatchSize: 16,
      },
      mask: { mode: 'top', rho: 0.2, normalizer: 'selected' },
      eval: { every: 5, k: 8, temperature: 0.7 },
      seed: 3,
      model: { contextLength: 1024 },
    });
    const { get, run } = settingsOf('verl', c);
    expect(get('data.train_batch_size')).toBe(64);
    expect(get('data.gen_batch_size')).toBe(64);
    expect(get('actor_rollout_ref.rollout.n')).toBe(16);
    expect(get('actor_rollout_ref.actor.ppo_mini_batch_size')).toBe(16);
    expect(get('actor_rollout_ref.actor.ppo_epochs')).toBe(2);
    expect(get('actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu')).toBe(16);
    expect(get('actor_rollout_ref.actor.use_dynamic_bsz')).toBe(false);
    expect(get('actor_rollout_ref.actor.optim.lr')).toBe(1e-6);
    expect(get('actor_rollout_ref.actor.clip_ratio_low')).toBe(0.2);
    expect(get('actor_rollout_ref.actor.clip_ratio_high')).toBe(0.28);
    expect(get('actor_rollout_ref.actor.clip_ratio_c')).toBe(10);
    expect(get('actor_rollout_ref.rollout.temperature')).toBe(0.9);
    expect(get('data.max_response_length')).toBe(512);
    expect(get('reward_model.overlong_buffer.enable')).toBe(true);
    expect(get('reward_model.overlong_buffer.len')).toBe(64);
    expect(get('reward_model.overlong_buffer.penalty_factor')).toBe(0.5);
    expect(get('algorithm.filter_groups.enable')).toBe(true);
    expect(get('algorithm.filter_groups.max_num_gen_batches')).toBe(10);
    expect(get('actor_rollout_ref.actor.use_kl_loss')).toBe(false);
    expect(get('actor_rollout_ref.actor.entropy_coeff')).toBe(0.001);
    expect(get('actor_rollout_ref.actor.grad_clip')).toBe(0.5);
    expect(get('trainer.total_training_steps')).toBe(300);
    expect(get('actor_rollout_ref.actor.entropy_top_ratio')).toBe(0.2);
    expect(get('actor_rollout_ref.actor.loss_agg_mode')).toBe('token-mean');
    expect(get('trainer.test_freq')).toBe(5);
    expect(get('actor_rollout_ref.rollout.val_kwargs.n')).toBe(8);
    expect(get('actor_rollout_ref.rollout.val_kwargs.temperature')).toBe(0.7);
    expect(get('data.seed')).toBe(3);
    expect(get('trainer.nnodes')).toBe(2);
    expect(get('trainer.n_gpus_per_node')).toBe(8);
    expect(get('actor_rollout_ref.model.path')).toBe('/shared/models/Qwen3-8B-Base');
    expect(get('trainer.logger')).toEqual(['console', 'file', 'tensorboard']);
    expect(run.refused).toEqual([]);
    expect(run.replaced.map((r) => r.field)).toContain('model.layers');
  });
  it('all tokens leaves entropy_top_ratio null', () => {
    expect(
      settingsOf('verl', config({ mask: { mode: 'all' } })).get(
        'actor_rollout_ref.actor.entropy_top_ratio',
      ),
    ).toBeNull();
  });
  it('refuses what the fork lacks', () => {
    for (const [over, field] of [
      [{ mask: { mode: 'bottom' } }, 'mask.mode'],
      [{ mask: { mode: 'random' } }, 'mask.mode'],
      [{ mask: { mode: 'top', thresholdScope: 'batch' } }, 'mask.thresholdScope'],
      [{ mask: { mode: 'top', normalizer: 'all' } }, 'mask.normalizer'],
      [{ rl: { dualClipC: 0 } }, 'rl.dualClipC'],
    ] as const) {
      const { run } = settingsOf('verl', config(over));
      expect(run.refused.map((r) => r.field)).toContain(field);
      expect(run.ready).toBe(false);
    }
  });
});

describe('TRL GRPOConfig', () => {
  const base = {
    rl: {
      dynamicSampling: false,
      dualClipC: 0,
      promptsPerStep: 32,
      groupSize: 16,
      miniBatches: 2,
      microBatchSize: 16,
      steps: 100,
    },
    mask: { mode: 'top', rho: 0.2, normalizer: 'all' },
  } as const;
  it('uses only GRPOConfig / TrainingArguments fields', () => {
    const { run } = settingsOf('trl', config(base));
    expect(run.settings.map((s) => s.key).filter((k) => !TRL_KEYS.has(k))).toEqual([]);
  });
  it('maps each field to its key', () => {
    const { get, run } = settingsOf(
      'trl',
      config({
        ...base,
        rl: {
          ...base.rl,
          lr: 2e-6,
          epsLow: 0.2,
          epsHigh: 0.28,
          temperature: 1,
          maxResponseTokens: 256,
          klCoef: 0.04,
          entropyCoef: 0.01,
          gradClip: 1,
          ppoEpochs: 1,
        },
        eval: { every: 10, k: 4, temperature: 1 },
        seed: 9,
        model: { contextLength: 512 },
      }),
    );
    expect(get('num_generations')).toBe(16);
    expect(get('generation_batch_size')).toBe(512);
    expect(get('steps_per_generation')).toBe(2);
    expect(get('per_device_train_batch_size')).toBe(16);
    // 512 completions / 2 mini-batches = 256 per update = 16 per pass × 16 GPUs × 1
    expect(get('gradient_accumulation_steps')).toBe(1);
    expect(get('max_steps')).toBe(200);
    expect(get('learning_rate')).toBe(2e-6);
    expect(get('lr_scheduler_type')).toBe('constant');
    expect(get('epsilon')).toBe(0.2);
    expect(get('epsilon_high')).toBe(0.28);
    expect(get('max_completion_length')).toBe(256);
    expect(get('beta')).toBe(0.04);
    expect(get('entropy_coef')).toBe(0.01);
    expect(get('max_grad_norm')).toBe(1);
    expect(get('top_entropy_quantile')).toBe(0.2);
    expect(get('loss_type')).toBe('dapo');
    expect(get('eval_steps')).toBe(20);
    expect(get('num_generations_eval')).toBe(4);
    expect(get('seed')).toBe(9);
    expect(get('logging_steps')).toBe(1);
    expect(run.refused).toEqual([]);
  });
  it('refuses the selected-token normaliser and dynamic sampling', () => {
    const { run } = settingsOf(
      'trl',
      config({ mask: { mode: 'top', normalizer: 'selected' }, rl: { dynamicSampling: true } }),
    );
    expect(run.refused.map((r) => r.field)).toEqual(
      expect.arrayContaining(['mask.normalizer', 'rl.dynamicSampling']),
    );
  });
  it('refuses a micro-batch that does not divide the mini-batch over the GPUs', () => {
    const { run } = settingsOf('trl', config({ ...base, rl: { ...base.rl, microBatchSize: 32 } }));
    expect(run.refused.find((r) => r.field === 'rl.microBatchSize')?.reason).toMatch(
      /not a multiple/,
    );
  });
});

describe('token rules', () => {
  const P = 'actor_rollout_ref.actor.policy_loss';
  it('verl runs Clip-Cov and KL-Cov as its own loss modes, with their parameters', () => {
    const clip = settingsOf(
      'verl',
      config({ tokenRule: { kind: 'clip-cov', clipCovRatio: 0.001 } }),
    );
    expect(clip.get(`${P}.loss_mode`)).toBe('clip_cov');
    expect(clip.get(`${P}.clip_cov_ratio`)).toBe(0.001);
    expect(clip.get(`${P}.kl_cov_ratio`)).toBeUndefined();
    const kl = settingsOf('verl', config({ tokenRule: { kind: 'kl-cov', klCovCoef: 1 } }));
    expect(kl.get(`${P}.loss_mode`)).toBe('kl_cov');
    expect(kl.get(`${P}.ppo_kl_coef`)).toBe(1);
    expect(settingsOf('verl', config()).get(`${P}.loss_mode`)).toBe('vanilla');
    for (const s of [...clip.run.settings, ...kl.run.settings])
      expect(VERL_KEYS.has(s.key), s.key).toBe(true);
  });
  it('rules no engine has are refused by name, on verl and on TRL', () => {
    const archer = settingsOf('verl', config({ tokenRule: { kind: 'archer' } }));
    expect(JSON.stringify(archer.run.refused)).toMatch(/archer token rule/);
    const trl = settingsOf('trl', config({ tokenRule: { kind: 'clip-cov' } }));
    expect(JSON.stringify(trl.run.refused)).toMatch(/TRL has no clip-cov token rule/);
  });
});
