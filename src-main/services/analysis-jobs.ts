// Analysis jobs behind the API: analysis.start resolves the run into a job spec (analysis-spec.ts),
// records a 'running' row, and hands the spec to a child process (runner/host/analysis-runner.ts);
// this process only writes the outcome and pushes events. analysis.cancel kills the process and
// ends the row 'cancelled'. Like runs, the owner keeps a heartbeat on its running jobs: on open,
// rows left 'running' by an owner that died are ended 'interrupted', and a job cancelled from
// another process (the row no longer running) is killed at the next beat.
import { dirname } from 'node:path';
import type { AnalysisJob, AnalysisProgress } from '../contract/api-analysis';
import { WorkbenchError } from '../contract/result';
import { AnalysisRunner } from '../runner/host/analysis-runner';
import type { AnalysisRunnerOptions } from '../runner/host/analysis-runner';
import type { AnalysisRecord } from '../store';
import { resolveAnalysisSpec } from './analysis-spec';
import type { LlmProcessOptions } from '../llm/host/llm-process';
import {
  isLlmRun,
  launchLlmTemperatureJob,
  resolveLlmTemperatureSpec,
} from '../llm/host/temperature-job';
import { notFound } from './experiments';
import type { Handler, ServiceDeps } from './types';

export { ANALYSIS_DEFAULTS, resolveAnalysisSpec } from './analysis-spec';
export type { AnalysisOptions } from './analysis-spec';

/** A 'running' job whose owner has not beaten for this long lost its process. */
export const STALE_ANALYSIS_MS = 30_000;
const INTERRUPTED =
  'the process that ran it stopped before the job finished (killed, crashed or closed); run it again';
const CANCELLED = 'cancelled';

function toJob(r: AnalysisRecord, progress: AnalysisProgress | null): AnalysisJob {
  return { ...r, result: r.result as AnalysisJob['result'], progress };
}

export interface AnalysisJobsOptions extends AnalysisRunnerOptions {
  /** Folder next to the database holding checkpoints and base models. */
  dataDir?: string;
  /** LLM children for jobs on real-model runs (spawner and entry). */
  llm?: LlmProcessOptions;
  /** How often this process touches its running jobs' heartbeat (default 5 s). */
  heartbeatMs?: number;
  /** No heartbeat for this long: the job's owner is gone (default STALE_ANALYSIS_MS). */
  staleMs?: number;
}

/** The analysis.start/list/get/cancel services and the runner whose children they start. */
export function analysisJobServices(deps: ServiceDeps, options: AnalysisJobsOptions = {}) {
  const { store, events } = deps;
  const runner = new AnalysisRunner(options);
  const dataDir = options.dataDir ?? dirname(store.path);
  const progress = new Map<number, AnalysisProgress>();
  // Jobs on LLM analysis runs run in an LLM child, not the runner's; cancel kills them here.
  const llmJobs = new Map<number, { kill(): void }>();
  const active = () => [...runner.active, ...llmJobs.keys()];
  let timer: NodeJS.Timeout | undefined;

  // Events carry the job without its result (clients fetch it with analysis.get).
  const publish = (id: number) => {
    const r = store.analysisResults.get(id);
    if (r)
      events.publish({
        type: 'analysis.updated',
        job: toJob({ ...r, result: null }, progress.get(id) ?? null),
      });
  };

  /** Ends the rows of jobs that are no longer running here; logs instead of throwing. */
  const record = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      console.error(`forkbench: analysis jobs: cannot ${what}: ${String(err)}`);
    }
  };

  const sweep = (): number[] => {
    const before = new Date(Date.now() - (options.staleMs ?? STALE_ANALYSIS_MS)).toISOString();
    const ids = store.analysisResults.interruptStale(before, INTERRUPTED, active());
    ids.forEach(publish);
    return ids;
  };

  const beat = () => {
    if (active().length === 0) {
      clearInterval(timer);
      timer = undefined;
      return;
    }
    // A row that is no longer running was cancelled (or swept) by another process: stop it here.
    for (const id of store.analysisResults.heartbeat(active())) {
      progress.delete(id);
      llmJobs.get(id)?.kill();
      llmJobs.delete(id);
      void runner.cancel(id).then(() => publish(id));
    }
  };

  record('recover interrupted jobs', sweep);

  const start: Handler<'analysis.start'> = ({ runId, kind, options: opts }) => {
    const run = store.runs.get(runId);
    const llm = run !== undefined && isLlmRun(run);
    if (llm && kind !== 'temperature')
      throw new WorkbenchError(
        'invalid_request',
        'on a real-model run, measure overlap with llm.teacherForce',
        'kind',
      );
    const resolved = llm
      ? resolveLlmTemperatureSpec(store, run, opts ?? {})
      : resolveAnalysisSpec(store, dataDir, runId, kind, opts);
    const id = store.analysisResults.create(runId, kind, resolved.options);
    progress.set(id, { done: 0, total: 1, message: 'starting' });
    const callbacks = {
      onProgress: (done: number, total: number, message: string) => {
        progress.set(id, { done, total, message });
        publish(id);
      },
      onEnd: (outcome: Parameters<typeof store.analysisResults.finish>[1]) => {
        progress.delete(id);
        llmJobs.delete(id);
        record('record the result', () => {
          store.analysisResults.finish(id, outcome);
          publish(id);
        });
      },
    };
    if (llm) {
      const spec = resolved.spec as ReturnType<typeof resolveLlmTemperatureSpec>['spec'];
      const llmOptions = options.llm ?? (options.spawn ? { spawn: options.spawn } : {});
      llmJobs.set(id, launchLlmTemperatureJob(spec, callbacks, llmOptions));
    } else runner.launch(id, resolved.spec as Parameters<typeof runner.launch>[1], callbacks);
    timer ??= setInterval(() => record('beat', beat), options.heartbeatMs ?? 5000);
    timer.unref();
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

  const cancel: Handler<'analysis.cancel'> = async ({ id }) => {
    const r = store.analysisResults.get(id);
    if (!r) throw notFound('analysis', id);
    if (r.status !== 'running')
      throw new WorkbenchError('conflict', `analysis #${id} is ${r.status}, not running`, 'id');
    // The row first: a result arriving while the process dies is then refused by finish().
    store.analysisResults.end(id, 'cancelled', CANCELLED);
    progress.delete(id);
    // Not ours (another process runs it): its owner kills it at its next heartbeat.
    llmJobs.get(id)?.kill();
    llmJobs.delete(id);
    await runner.cancel(id);
    publish(id);
    return toJob(store.analysisResults.get(id) as AnalysisRecord, null);
  };

  return {
    runner,
    services: {
      'analysis.start': start,
      'analysis.list': list,
      'analysis.get': get,
      'analysis.cancel': cancel,
    },
    /** Ends rows left 'running' by a dead owner; returns their ids (also done on creation). */
    sweep,
    /** Kills this process's jobs and marks them interrupted (the main process is closing). */
    close(): void {
      clearInterval(timer);
      timer = undefined;
      for (const job of llmJobs.values()) job.kill();
      const ids = [...runner.killAll(), ...llmJobs.keys()];
      llmJobs.clear();
      record('mark jobs interrupted', () =>
        store.transaction(() =>
          ids.forEach((id) =>
            store.analysisResults.end(id, 'interrupted', 'the app or server closed while it ran'),
          ),
        ),
      );
      progress.clear();
    },
  };
}
