// The engine's RL training loop. Pure: no I/O; the host drives it step by step, stores what
// step() returns, and persists saveState() wherever it likes.
//
//   const trainer = createTrainer({ config, policy, basePolicy, callbacks });
//   const { metrics, samples } = await trainer.step();
//   const evalResult = await trainer.evaluate('countdown3-heldout', { k: 4, temperature: 1 });
//   const state = trainer.saveState();  …  trainer.loadState(state);   // exact resume
import type { RolloutRecord } from '../contract/rollout';
import type { RunConfig } from '../contract/run-config';
import { TASK_BENCHMARKS, runConfigWarnings } from '../contract/run-config';
import type { EvalResult } from './eval/evaluate';
import { evaluateBenchmark } from './eval/evaluate';
import type { Adam, OptimizerState } from './model/optimizer';
import { createOptimizer } from './model/optimizer';
import type { Executor } from './parallel/executor';
import { localExecutor } from './parallel/executor';
import type { Policy, SerializedWeights } from './model/types';
import { percentile } from './rl/entropy';
import type { Rollout } from './rl/rollout';
import { collectRollouts } from './rl/rollout';
import type { UpdateStats } from './rl/update';
import { ruleMetrics } from './rl/rule-stats';
import { policyUpdate } from './rl/update';
import type { RngState } from './rng';
import { createRng } from './rng';
import { benchmarkTask, createTask, getBenchmark } from './tasks';
import type { Task } from './tasks/types';

export interface StepResult {
  step: number;
  metrics: Record<string, number>;
  /** Whole prompt groups, spread over the kept batch (contract/rollout.ts). */
  samples: RolloutRecord[];
}

export interface TrainerState {
  step: number;
  weights: SerializedWeights;
  optimizer: OptimizerState;
  rng: RngState;
  /** Threads the run used (parallel/): a resume pins it, for a bit-exact continuation. */
  threads?: number;
}

export interface TrainerCallbacks {
  onLog?: (message: string) => void;
  onPhase?: (phase: 'rollout' | 'train' | 'eval', step: number) => void;
}

export interface Trainer {
  readonly config: RunConfig;
  readonly task: Task;
  /** Steps completed so far. */
  readonly currentStep: number;
  step(): Promise<StepResult>;
  evaluate(
    benchmarkId: string,
    options?: { k?: number; temperature?: number; maxProblems?: number },
  ): Promise<EvalResult>;
  /** Benchmarks of config.eval (all of the task's when the list is empty). */
  benchmarkIds(): string[];
  saveState(): TrainerState;
  loadState(state: TrainerState): void;
  dispose(): void;
}

export interface CreateTrainerOptions {
  config: RunConfig;
  policy: Policy;
  /** The base (step-0) model: KL reference when rl.klCoef > 0. Not trained. */
  basePolicy?: Policy;
  /** Overrides the task named in config (tests use easier variants). */
  task?: Task;
  callbacks?: TrainerCallbacks;
  /** Rollouts reported per step (one per group, spread over the batch). */
  samplesPerStep?: number;
  /** Where sampling and gradients run (parallel/); the calling thread alone by default. */
  executor?: Executor;
}

export function createTrainer(options: CreateTrainerOptions): Trainer {
  const { config, policy, basePolicy, callbacks = {} } = options;
  const executor = options.executor ?? localExecutor(policy, basePolicy);
  const task = options.task ?? createTask(config.task);
  const rng = createRng(config.seed);
  const optimizer: Adam = createOptimizer({ lr: config.rl.lr, clipNorm: config.rl.gradClip });
  const samplesPerStep = options.samplesPerStep ?? 16;
  let stepCount = 0;
  // Zero-advantage groups still compete for the top-ρ slots and count in the normaliser; at
  // small scale this crowds out the signal (docs/base-models.md).
  if (config.mask.mode !== 'all' && !config.rl.dynamicSampling)
    callbacks.onLog?.(
      `mask ${config.mask.mode} without dynamic sampling: all-correct/all-wrong groups take part of the selected tokens`,
    );
  for (const w of runConfigWarnings(config)) callbacks.onLog?.(`warning ${w.field}: ${w.message}`);

  return {
    config,
    task,
    get currentStep() {
      return stepCount;
    },

    async step(): Promise<StepResult> {
      const t0 = performance.now();
      const step = stepCount + 1;
      callbacks.onPhase?.('rollout', step);
      const batch = await collectRollouts(executor, task, config, rng);
      callbacks.onPhase?.('train', step);
      const t1 = performance.now();
      const update =
        batch.kept.length > 0
          ? await policyUpdate({ policy, executor, optimizer, rollouts: batch.kept, config, rng })
          : null;
      const trainSeconds = (performance.now() - t1) / 1000;
      if (!update) callbacks.onLog?.(`step ${step}: no informative group, update skipped`);
      stepCount = step;
      const metrics = stepMetrics(batch.generated, batch, update, trainSeconds, config);
      metrics['time/step_s'] = (performance.now() - t0) / 1000;
      return {
        step,
        metrics,
        // Kept groups carry the mask that was trained on; when dynamic sampling dropped them all,
        // store generated ones so the entropy lens still sees this step.
        samples: pickSamples(
          batch.kept.length > 0 ? batch.kept : batch.generated,
          update,
          samplesPerStep,
          config,
        ),
      };
    },

    async evaluate(benchmarkId, opts = {}): Promise<EvalResult> {
      callbacks.onPhase?.('eval', stepCount);
      return evaluateBenchmark(executor, getBenchmark(benchmarkId), benchmarkTask(benchmarkId), {
        k: opts.k ?? config.eval.k,
        temperature: opts.temperature ?? config.eval.temperature,
        maxResponseTokens: config.rl.maxResponseTokens,
        maxProblems: opts.maxProblems ?? config.eval.maxProblems,
        seed: config.seed + stepCount * 7919,
      });
    },

    benchmarkIds() {
      return config.eval.benchmarks.length > 0
        ? [...config.eval.benchmarks]
        : [...TASK_BENCHMARKS[config.task]];
    },

    saveState(): TrainerState {
      return {
        step: stepCount,
        weights: policy.getWeights(),
        optimizer: optimizer.getState(),
        rng: rng.getState(),
        threads: executor.threads,
      };
    },

    loadState(state: TrainerState): void {
      policy.setWeights(state.weights);
      optimizer.setState(state.optimizer, policy.variables);
      rng.setState(state.rng);
      stepCount = state.step;
    },

    dispose(): void {
      optimizer.dispose();
    },
  };
}

