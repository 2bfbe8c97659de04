// Composition root shared by the Electron main process and serve mode: one store, one event
// hub, the services, and `call` (dispatch) for transports.
import type { Method, Responses } from '../contract/api';
import type { Result, WorkbenchError } from '../contract/result';
import { fail } from '../contract/result';
import type { Store } from '../store';
import { openStore } from '../store';
import { analysisJobServices } from './analysis-jobs';
import type { JobRunnerOptions } from './jobs';
import { createJobRunner } from './jobs';
import { scaleoutServices } from './scaleout';
import { llmRunServices } from '../llm/host/analysis-runs';
import { createBindingProbe, llmModelServices } from '../llm/host/models-service';
import type { LlmProcessOptions } from '../llm/host/llm-process';
import type { AnalysisRunnerOptions } from '../runner/host/analysis-runner';
import { dispatch } from './dispatch';
import { EventHub } from './events';
import { createServices } from './index';
import type { RunLifecycle, RunnerOptions } from './run-lifecycle';
import { createRunLifecycle } from './run-lifecycle';
import type { Handler, ServiceDeps, Services } from './types';

export interface WorkbenchOptions {
  dbPath: string;
  /** better_sqlite3.node built for Electron's ABI (the desktop app). */
  nativeBinding?: string;
  transport: 'ipc' | 'http';
  /** Run queue settings (trainer spawner, concurrency, checkpoint folder). */
  runner?: RunnerOptions;
  /** Analysis job processes (spawner and entry file; the desktop app uses utilityProcess). */
  analysis?: AnalysisRunnerOptions;
  /** The desktop app's native save dialog (app.saveFile); serve mode downloads instead. */
  saveFile?: Handler<'app.saveFile'>;
  /** LLM (GGUF) child processes; default: the analysis spawner with llm-entry.ts through tsx. */
  llm?: LlmProcessOptions;
}

export interface Workbench {
  store: Store;
  events: EventHub;
  services: Services;
  /** Validates and runs one API call; never throws. */
  call(method: unknown, payload: unknown): Promise<Result<Responses[Method]>>;
  /** The run queue; idle until `queue.start()` (serve, app, CLI), so tests can leave it off. */
  queue: RunLifecycle['queue'];
  /** Closes now: active runs are killed and marked interrupted (resumable). */
  close(): void;
  /** Stops active runs cleanly (each checkpoints), then closes. */
  shutdown(): Promise<void>;
}

/** Builds the workbench over an open store (the caller keeps ownership of the store). */
export function createWorkbench(
  store: Store,
  transport: 'ipc' | 'http',
  runner: RunnerOptions = {},
  analysisOptions: AnalysisRunnerOptions = {},
  saveFile?: Handler<'app.saveFile'>,
  jobOptions: JobRunnerOptions = {},
  llmOptions?: LlmProcessOptions,
): Workbench {
  const events = new EventHub();
  const deps: ServiceDeps = { store, events, transport };
  const lifecycle = createRunLifecycle(deps, runner);
  // LLM children use the same spawner as analysis jobs (utilityProcess in the app).
  const llmProcess = llmOptions ?? (analysisOptions.spawn ? { spawn: analysisOptions.spawn } : {});
  const analysis = analysisJobServices(deps, {
    ...analysisOptions,
    llm: llmProcess,
    ...(runner.dataDir === undefined ? {} : { dataDir: runner.dataDir }),
  });
  const llmRuns = llmRunServices(deps, llmProcess);
  const jobs = createJobRunner(store, jobOptions);
  const services = createServices(deps, {
    lifecycle: lifecycle.services,
    analysisJobs: analysis.services,
    scaleout: scaleoutServices(deps, jobs),
    llm: { ...llmModelServices(deps, createBindingProbe(llmProcess)), ...llmRuns.services },
    ...(saveFile ? { saveFile } : {}),
  });
  return {
    store,
    events,
    services,
    call: async (method, payload) => {
      // A deleted or replaced database file refuses every call, reads included: what the UI
      // would show and write could not survive a restart.
      try {
        store.checkFileIntact();
      } catch (err) {
        const e = err as WorkbenchError;
        return fail(e.code, e.message);
      }
      return dispatch(services, method, payload, { dbPath: store.path });
    },
    queue: lifecycle.queue,
    close: () => {
      jobs.closeAll();
      analysis.close();
      llmRuns.close();
      lifecycle.queue.closeNow();
      store.close();
    },
    shutdown: async () => {
      jobs.closeAll();
      analysis.close();
      llmRuns.close();
      await lifecycle.queue.shutdown();
      store.close();
    },
  };
}

/** Opens the database (throws WorkbenchError('storage_error') if it cannot) and builds on it. */
export function openWorkbench(options: WorkbenchOptions): Workbench {
  const store = openStore(
    options.dbPath,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  return createWorkbench(
    store,
    options.transport,
    options.runner,
    options.analysis,
    options.saveFile,
    undefined,
    options.llm,
  );
}
