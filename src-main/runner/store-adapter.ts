// RunStore over the store's repositories. Four operations the repositories do not offer yet
// (atomic claim, queued/stale lookups, truncate-after-step) are written here as plain SQL;
// they belong in store/repositories and can move there without touching the runner.
import type { RunStatus } from '../contract/entities';
import type { Store } from '../store';
import type { RunStore } from './run-store';

const TERMINAL: ReadonlySet<RunStatus> = new Set([
  'finished',
  'failed',
  'stopped',
  'interrupted',
  'crashed',
]);

export function runStoreFrom(store: Store): RunStore {
  const { db } = store;
  const claimStmt = db.prepare(
    `UPDATE runs SET status = 'running', started_at = COALESCE(started_at, @now),
       heartbeat_at = @now, ended_at = NULL, error = NULL
     WHERE id = @id AND status = 'queued'`,
  );
  const queuedStmt = db.prepare("SELECT id FROM runs WHERE status = 'queued' ORDER BY id");
  const staleStmt = db.prepare(
    `SELECT id FROM runs WHERE status = 'running'
       AND (heartbeat_at IS NULL OR heartbeat_at < ?) ORDER BY id`,
  );
  const truncate = ['metrics', 'rollout_samples', 'eval_results', 'checkpoints'].map((t) =>
    db.prepare(`DELETE FROM ${t} WHERE run_id = ? AND step > ?`),
  );
  const summaryKeys = db.prepare('SELECT key FROM metric_summary WHERE run_id = ?');
  const dropSummary = db.prepare('DELETE FROM metric_summary WHERE run_id = ?');
  const resummarize = db.prepare(
    `INSERT INTO metric_summary (run_id, key, last_step, last, min, max)
     SELECT m.run_id, m.key, MAX(m.step),
       (SELECT value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key
        ORDER BY step DESC LIMIT 1),
       MIN(m.value), MAX(m.value)
     FROM metrics m WHERE m.run_id = ? GROUP BY m.key`,
  );

  return {
    transaction: (fn) => store.transaction(fn),
    getRun: (id) => store.runs.get(id),
    queuedRunIds: () => (queuedStmt.all() as { id: number }[]).map((r) => r.id),
    claim: (id, now) => claimStmt.run({ id, now }).changes === 1,
    setStatus(id, status, fields = {}) {
      const now = fields.now ?? new Date().toISOString();
      store.runs.update(id, {
        status,
        ...(fields.error !== undefined ? { error: fields.error } : {}),
        ...(TERMINAL.has(status) ? { endedAt: now } : { endedAt: null }),
      });
    },
    setBackend: (id, backend, device) => void store.runs.update(id, { backend, device }),
    heartbeat(ids, now) {
      store.transaction(() => ids.forEach((id) => store.runs.heartbeat(id, now)));
    },
    staleRunning: (before) => (staleStmt.all(before) as { id: number }[]).map((r) => r.id),
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
    appendRollouts(runId, step, samples) {
      store.rollouts.insert(
        runId,
        step,
        samples.map((s) => ({
          idx: s.index,
          prompt: s.prompt,
          response: s.response,
          reward: s.reward,
          advantage: s.advantage,
          correct: s.correct,
          tokens: s.tokens,
          entropies: s.entropies,
          logprobs: s.logProbs,
          mask: s.mask,
          extra: { group: s.group, ...s.extra },
        })),
      );
    },
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
    truncateAfter(runId, step) {
      store.transaction(() => {
        for (const stmt of truncate) stmt.run(runId, step);
        if (summaryKeys.all(runId).length === 0) return;
        dropSummary.run(runId);
        resummarize.run(runId);
      });
    },
  };
}