function stepMetrics(
  generated: Rollout[],
  batch: { genBatches: number; keptGroups: number; sampleSeconds: number },
  update: UpdateStats | null,
  trainSeconds: number,
  config: RunConfig,
): Record<string, number> {
  const n = Math.max(1, generated.length);
  const mean = (f: (r: Rollout) => number) => generated.reduce((s, r) => s + f(r), 0) / n;
  // Overall entropy of the rollout policy over every generated response token (Fig. 7's curve).
  const allEntropies = Float32Array.from(generated.flatMap((r) => Array.from(r.entropies)));
  const rolloutTokens = generated.reduce((s, r) => s + r.responseIds.length, 0);
  const thresholds = (update?.thresholds ?? []).filter((t) => !Number.isNaN(t));
  const selectedTotal = update?.selected ?? 0;
  return {
    'reward/mean': mean((r) => r.reward),
    accuracy: mean((r) => (r.correct ? 1 : 0)),
    'entropy/mean': allEntropies.reduce((s, h) => s + h, 0) / Math.max(1, allEntropies.length),
    'entropy/p50': percentile(allEntropies, 50),
    'entropy/p80': percentile(allEntropies, 80),
    'entropy/p95': percentile(allEntropies, 95),
    'entropy/threshold': thresholds.length
      ? thresholds.reduce((s, t) => s + t, 0) / thresholds.length
      : NaN,
    'mask/selected_frac': update ? selectedTotal / Math.max(1, update.responseTokens) : 0,
    'clip/low_frac': selectedTotal ? (update?.lowClipped ?? 0) / selectedTotal : 0,
    'clip/high_frac': selectedTotal ? (update?.highClipped ?? 0) / selectedTotal : 0,
    'loss/policy': update?.loss ?? 0,
    'grad/norm': update?.gradNorm ?? 0,
    'response/length_mean': mean((r) => r.responseIds.length),
    'response/clipped_frac': mean((r) => (r.finished ? 0 : 1)),
    'dynamic/gen_batches': batch.genBatches,
    'dynamic/kept_groups': batch.keptGroups,
    'dynamic/kept_frac': batch.keptGroups / (batch.genBatches * config.rl.promptsPerStep),
    'perf/rollout_tok_s': rolloutTokens / Math.max(1e-9, batch.sampleSeconds),
    'perf/train_tok_s': update ? update.trainTokens / Math.max(1e-9, trainSeconds) : 0,
    'time/rollout_s': batch.sampleSeconds,
    'time/train_s': trainSeconds,
    'optim/steps': update?.optimizerSteps ?? 0,
    ...ruleMetrics(
      config,
      update?.rule ?? null,
      update?.gradShare ?? [],
      mean((r) => (r.credited !== undefined && r.credited !== r.correct ? 1 : 0)),
    ),
  };
}

function pickSamples(
  kept: Rollout[],
  update: UpdateStats | null,
  count: number,
  config: RunConfig,
): RolloutRecord[] {
  // Whole groups, spread over the batch: rollouts of one prompt are compared with each other.
  const G = config.rl.groupSize;
  const groups = Math.floor(kept.length / G);
  const groupsWanted = Math.max(1, Math.ceil(count / G));
  const stride = Math.max(1, Math.floor(groups / groupsWanted));
  const picked: Rollout[] = [];
  for (let g = 0; g < groups && picked.length < count; g += stride) {
    for (let i = 0; i < G && picked.length < count; i++) picked.push(kept[g * G + i] as Rollout);
  }
  const out: RolloutRecord[] = [];
  for (const r of picked) {
    const m = update?.masks.get(r);
    out.push({
      idx: out.length,
      prompt: r.problem.prompt,
      response: r.responseText,
      tokens: [...r.responseIds],
      entropies: Array.from(m?.entropies ?? r.entropies),
      logprobs: Array.from(m?.logProbs ?? r.logProbs),
      mask: m ? Array.from(m.mask) : null,
      alternatives: r.alternatives
        ? {
            k: r.alternatives.k,
            tokens: Array.from(r.alternatives.ids),
            probs: Array.from(r.alternatives.probs),
          }
        : null,
      advantage: r.advantage,
      reward: r.reward,
      correct: r.correct,
      extra: { answer: r.problem.answer },
    });
  }
  return out;
}
