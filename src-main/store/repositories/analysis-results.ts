// Analysis job results (Table 1 / Fig. 4 overlap, Fig. 3 temperatures): options and result JSON.
// A job leaves 'running' once: done, failed, cancelled, or interrupted (its owner died); every
// transition checks the row is still running, so a late result cannot overwrite a cancel.
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

import type { AnalysisKind } from '../../contract/api-analysis';

export type { AnalysisKind };
export type AnalysisStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface AnalysisRecord {
  id: number;
  runId: number;
  kind: AnalysisKind;
  status: AnalysisStatus;
  createdAt: string;
  finishedAt: string | null;
  options: Record<string, unknown>;
  result: unknown;
  error: string | null;
}

interface Row {
  id: number;
  run_id: number;
  kind: AnalysisKind;
  status: AnalysisStatus;
  created_at: string;
  finished_at: string | null;
  heartbeat_at: string | null;
  options_json: string;
  result_json: string | null;
  error: string | null;
}

const toEntity = (r: Row, withResult: boolean): AnalysisRecord => ({
  id: r.id,
  runId: r.run_id,
  kind: r.kind,
  status: r.status,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  options: JSON.parse(r.options_json) as Record<string, unknown>,
  result: withResult && r.result_json !== null ? JSON.parse(r.result_json) : null,
  error: r.error,
});

export function createAnalysisResultsRepository(db: SqliteDatabase) {
  /** Ends a running job as 'cancelled' or 'interrupted' (no result); false if it had ended. */
  const end = (
    id: number,
    status: 'cancelled' | 'interrupted',
    reason: string,
    now = nowIso(),
  ): boolean =>
    db
      .prepare(
        `UPDATE analysis_results SET status = ?, finished_at = ?, error = ?
         WHERE id = ? AND status = 'running'`,
      )
      .run(status, now, reason, id).changes > 0;

  return {
    /** A new job in state 'running' (heartbeat now); returns its id. */
    create(runId: number, kind: AnalysisKind, options: Record<string, unknown>): number {
      const now = nowIso();
      const info = db
        .prepare(
          `INSERT INTO analysis_results (run_id, kind, status, created_at, heartbeat_at, options_json)
           VALUES (?, ?, 'running', ?, ?, ?)`,
        )
        .run(runId, kind, now, now, JSON.stringify(options));
      return Number(info.lastInsertRowid);
    },

    /** Records the outcome of a running job; false when it had already ended (cancelled...). */
    finish(id: number, outcome: { result: unknown } | { error: string }): boolean {
      const info =
        'result' in outcome
          ? db
              .prepare(
                `UPDATE analysis_results SET status = 'done', finished_at = ?, result_json = ?,
                   error = NULL WHERE id = ? AND status = 'running'`,
              )
              .run(nowIso(), JSON.stringify(outcome.result), id)
          : db
              .prepare(
                `UPDATE analysis_results SET status = 'failed', finished_at = ?, error = ?
                 WHERE id = ? AND status = 'running'`,
              )
              .run(nowIso(), outcome.error, id);
      return info.changes > 0;
    },

    end,

    /** Touches the heartbeat of running jobs; returns the ids that are no longer running. */
    heartbeat(ids: readonly number[], now = nowIso()): number[] {
      const touch = db.prepare(
        `UPDATE analysis_results SET heartbeat_at = ? WHERE id = ? AND status = 'running'`,
      );
      return db.transaction(() => ids.filter((id) => touch.run(now, id).changes === 0))();
    },

    /**
     * Marks 'interrupted' the running jobs whose owner has not beaten since `before` (it was
     * killed or crashed), except `exclude`; returns their ids.
     */
    interruptStale(
      before: string,
      reason: string,
      exclude: readonly number[] = [],
      now = nowIso(),
    ): number[] {
      const stale = (
        db
          .prepare(
            `SELECT id FROM analysis_results
             WHERE status = 'running' AND COALESCE(heartbeat_at, created_at) < ? ORDER BY id`,
          )
          .all(before) as { id: number }[]
      )
        .map((r) => r.id)
        .filter((id) => !exclude.includes(id));
      return db.transaction(() => stale.filter((id) => end(id, 'interrupted', reason, now)))();
    },

    get(id: number): AnalysisRecord | undefined {
      const row = db.prepare('SELECT * FROM analysis_results WHERE id = ?').get(id) as
        Row | undefined;
      return row && toEntity(row, true);
    },

    /** A run's jobs, newest first; results left out unless asked for (they can be large). */
    list(runId: number, kind?: AnalysisKind, withResult = false): AnalysisRecord[] {
      const rows = (
        kind === undefined
          ? db
              .prepare('SELECT * FROM analysis_results WHERE run_id = ? ORDER BY id DESC')
              .all(runId)
          : db
              .prepare(
                'SELECT * FROM analysis_results WHERE run_id = ? AND kind = ? ORDER BY id DESC',
              )
              .all(runId, kind)
      ) as Row[];
      return rows.map((r) => toEntity(r, withResult));
    },
  };
}

export type AnalysisResultsRepository = ReturnType<typeof createAnalysisResultsRepository>;
