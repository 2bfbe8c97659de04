// Finding runs whose owner died, and preparing a run to continue from its last checkpoint.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { WorkbenchError } from '../../contract/result';
import { processAlive, readCheckpointFile } from '../checkpoints/checkpoint-files';
import type { CheckpointRecord, RunStore } from './run-store';

/** A 'running' run whose heartbeat is older than this has lost its main process. */
export const STALE_HEARTBEAT_MS = 30_000;

/**
 * Whether the process recorded as a run's owner is certainly gone: it ran on this machine and
 * no process has its pid. Another machine's owner (a shared folder) is judged by heartbeat only;
 * this very process is never "gone" (its own queue decides).
 */
export function ownerGone(owner: { pid: number | null; host: string | null }): boolean {
  if (owner.pid === null || owner.host !== hostname() || owner.pid === process.pid) return false;
  return !processAlive(owner.pid);
}

function markInterrupted(store: RunStore, id: number, why: string, stamp: string): void {
  // Fenced first: if the old owner only stalled (SIGSTOP, a sleeping laptop), its generation
  // is now stale and nothing it still has buffered can land in this run.
  store.fence(id);
  store.setStatus(id, 'interrupted', {
    error:
      'the process that ran it stopped without finishing (killed, crashed or slept); resume it',
    now: stamp,
  });
  store.appendLogs(id, [{ time: stamp, level: 'warn', message: `run found interrupted (${why})` }]);
}

/**
 * Marks runs 'interrupted' when they claim to be running but their owner is gone (its process
 * no longer exists) or nobody has touched their heartbeat for `staleMs` (killed, stopped,
 * asleep). Returns their ids.
 */
export function recoverInterrupted(
  store: RunStore,
  options: { staleMs?: number; now?: number; exclude?: ReadonlySet<number> } = {},
): number[] {
  const now = options.now ?? Date.now();
  const before = new Date(now - (options.staleMs ?? STALE_HEARTBEAT_MS)).toISOString();
  const stamp = new Date(now).toISOString();
  const why = new Map<number, string>();
  for (const id of store.staleRunning(before)) why.set(id, 'stale heartbeat');
  for (const o of store.runningOwners())
    if (!why.has(o.id) && ownerGone(o)) why.set(o.id, `its owner process ${o.pid} is gone`);
  const ids = [...why.keys()].filter((id) => !options.exclude?.has(id)).sort((a, b) => a - b);
  if (ids.length === 0) return ids;
  store.transaction(() => {
    for (const id of ids) markInterrupted(store, id, why.get(id) as string, stamp);
  });
  return ids;
}

/**
 * A 'running' run that no queue of this process holds: recovered (interrupted, fenced) when
 * its owner is gone or its heartbeat stale, so a resume can continue it at once. Otherwise a
 * conflict naming the live owner.
 */
export function recoverIfOrphaned(
  store: RunStore,
  runId: number,
  options: { staleMs?: number; now?: number } = {},
): void {
  const owner = store.owner(runId);
  if (owner?.status !== 'running') return;
  const now = options.now ?? Date.now();
  const staleMs = options.staleMs ?? STALE_HEARTBEAT_MS;
  const beat = owner.heartbeatAt === null ? -Infinity : Date.parse(owner.heartbeatAt);
  const stamp = new Date(now).toISOString();
  if (ownerGone(owner)) {
    store.transaction(() =>
      markInterrupted(store, runId, `its owner process ${owner.pid} is gone`, stamp),
    );
    return;
  }
  if (now - beat > staleMs) {
    store.transaction(() => markInterrupted(store, runId, 'stale heartbeat', stamp));
    return;
  }
  const who = owner.pid === null ? 'another process' : `process ${owner.pid} on ${owner.host}`;
  throw new WorkbenchError(
    'conflict',
    `run #${runId} is running in ${who} (heartbeat ${Math.round((now - beat) / 1000)} s ago); ` +
      'stop it there, or resume it once that process is gone',
  );
}

/** Why each unusable checkpoint was skipped, newest first. */
export type SkippedCheckpoint = { checkpoint: CheckpointRecord; why: string };

/**
 * The newest checkpoint whose file is present and intact, or undefined. Each one skipped on
 * the way (missing or damaged file) is reported through `onSkip`, never silently.
 */
export function lastGoodCheckpoint(
  store: RunStore,
  runId: number,
  onSkip: (skipped: SkippedCheckpoint) => void = () => undefined,
): CheckpointRecord | undefined {
  const all = store.checkpoints(runId).sort((a, b) => b.step - a.step);
  for (const c of all) {
    if (!existsSync(c.path)) {
      onSkip({ checkpoint: c, why: `checkpoint at step ${c.step} is missing (${c.path})` });
      continue;
    }
    try {
      readCheckpointFile(c.path, c.sha256);
      return c;
    } catch (err) {
      onSkip({ checkpoint: c, why: `checkpoint at step ${c.step}: ${(err as Error).message}` });
    }
  }
  return undefined;
}

/**
 * The checkpoint a run continues from: the last good one; undefined when it never had one
 * (it restarts from step 0). A run whose checkpoints all turn out missing or damaged is refused
 * loudly: continuing from step 0 would silently throw its training away.
 */
export function resumePoint(
  store: RunStore,
  runId: number,
  onSkip?: (skipped: SkippedCheckpoint) => void,
): CheckpointRecord | undefined {
  const skipped: SkippedCheckpoint[] = [];
  const ckpt = lastGoodCheckpoint(store, runId, (s) => {
    skipped.push(s);
    onSkip?.(s);
  });
  if (ckpt || skipped.length === 0) return ckpt;
  throw new WorkbenchError(
    'conflict',
    `run #${runId} cannot resume: none of its ${skipped.length} checkpoints is usable ` +
      `(${skipped.map((s) => s.why).join('; ')}); it was not restarted from step 0. ` +
      'Duplicate it to train again from the start',
  );
}

/**
 * Rewinds a run to its last good checkpoint so that continuing appends without duplicate or
 * zig-zagging steps: everything recorded after that step goes. Returns the step (0 = restart,
 * only for a run that never checkpointed). Skipped checkpoints are logged as warnings.
 */
export function rewindToCheckpoint(store: RunStore, runId: number): number {
  const warn = (s: SkippedCheckpoint) =>
    store.appendLogs(runId, [
      { time: new Date().toISOString(), level: 'warn', message: `${s.why}; skipped` },
    ]);
  const ckpt = resumePoint(store, runId, warn);
  const step = ckpt?.step ?? -1;
  store.transaction(() => store.truncateAfter(runId, step));
  return Math.max(step, 0);
}
