// The database operations the runner needs, as one interface. store-adapter.ts implements it
// over the store's repositories; the queue, host and writer depend only on this.
import type { RunLogLine } from '../../contract/api-runs';
import type { Run, RunStatus } from '../../contract/entities';
import type { RunOwner } from '../../store';
import type { WorkbenchEvent } from '../../contract/events';
import type { RolloutRecord } from '../../contract/rollout';
import type { EvalRecord } from '../../contract/eval-record';
import type { MetricPointMessage } from '../../contract/trainer-protocol';

/** A log line before the store numbers it. */
export type LogLine = Omit<RunLogLine, 'seq'>;

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
  /** queued → running for this process, atomically: the new owner generation, or null when
   * another process took it first. */
  claim(runId: number, now: string): number | null;
  /** Bumps the owner generation: whoever held the run can no longer write to it. */
  fence(runId: number): void;
  /** The run's recorded owner and generation. */
  owner(runId: number): RunOwner | undefined;
  /** 'running' runs with the process recorded as their owner. */
  runningOwners(): { id: number; pid: number | null; host: string | null }[];
  setStatus(
    runId: number,
    status: RunStatus,
    fields?: { error?: string | null; now?: string },
  ): void;
  setBackend(runId: number, backend: string, device: string): void;
  /** Heartbeats the runs still held at these generations; returns the ids refreshed. */
  heartbeatOwned(owned: readonly { id: number; generation: number }[], now: string): number[];
  /** Runs with status 'running' whose heartbeat is older than `before` (or missing). */
  staleRunning(before: string): number[];
  appendMetrics(runId: number, points: readonly MetricPointMessage[]): void;
  appendLogs(runId: number, lines: readonly LogLine[]): void;
  appendRollouts(runId: number, step: number, samples: readonly RolloutRecord[]): void;
  appendEval(runId: number, step: number, results: readonly EvalRecord[], now: string): void;
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
