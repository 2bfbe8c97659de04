// Builds an EngineSession from the real engine: backend, policy (fresh or from a base
// checkpoint), trainer. Runs in the trainer process only: it loads tfjs.
import { parseRunConfig } from '../../contract/run-config';
import type { EvalRecord } from '../../contract/eval-record';
import { initBackend } from '../../engine/backend';
import { createPolicy } from '../../engine/model';
import type { ModelConfig, Policy } from '../../engine/model';
import { createTrainer } from '../../engine/trainer';
import { swappable } from '../../engine/parallel/executor';
import { chooseThreads, idleCores } from '../../engine/parallel/threads';
import { startWorkerExecutor } from '../../engine/parallel/worker-executor';
import { VOCAB_SIZE } from '../../engine/tokenizer';
import { findBaseModel, readCheckpointFile } from '../checkpoints/checkpoint-files';
import { webgpuBlocker } from './gpu-probe';
import type { OpenEngineSession } from './engine-session';
import { decodeTrainerState, encodeTrainerState } from '../checkpoints/state-codec';
import { ruleNeedsReference } from '../../engine/rl/token-rules';

/** About ten checkpoints per run, at most 25 steps apart: cheap at this model size. */
export function checkpointEvery(steps: number): number {
  return Math.max(1, Math.min(25, Math.ceil(steps / 10)));
}

export const openEngineSession: OpenEngineSession = async (
  raw,
  log,
  { dataDir, replicaWorker },
) => {
  const parsed = parseRunConfig(raw);
  if (!parsed.ok) throw new Error(`invalid config: ${parsed.message}`);
  const config = parsed.value;
  const backend = await initBackend(config.backend, { webgpuBlocked: webgpuBlocker() });
  const modelConfig: ModelConfig = {
    vocabSize: VOCAB_SIZE,
    contextLength: config.model.contextLength,
    dModel: config.model.dModel,
    nLayers: config.model.layers,
    nHeads: config.model.heads,
    mlpRatio: config.model.mlpRatio,
  };
  const policy = createPolicy(modelConfig, config.seed);
  let basePolicy: Policy | undefined;
  if (config.base !== null) {
    const path = findBaseModel(config.base, dataDir);
    policy.setWeights(decodeTrainerState(readCheckpointFile(path)).weights);
    log('info', `base model ${config.base} from ${path}`);
  }
  // The frozen reference: for the KL penalty, and for Archer's band KL.
  if (config.rl.klCoef > 0 || ruleNeedsReference(config.tokenRule)) {
    basePolicy = createPolicy(modelConfig, config.seed);
    basePolicy.setWeights(policy.getWeights());
  }
  if (config.base === null)
    log('warn', 'no base model (config.base is null): training from fresh weights');
  const threads = chooseThreads(backend.backend, process.env.FORKBENCH_THREADS, await idleCores());
  const start = (n: number) =>
    startWorkerExecutor({
      policy,
      basePolicy,
      threads: n,
      backend: backend.backend,
      workerUrl: replicaWorker,
    });
  const executor = swappable(await start(threads));
  const ranOn = (n: number) =>
    n > 1 ? { ...backend, device: `${backend.device} × ${n} replicas` } : backend;
  if (backend.backend === 'wasm' || backend.backend === 'cpu')
    log(
      'info',
      threads > 1
        ? `${threads} threads: sampling and micro-batch gradients split over replicas`
        : '1 thread (no idle core; FORKBENCH_THREADS=N forces N)',
    );
  const trainer = createTrainer({
    config,
    policy,
    basePolicy,
    executor,
    callbacks: { onLog: (m) => log('info', m) },
  });
  const params = policy.variables.reduce((n, v) => n + v.size, 0);
  log('info', `model ${params.toLocaleString('en-US')} parameters, task ${config.task}`);

  return {
    get backend() {
      return ranOn(executor.threads);
    },
    schedule: {
      totalSteps: config.rl.steps,
      evalEvery: config.eval.every,
      checkpointEvery: checkpointEvery(config.rl.steps),
    },
    get step() {
      return trainer.currentStep;
    },
    async trainStep() {
      const r = await trainer.step();
      return { step: r.step, values: r.metrics, samples: r.samples };
    },
    async evaluate() {
      const out: EvalRecord[] = [];
      for (const id of trainer.benchmarkIds()) {
        const e = await trainer.evaluate(id);
        // The record only: the engine's detail (stdErr, timing...) goes into metrics and the log.
        const { benchmark, k, avgAtK, passAtK, problems } = e;
        out.push({
          benchmark,
          k,
          avgAtK,
          passAtK,
          problems,
          perProblem: e.perProblem.map((p) => ({ ...p })),
        });
        log(
          'info',
          `eval ${e.benchmark}: avg@${e.k} ${e.avgAtK.toFixed(3)} (${e.seconds.toFixed(1)} s)`,
        );
      }
      return out;
    },
    async saveState() {
      return encodeTrainerState(trainer.saveState());
    },
    async loadState(bytes) {
      const state = decodeTrainerState(bytes);
      // Float-level differences between thread counts can make a run drift: continue on the
      // count it ran with, unless the user forces one (docs/benchmarks.md).
      if (state.threads !== undefined && state.threads !== executor.threads) {
        if (process.env.FORKBENCH_THREADS)
          log(
            'warn',
            `the run used ${state.threads} threads; continuing on ${executor.threads} as forced: it may not match an uninterrupted run bit for bit`,
          );
        else {
          await executor.replace(await start(state.threads));
          log('info', `${state.threads} threads, as the run had before it stopped`);
        }
      }
      trainer.loadState(state);
    },
    dispose() {
      void executor.dispose();
      trainer.dispose();
      policy.dispose();
      basePolicy?.dispose();
    },
  };
};
