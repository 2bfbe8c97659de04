// Analysis jobs can be cancelled, and a job whose owner died is marked interrupted: the status
// CHECK gains 'cancelled' and 'interrupted' (SQLite cannot alter a CHECK, so the table is
// rebuilt), and the owner's heartbeat is kept like a run's (heartbeat_at).
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'analysis_job_states',
  up(db) {
    db.exec(`
      CREATE TABLE analysis_results_new (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('overlap', 'temperature')),
        status TEXT NOT NULL
          CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        created_at TEXT NOT NULL,
        finished_at TEXT,
        heartbeat_at TEXT,
        options_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options_json)),
        result_json TEXT CHECK (result_json IS NULL OR json_valid(result_json)),
        error TEXT
      ) STRICT;
      INSERT INTO analysis_results_new (id, run_id, kind, status, created_at, finished_at,
          options_json, result_json, error)
        SELECT id, run_id, kind, status, created_at, finished_at, options_json, result_json, error
        FROM analysis_results;
      DROP TABLE analysis_results;
      ALTER TABLE analysis_results_new RENAME TO analysis_results;
      CREATE INDEX analysis_results_by_run ON analysis_results(run_id, kind, id);
      CREATE INDEX analysis_results_by_status ON analysis_results(status);
    `);
  },
};
