// RunStore over the store's repositories: the runner's database operations, with no SQL of its
// own (SQL lives in store/). Only the main process writes through it (the one-writer rule).
import type { RunStatus } from '../../contract/entities';
import type { Store } from '../../store';
import type { RunStore } from './run-store';

const TERMINAL: ReadonlySet<RunStatus> = new Set([
  'finished',
  'failed',
  'stopped',
  'interrupted',
  'crashed',
]);

export function runStoreFrom(store: Store): RunStore {
  return {
    transaction: (fn) => store.transaction(fn),
    getRun: (id) => store.runs.get(id),
    queuedRunIds: () => store.runs.queuedIds(),
    claim: (id, now) => store.transaction(() => store.runs.claim(id, now)),
    fence: (id) => store.transaction(() => store.runs.fence(id)),
    owner: (id) => store.runs.owner(id),
    runningOwners: () => store.runs.runningOwners(),
    setStatus(id, status, fields = {}) {
      const now = fields.now ?? new Date().toISOString();
      store.runs.update(id, {
        status,
        ...(fields.error !== undefined ? { error: fields.error } : {}),
        ...(TERMINAL.has(status) ? { endedAt: now } : { endedAt: null }),
      });
    },
    setBackend: (id, backend, device) => void store.runs.update(id, { backend, device }),
    heartbeatOwned: (owned, now) => store.transaction(() => store.runs.heartbeatOwned(owned, now)),
    staleRunning: (before) => store.runs.staleRunning(before),
    appendMetrics(runId, points) {
      store.metrics.insert(
        runId,
        points.flatMap((p) =>
          Object.entries(p.values).map(([key, value]) => ({
            key,
            value,
            step: p.step,
            wallTime: p.wallTime,
          })),
        ),
      );
    },
    appendLogs: (runId, lines) => void store.logs.append(runId, lines),
    appendRollouts: (runId, step, samples) => store.rollouts.insert(runId, step, samples),
    appendEval(runId, step, results, now) {
      for (const r of results) {
        store.evals.add({ runId, step, ...r, createdAt: now });
      }
    },
    addCheckpoint: (runId, c, now) => void store.checkpoints.add({ runId, ...c, createdAt: now }),
    checkpoints: (runId) =>
      store.checkpoints.list(runId).map(({ step, path, sha256, bytes }) => ({
        step,
        path,
        sha256,
        bytes,
      })),
    removeCheckpoint(runId, step) {
      for (const c of store.checkpoints.list(runId))
        if (c.step === step) store.checkpoints.delete(c.id);
    },
    truncateAfter: (runId, step) => store.truncateRunAfter(runId, step),
  };
}
