// Finding runs whose owner died, and preparing a run to continue from its last checkpoint.
import { existsSync } from 'node:fs';
import { readCheckpointFile } from '../checkpoints/checkpoint-files';
import type { CheckpointRecord, RunStore } from './run-store';

/** A 'running' run whose heartbeat is older than this has lost its main process. */
export const STALE_HEARTBEAT_MS = 30_000;

/**
 * Marks runs 'interrupted' when they claim to be running but nobody has touched their
 * heartbeat for `staleMs` (the server, app or CLI that owned them was killed). Returns their ids.
 */
export function recoverInterrupted(
  store: RunStore,
  options: { staleMs?: number; now?: number; exclude?: ReadonlySet<number> } = {},
): number[] {
  const now = options.now ?? Date.now();
  const before = new Date(now - (options.staleMs ?? STALE_HEARTBEAT_MS)).toISOString();
  const stamp = new Date(now).toISOString();
  const ids = store.staleRunning(before).filter((id) => !options.exclude?.has(id));
  if (ids.length === 0) return ids;
  store.transaction(() => {
    for (const id of ids) {
      store.setStatus(id, 'interrupted', {
        error:
          'the process that ran it stopped without finishing (killed, crashed or slept); resume it',
        now: stamp,
      });
      store.appendLogs(id, [
        { time: stamp, level: 'warn', message: 'run found interrupted (stale heartbeat)' },
      ]);
    }
  });
  return ids;
}

/** The newest checkpoint whose file is present and intact, or undefined. */
export function lastGoodCheckpoint(store: RunStore, runId: number): CheckpointRecord | undefined {
  const all = store.checkpoints(runId).sort((a, b) => b.step - a.step);
  for (const c of all) {
    if (!existsSync(c.path)) continue;
    try {
      readCheckpointFile(c.path, c.sha256);
      return c;
    } catch {
      // damaged: fall back to an older one
    }
  }
  return undefined;
}

/**
 * Rewinds a run to its last good checkpoint so that continuing appends without duplicate or
 * zig-zagging steps: everything recorded after that step goes. Returns the step (0 = restart).
 */
export function rewindToCheckpoint(store: RunStore, runId: number): number {
  const ckpt = lastGoodCheckpoint(store, runId);
  const step = ckpt?.step ?? -1;
  store.transaction(() => store.truncateAfter(runId, step));
  return Math.max(step, 0);
}
