// Analysis jobs behind the API: analysis.start resolves the run, its checkpoints and options
// from the store into a job spec, records a 'running' row, and hands the spec to a child
// process (runner/analysis-runner.ts); this process only writes the outcome and pushes events.
// `resolveAnalysisSpec` is shared with `forkbench analyze`.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { AnalysisJob, AnalysisKind, AnalysisProgress } from '../contract/api-analysis';
import { WorkbenchError } from '../contract/result';
import { parseRunConfig } from '../contract/run-config';
import { TEMPERATURE_GRID } from '../engine/analysis/temperature';
import { benchmarksForTask } from '../engine/tasks';
import { BOS_ID, encode } from '../engine/tokenizer';
import type { AnalysisJobSpec, ModelRef } from '../runner/analysis-protocol';
import { AnalysisRunner } from '../runner/analysis-runner';
import type { AnalysisRunnerOptions } from '../runner/analysis-runner';
import { findBaseModel } from '../runner/checkpoint-files';
import type { Store } from '../store';
import type { AnalysisRecord } from '../store';
import { notFound } from './experiments';
import type { Handler, Parsed, ServiceDeps } from './types';

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

function toJob(r: AnalysisRecord, progress: AnalysisProgress | null): AnalysisJob {
  return { ...r, result: r.result as AnalysisJob['result'], progress };
}

export interface AnalysisJobsOptions extends AnalysisRunnerOptions {
  /** Folder next to the database holding checkpoints and base models. */
  dataDir?: string;
}

/** The analysis.start/list/get services and the runner whose children they start. */
export function analysisJobServices(deps: ServiceDeps, options: AnalysisJobsOptions = {}) {
  const { store, events } = deps;
  const runner = new AnalysisRunner(options);
  const dataDir = options.dataDir ?? dirname(store.path);
  const progress = new Map<number, AnalysisProgress>();

  // Events carry the job without its result (clients fetch it with analysis.get).
  const publish = (id: number) => {
    const r = store.analysisResults.get(id);
    if (r)
      events.publish({
        type: 'analysis.updated',
        job: toJob({ ...r, result: null }, progress.get(id) ?? null),
      });
  };

  const start: Handler<'analysis.start'> = ({ runId, kind, options: opts }) => {
    const { spec, options: effective } = resolveAnalysisSpec(store, dataDir, runId, kind, opts);
    const id = store.analysisResults.create(runId, kind, effective);
    progress.set(id, { done: 0, total: 1, message: 'starting' });
    runner.launch(id, spec, {
      onProgress: (done, total, message) => {
        progress.set(id, { done, total, message });
        publish(id);
      },
      onEnd: (outcome) => {
        progress.delete(id);
        try {
          store.analysisResults.finish(id, outcome);
          publish(id);
        } catch (err) {
          console.error(`forkbench: analysis job ${id}: cannot record the result: ${String(err)}`);
        }
      },
    });
    publish(id);
    const row = store.analysisResults.get(id) as AnalysisRecord;
    return toJob(row, progress.get(id) ?? null);
  };

  const list: Handler<'analysis.list'> = ({ runId, kind }) => {
    if (!store.runs.get(runId)) throw notFound('run', runId, 'runId');
    return store.analysisResults.list(runId, kind).map((r) => toJob(r, progress.get(r.id) ?? null));
  };

  const get: Handler<'analysis.get'> = ({ id }) => {
    const r = store.analysisResults.get(id);
    if (!r) throw notFound('analysis', id);
    return toJob(r, progress.get(id) ?? null);
  };

  return {
    runner,
    services: { 'analysis.start': start, 'analysis.list': list, 'analysis.get': get },
  };
}
