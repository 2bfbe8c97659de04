// From a run in the store to an analysis job spec: its checkpoints, base model, stored responses
// and every option resolved (analysis.start; the job itself runs in a child process).
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { AnalysisKind } from '../contract/api-analysis';
import { WorkbenchError } from '../contract/result';
import { parseRunConfig } from '../contract/run-config';
import { TEMPERATURE_GRID } from '../engine/analysis/temperature';
import { benchmarksForTask } from '../engine/tasks';
import { BOS_ID, encode } from '../engine/tokenizer';
import type { AnalysisJobSpec, ModelRef } from '../contract/analysis-protocol';
import { findBaseModel } from '../runner/checkpoints/checkpoint-files';
import type { Store } from '../store';
import { notFound } from './experiments';
import type { Parsed } from './types';

export type AnalysisOptions = NonNullable<Parsed<'analysis.start'>['options']>;

/** Defaults small enough for a few minutes on two CPU cores. */
export const ANALYSIS_DEFAULTS = {
  responses: 32,
  rho: 0.2,
  problems: 24,
  k: 1,
  percentile: 80,
} as const;

/**
 * The job spec for `kind` on run `runId`, with every option resolved (the effective options are
 * returned too, for the record). Throws WorkbenchError for a missing run, no checkpoint files, an
 * unknown benchmark or step.
 */
export function resolveAnalysisSpec(
  store: Store,
  dataDir: string,
  runId: number,
  kind: AnalysisKind,
  options: AnalysisOptions = {},
): { spec: AnalysisJobSpec; options: Record<string, unknown> } {
  const run = store.runs.get(runId);
  if (!run) throw notFound('run', runId, 'runId');
  const parsed = parseRunConfig(run.config);
  if (!parsed.ok) throw new WorkbenchError('invalid_request', `run #${runId}: ${parsed.message}`);
  const config = parsed.value;
  const locate = (p: string) => (isAbsolute(p) ? p : join(dataDir, p));
  const checkpoints: ModelRef[] = store.checkpoints
    .list(runId)
    .filter((c) => existsSync(locate(c.path)))
    .sort((a, b) => a.step - b.step)
    .map((c) => ({
      step: c.step,
      label: `step ${c.step}`,
      path: locate(c.path),
      sha256: c.sha256,
    }));
  if (checkpoints.length === 0)
    throw new WorkbenchError(
      'not_found',
      `run #${runId} has no checkpoint files to analyse (looked in ${dataDir})`,
      'runId',
    );
  const seed = options.seed ?? config.seed;
  if (kind === 'overlap') {
    const models = [...checkpoints];
    let hasBase = false;
    if (config.base !== null) {
      try {
        models.unshift({
          step: 0,
          label: `base (${config.base})`,
          path: findBaseModel(config.base, dataDir),
        });
        hasBase = true;
      } catch {
        // No base file here: the first checkpoint is the reference (the result says so).
      }
    }
    const responses = options.responses ?? ANALYSIS_DEFAULTS.responses;
    const source = options.source ?? 'final';
    const rho = options.rho ?? ANALYSIS_DEFAULTS.rho;
    const scope = options.scope ?? 'pool';
    const spec: AnalysisJobSpec = {
      kind,
      runId,
      config,
      models,
      hasBase,
      responses,
      source,
      rho,
      scope,
    };
    if (source === 'stored') {
      const stored: { prompt: number[]; response: number[] }[] = [];
      for (const step of store.rollouts.steps(runId).reverse()) {
        for (const s of store.rollouts.list(runId, step)) {
          if (stored.length >= responses) break;
          if (s.tokens.length > 0)
            stored.push({ prompt: [BOS_ID, ...encode(s.prompt)], response: [...s.tokens] });
        }
        if (stored.length >= responses) break;
      }
      if (stored.length === 0)
        throw new WorkbenchError('not_found', `run #${runId} has no stored rollouts`, 'runId');
      spec.stored = stored;
    }
    return { spec, options: { responses, source, rho, scope } };
  }
  const model =
    options.step === undefined
      ? (checkpoints[checkpoints.length - 1] as ModelRef)
      : checkpoints.find((c) => c.step === options.step);
  if (!model)
    throw new WorkbenchError(
      'not_found',
      `run #${runId} has no checkpoint at step ${options.step} (has ${checkpoints.map((c) => c.step).join(', ')})`,
      'options.step',
    );
  const known = benchmarksForTask(config.task).map((b) => b.id);
  const benchmark = options.benchmark ?? config.eval.benchmarks[0] ?? known[0] ?? '';
  if (!known.includes(benchmark))
    throw new WorkbenchError(
      'invalid_request',
      `benchmark '${benchmark}' is not one of ${config.task}'s (${known.join(', ')})`,
      'options.benchmark',
    );
  const resolved = {
    step: model.step,
    benchmark,
    problems: options.problems ?? ANALYSIS_DEFAULTS.problems,
    k: options.k ?? ANALYSIS_DEFAULTS.k,
    grid: options.grid ?? [...TEMPERATURE_GRID],
    percentile: options.percentile ?? ANALYSIS_DEFAULTS.percentile,
    seed,
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  };
  return {
    spec: { kind, runId, config, model, ...resolved },
    options: resolved,
  };
}
