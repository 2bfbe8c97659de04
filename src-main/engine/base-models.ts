// The shipped SFT base models: one entry per checkpoint in resources/base-models/, with the
// task it imitates, its shape and the SFT budget `forkbench make-base` uses to re-create it.
// Three sizes of the same task, so the `scaling` preset can ask the paper's size question.
import type { RunConfig } from '../contract/run-config';
import type { TaskId } from './tasks/types';

export interface SftBudget {
  steps: number;
  batchSize: number;
  lr: number;
  /** A safety net only: the step budget decides, so the weights are reproducible. */
  maxSeconds: number;
}

export interface BaseModelSpec {
  /** File stem in resources/base-models/ and the value of a run config's `base`. */
  name: string;
  task: TaskId;
  /** Short size label shown in forms and tables ("0.1M"). */
  size: string;
  model: RunConfig['model'];
  sft: SftBudget;
}

/** Context 72 = BOS + prompt (≤ 11) + the longest demonstration (≤ 59 with EOS), plus one. */
const CONTEXT = 72;

export const BASE_MODELS: readonly BaseModelSpec[] = [
  {
    name: 'pair-search-xs',
    task: 'pair-search',
    size: '0.03M',
    model: { layers: 2, dModel: 32, heads: 4, mlpRatio: 4, contextLength: CONTEXT },
    sft: { steps: 2000, batchSize: 32, lr: 3e-3, maxSeconds: 3600 },
  },
  {
    name: 'pair-search-s',
    task: 'pair-search',
    size: '0.1M',
    model: { layers: 2, dModel: 64, heads: 4, mlpRatio: 4, contextLength: CONTEXT },
    sft: { steps: 2000, batchSize: 32, lr: 3e-3, maxSeconds: 3600 },
  },
  {
    name: 'pair-search-m',
    task: 'pair-search',
    size: '0.25M',
    model: { layers: 3, dModel: 80, heads: 4, mlpRatio: 4, contextLength: CONTEXT },
    sft: { steps: 2000, batchSize: 32, lr: 2e-3, maxSeconds: 2 * 3600 },
  },
];

/** The base a task's presets start from by default. */
export const DEFAULT_BASE: Partial<Record<TaskId, string>> = { 'pair-search': 'pair-search-s' };

export function getBaseModel(name: string): BaseModelSpec | undefined {
  return BASE_MODELS.find((b) => b.name === name);
}
