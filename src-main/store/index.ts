// The store: one SQLite connection and the repositories over it. SQL lives in store/ only.
import type { OpenOptions, SqliteDatabase } from './db';
import { openDatabase, schemaVersion } from './db';
import { createAnalysisResultsRepository } from './repositories/analysis-results';
import { createCheckpointsRepository } from './repositories/checkpoints';
import { createEvalsRepository } from './repositories/evals';
import { createExperimentsRepository } from './repositories/experiments';
import { createLlmModelsRepository } from './repositories/llm-models';
import { createLogsRepository } from './repositories/logs';
import { createMetricsRepository } from './repositories/metrics';
import { createParamsRepository } from './repositories/params';
import { createRolloutsRepository } from './repositories/rollouts';
import { createRunsRepository } from './repositories/runs';
import { createTagsRepository } from './repositories/tags';

export { APPLICATION_ID, migrate, openDatabase, schemaVersion } from './db';
export type { OpenOptions, SqliteDatabase } from './db';
export { SCHEMA_VERSION } from './migrations';
export { storageErrorFrom } from './errors';
export type { MetricInput } from './repositories/metrics';
export type { NewRun, RunPatch, RunFilter } from './repositories/runs';
export type { NewExperiment, ExperimentPatch } from './repositories/experiments';
export type { LogLine, NewLogLine, LogLevel } from './repositories/logs';
export type { Checkpoint, NewCheckpoint } from './repositories/checkpoints';
export type { NewRolloutSample, RolloutSample } from './repositories/rollouts';
export type { EvalResult, NewEvalResult } from './repositories/evals';
export type { LlmModelRecord, NewLlmModel } from './repositories/llm-models';
export type { AnalysisKind, AnalysisRecord, AnalysisStatus } from './repositories/analysis-results';

export function createStore(db: SqliteDatabase) {
  const tags = createTagsRepository(db);
  const params = createParamsRepository(db);
  const metrics = createMetricsRepository(db);
  const rollouts = createRolloutsRepository(db);
  const evals = createEvalsRepository(db);
  const checkpoints = createCheckpointsRepository(db);
  return {
    db,
    /** Absolute path of the database file. */
    path: db.name,
    schemaVersion: () => schemaVersion(db),
    /** Runs `fn` in one transaction (nested calls become savepoints). */
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    tags,
    params,
    experiments: createExperimentsRepository(db, tags),
    runs: createRunsRepository(db, tags, params),
    metrics,
    logs: createLogsRepository(db),
    checkpoints,
    rollouts,
    evals,
    analysisResults: createAnalysisResultsRepository(db),
    llmModels: createLlmModelsRepository(db),
    /** Deletes a run's metrics, rollouts, evals and checkpoint records after `step`. */
    truncateRunAfter(runId: number, step: number): void {
      db.transaction(() => {
        metrics.truncateAfter(runId, step);
        rollouts.truncateAfter(runId, step);
        evals.truncateAfter(runId, step);
        checkpoints.truncateAfter(runId, step);
      })();
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/** Opens the database at `path` (see openDatabase) and wraps it in a Store. */
export function openStore(path: string, options: OpenOptions = {}): Store {
  return createStore(openDatabase(path, options));
}
