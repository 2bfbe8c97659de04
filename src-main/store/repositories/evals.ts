// Evaluation results: one row per (run, step, benchmark), with per-problem detail as JSON.
import type { EvalRecord, StoredEval } from '../../contract/eval-record';
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

/** A record to add: created now unless told. */
export type NewEval = Omit<StoredEval, 'createdAt'> & { createdAt?: string };

interface Row {
  run_id: number;
  step: number;
  benchmark: string;
  k: number;
  avg_at_k: number;
  pass_at_k: number;
  problems: number;
  per_problem_json: string | null;
  created_at: string;
}

const toEntity = (r: Row): StoredEval => ({
  runId: r.run_id,
  step: r.step,
  benchmark: r.benchmark,
  k: r.k,
  avgAtK: r.avg_at_k,
  passAtK: r.pass_at_k,
  problems: r.problems,
  perProblem:
    r.per_problem_json === null
      ? null
      : (JSON.parse(r.per_problem_json) as NonNullable<EvalRecord['perProblem']>),
  createdAt: r.created_at,
});

export function createEvalsRepository(db: SqliteDatabase) {
  return {
    /** Records a result; the same (run, step, benchmark) again replaces it. */
    add(e: NewEval): void {
      db.prepare(
        `INSERT OR REPLACE INTO eval_results
           (run_id, step, benchmark, k, avg_at_k, pass_at_k, problems, per_problem_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        e.runId,
        e.step,
        e.benchmark,
        e.k,
        e.avgAtK,
        e.passAtK,
        e.problems,
        e.perProblem === null ? null : JSON.stringify(e.perProblem),
        e.createdAt ?? nowIso(),
      );
    },

    list(runId: number, benchmark?: string): StoredEval[] {
      const rows = (
        benchmark === undefined
          ? db
              .prepare('SELECT * FROM eval_results WHERE run_id = ? ORDER BY step, benchmark')
              .all(runId)
          : db
              .prepare(
                'SELECT * FROM eval_results WHERE run_id = ? AND benchmark = ? ORDER BY step',
              )
              .all(runId, benchmark)
      ) as Row[];
      return rows.map(toEntity);
    },

    /** Deletes what was recorded after `step` (rewinding a run to a checkpoint). */
    truncateAfter(runId: number, step: number): void {
      db.prepare('DELETE FROM eval_results WHERE run_id = ? AND step > ?').run(runId, step);
    },
  };
}

export type EvalsRepository = ReturnType<typeof createEvalsRepository>;
