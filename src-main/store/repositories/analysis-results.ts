// Analysis job results (Table 1 / Fig. 4 overlap, Fig. 3 temperatures): options and result JSON.
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

export type AnalysisKind = 'overlap' | 'temperature';
export type AnalysisStatus = 'running' | 'done' | 'failed';

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
  return {
    /** A new job in state 'running'; returns its id. */
    create(runId: number, kind: AnalysisKind, options: Record<string, unknown>): number {
      const info = db
        .prepare(
          `INSERT INTO analysis_results (run_id, kind, status, created_at, options_json)
           VALUES (?, ?, 'running', ?, ?)`,
        )
        .run(runId, kind, nowIso(), JSON.stringify(options));
      return Number(info.lastInsertRowid);
    },

    finish(id: number, outcome: { result: unknown } | { error: string }): void {
      if ('result' in outcome)
        db.prepare(
          `UPDATE analysis_results SET status = 'done', finished_at = ?, result_json = ?, error = NULL
           WHERE id = ?`,
        ).run(nowIso(), JSON.stringify(outcome.result), id);
      else
        db.prepare(
          `UPDATE analysis_results SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`,
        ).run(nowIso(), outcome.error, id);
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
