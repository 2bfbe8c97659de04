// The database operations the runner needs, as one interface. store-adapter.ts implements it
// over the store's repositories; the queue, host and writer depend only on this.
import type { Run, RunStatus } from '../../contract/entities';
import type { WorkbenchEvent } from '../../contract/events';
import type {
  EvalResultMessage,
  LogLevel,
  MetricPointMessage,
  RolloutSampleMessage,
} from '../../contract/trainer-protocol';

export interface LogLine {
  time: string; // ISO 8601
  level: LogLevel;
  message: string;
}

export interface CheckpointRecord {
  step: number;
  path: string;
  sha256: string;
  bytes: number;
}

export interface RunStore {
  /** Runs `fn` in one write transaction. */
  transaction<T>(fn: () => T): T;
  getRun(runId: number): Run | undefined;
  /** Queued run ids, oldest first. */
  queuedRunIds(): number[];
  /** queued → running, atomically; false when another process took it first. */
  claim(runId: number, now: string): boolean;
  setStatus(
    runId: number,
    status: RunStatus,
    fields?: { error?: string | null; now?: string },
  ): void;
  setBackend(runId: number, backend: string, device: string): void;
  heartbeat(runIds: readonly number[], now: string): void;
  /** Runs with status 'running' whose heartbeat is older than `before` (or missing). */
  staleRunning(before: string): number[];
  appendMetrics(runId: number, points: readonly MetricPointMessage[]): void;
  appendLogs(runId: number, lines: readonly LogLine[]): void;
  appendRollouts(runId: number, step: number, samples: readonly RolloutSampleMessage[]): void;
  appendEval(runId: number, step: number, results: readonly EvalResultMessage[], now: string): void;
  addCheckpoint(runId: number, checkpoint: CheckpointRecord, now: string): void;
  checkpoints(runId: number): CheckpointRecord[];
  removeCheckpoint(runId: number, step: number): void;
  /** Deletes everything recorded after `step` (metrics, summaries, rollouts, evals, checkpoints). */
  truncateAfter(runId: number, step: number): void;
}

/** Where live events go (the services' EventHub). */
export interface EventSink {
  publish(event: WorkbenchEvent): void;
}
