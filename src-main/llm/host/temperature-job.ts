// analysis.start 'temperature' on an LLM analysis run: the same job row, progress and result
// shape as on a Forkbench run (so the Temperature tab and its figure work as they are), but the
// decoding happens in an LLM child over the run's model, problems and sampling settings.
import type { TemperatureResult } from '../../contract/api-analysis';
import type { Request } from '../../contract/api';
import { WorkbenchError } from '../../contract/result';
import type { Run } from '../../contract/entities';
import type { Store } from '../../store';
import type { PromptProblem, SamplingSettings, TemperatureSweepSpec } from '../protocol';
import { inspectGguf } from './inspect';
import type { LlmProcessOptions } from './llm-process';
import { startLlmProcess } from './llm-process';

/** The paper's sweep points (Fig. 3). */
export const PAPER_GRID = [0, 0.05, 0.3, 0.6, 1, 2, 3, 5];

type Options = NonNullable<Request<'analysis.start'>['options']>;

export const isLlmRun = (run: Run) => run.task === 'llm-analysis';

/** The spec and the effective options, from the run's recorded config and the problems it ran. */
export function resolveLlmTemperatureSpec(store: Store, run: Run, o: Options) {
  const cfg = run.config as {
    model?: { path?: string };
    sampling?: SamplingSettings;
    promptSet?: string;
    contextSize?: number;
  };
  if (!cfg.model?.path || !cfg.sampling)
    throw new WorkbenchError(
      'invalid_request',
      `run #${run.id} records no model or sampling settings`,
      'runId',
    );
  inspectGguf(cfg.model.path);
  // The run's own problems, in order, with their reference answers (one per problem).
  const seen = new Map<string, PromptProblem>();
  for (const s of store.rollouts.list(run.id, 0)) {
    const id = String(s.extra?.['problemId'] ?? s.idx);
    const prompt = s.extra?.['problem'];
    if (!seen.has(id))
      seen.set(id, {
        id,
        prompt: typeof prompt === 'string' ? prompt : '',
        answer: String(s.extra?.['answer'] ?? ''),
      });
  }
  const all = [...seen.values()];
  if (all.length === 0 || all.some((p) => !p.prompt))
    throw new WorkbenchError(
      'invalid_request',
      `run #${run.id} has no stored problems to decode`,
      'runId',
    );
  const problems = all.slice(0, o.problems ?? 24);
  const effective = {
    problems: problems.length,
    k: o.k ?? 1,
    grid: o.grid ?? PAPER_GRID,
    percentile: o.percentile ?? 80,
    ...(o.threshold === undefined ? {} : { threshold: o.threshold }),
    seed: o.seed ?? 0,
  };
  const spec: TemperatureSweepSpec = {
    kind: 'temperature',
    modelPath: cfg.model.path,
    contextSize: cfg.contextSize ?? 4096,
    parallel: 4,
    threads: Number(process.env['FORKBENCH_LLM_THREADS'] ?? 0) || 0,
    runId: run.id,
    promptSetLabel: cfg.promptSet ?? 'prompts',
    problems,
    sampling: { ...cfg.sampling, seed: effective.seed },
    k: effective.k,
    grid: effective.grid,
    percentile: effective.percentile,
    ...(o.threshold === undefined ? {} : { threshold: o.threshold }),
  };
  return { spec, options: effective };
}

export function launchLlmTemperatureJob(
  spec: TemperatureSweepSpec,
  cb: {
    onProgress(done: number, total: number, message: string): void;
    onEnd(outcome: { result: TemperatureResult } | { error: string }): void;
  },
  options: LlmProcessOptions = {},
): { kill(): void } {
  try {
    return startLlmProcess(
      spec,
      (m) => {
        if (m.type === 'progress')
          cb.onProgress(m.done, m.total, `${m.done}/${m.total} decodes · ${m.tokens} tokens`);
        else if (m.type === 'done' && m.result) cb.onEnd({ result: m.result });
        else if (m.type === 'done') cb.onEnd({ error: 'the model process sent no result' });
        else if (m.type === 'error') cb.onEnd({ error: m.error });
      },
      options,
    );
  } catch (err) {
    cb.onEnd({ error: `cannot start the model process: ${(err as Error).message}` });
    return { kill: () => undefined };
  }
}
