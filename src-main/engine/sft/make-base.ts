// A base model from BASE_MODELS: fresh weights from a fixed seed, SFT on its task's
// demonstrations with its SFT budget, then an evaluation on the task's held-out benchmarks at T = 1. Pure engine
// code: the caller writes the weights (runner/checkpoints/state-codec encodeBaseModel) and the sidecar.
import type { BaseHeldOut } from '../../contract/eval-record';
import { TASK_BENCHMARKS } from '../../contract/run-config';
import { evaluateBenchmark } from '../eval/evaluate';
import { createPolicy } from '../model';
import { startWorkerExecutor } from '../parallel/worker-executor';
import type { ConcreteBackend } from '../backend';
import type { SerializedWeights } from '../model/types';
import type { BaseModelSpec } from '../base-models';
import { modelConfigFor } from '../presets';
import { benchmarkTask, createTask, getBenchmark } from '../tasks';
import type { TaskId } from '../tasks/types';
import type { SftProgress } from './train-sft';
import { trainSft } from './train-sft';

export interface MakeBaseOptions {
  base: BaseModelSpec;
  seed: number;
  /** SFT steps; default base.sft.steps. */
  steps?: number;
  /** Samples per held-out problem for the reported accuracy. */
  evalK?: number;
  onProgress?: (p: SftProgress) => void;
  onLog?: (message: string) => void;
  /** Threads sharing each batch (engine/parallel); the weights match up to float rounding. */
  threads?: number;
  /** The backend initialised by the caller (the replicas start the same one). */
  backend?: ConcreteBackend;
}

export interface BaseModelInfo {
  name: string;
  task: TaskId;
  model: BaseModelSpec['model'];
  seed: number;
  steps: number;
  batchSize: number;
  lr: number;
  finalLoss: number;
  sftSeconds: number;
  evalSeconds: number;
  params: number;
  eval: BaseHeldOut[];
}

export async function makeBaseModel(
  options: MakeBaseOptions,
): Promise<{ weights: SerializedWeights; info: BaseModelInfo }> {
  const { base } = options;
  const preset = base.sft;
  const steps = options.steps ?? preset.steps;
  const policy = createPolicy(modelConfigFor(base.model), options.seed);
  const executor = await startWorkerExecutor({
    policy,
    threads: options.threads ?? 1,
    backend: options.backend ?? 'wasm',
  });
  try {
    const sft = await trainSft({
      policy,
      task: createTask(base.task),
      steps,
      batchSize: preset.batchSize,
      lr: preset.lr,
      seed: options.seed,
      maxSeconds: preset.maxSeconds,
      progressEvery: 25,
      onProgress: options.onProgress,
      executor,
    });
    const evalStart = performance.now();
    const k = options.evalK ?? 8;
    const evals: BaseHeldOut[] = [];
    for (const id of TASK_BENCHMARKS[base.task]) {
      const r = await evaluateBenchmark(executor, getBenchmark(id), benchmarkTask(id), {
        k,
        temperature: 1,
        maxResponseTokens: base.model.contextLength - createTask(base.task).maxPromptTokens,
        seed: options.seed,
      });
      evals.push({
        benchmark: id,
        k,
        temperature: 1,
        avgAtK: r.avgAtK,
        stdErr: r.stdErr,
        passAtK: r.passAtK,
        problems: r.problems,
      });
      options.onLog?.(
        `eval ${id}: avg@${k} ${r.avgAtK.toFixed(3)} ± ${r.stdErr.toFixed(3)}, pass@${k} ${r.passAtK.toFixed(3)}`,
      );
    }
    return {
      weights: policy.getWeights(),
      info: {
        name: base.name,
        task: base.task,
        model: base.model,
        seed: options.seed,
        steps: sft.steps,
        batchSize: preset.batchSize,
        lr: preset.lr,
        finalLoss: sft.finalLoss,
        sftSeconds: sft.seconds,
        evalSeconds: (performance.now() - evalStart) / 1000,
        params: policy.variables.reduce((n, v) => n + v.size, 0),
        eval: evals,
      },
    };
  } finally {
    await executor.dispose();
    policy.dispose();
  }
}
