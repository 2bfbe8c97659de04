// The store: one SQLite connection and the repositories over it. SQL lives in store/ only.
import { statSync } from 'node:fs';
import { WorkbenchError } from '../contract/result';
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
import { createRunSourcesRepository } from './repositories/run-sources';
import { createScaleoutJobsRepository } from './repositories/scaleout-jobs';
import { createTagsRepository } from './repositories/tags';

export { APPLICATION_ID, migrate, openDatabase, schemaVersion } from './db';
export type { OpenOptions, SqliteDatabase } from './db';
export { SCHEMA_VERSION } from './migrations';
export { storageErrorFrom } from './errors';
export type { MetricInput } from './repositories/metrics';
export type { NewRun, RunOwner, RunOwnerId, RunPatch, RunFilter } from './repositories/runs';
export { thisProcess } from './repositories/runs';
export type { NewExperiment, ExperimentPatch } from './repositories/experiments';
export type { NewLogLine } from './repositories/logs';
export type { Checkpoint, NewCheckpoint } from './repositories/checkpoints';
export type { NewEval } from './repositories/evals';
export type { RunSource } from './repositories/run-sources';
export type { JobLogLine, JobStatus, ScaleoutJob } from './repositories/scaleout-jobs';
export type { LlmModelRecord, NewLlmModel } from './repositories/llm-models';
export type { AnalysisKind, AnalysisRecord, AnalysisStatus } from './repositories/analysis-results';

/** The file's identity (device and inode) when the connection was opened. */
function fileIdentity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Throws when the file at `path` is no longer the one this connection opened (deleted, or
 * replaced by another file): SQLite would keep writing into the unlinked file, and every
 * acknowledged write would vanish on restart.
 */
function checkFileIntact(path: string, identity: string | undefined): void {
  if (identity === undefined) return; // in-memory or special database: nothing to compare
  const now = fileIdentity(path);
  if (now === identity) return;
  throw new WorkbenchError(
    'storage_error',
    now === undefined
      ? `database ${path} was deleted while Forkbench had it open; nothing more is written ` +
          'to it. Restore the file or restart Forkbench'
      : `database ${path} was replaced by another file while Forkbench had it open; nothing ` +
          'more is written to it. Restart Forkbench to open the new file',
  );
}

export function createStore(db: SqliteDatabase) {
  const identity = db.memory ? undefined : fileIdentity(db.name);
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
    /** This database's own random id (made once, by migration 006); names its checkpoint folder. */
    storeId: (): string =>
      (db.prepare("SELECT value FROM store_meta WHERE key = 'store_id'").get() as { value: string })
        .value,
    /** Runs `fn` in one transaction (nested calls become savepoints); refuses a vanished file. */
    transaction: <T>(fn: () => T): T => {
      if (!db.inTransaction) checkFileIntact(db.name, identity);
      return db.transaction(fn)();
    },
    /** Throws storage_error when the database file was deleted or replaced since opening. */
    checkFileIntact: (): void => checkFileIntact(db.name, identity),
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
    runSources: createRunSourcesRepository(db),
    scaleoutJobs: createScaleoutJobsRepository(db),
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
