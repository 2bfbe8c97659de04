// Analysis jobs (entropy-pattern overlap, two-temperature decoding): one row per job, its
// options and result as JSON. Written only by the main process (the job runs in a child).
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'analysis_results',
  up(db) {
    db.exec(`
      CREATE TABLE analysis_results (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('overlap', 'temperature')),
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        created_at TEXT NOT NULL,
        finished_at TEXT,
        options_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options_json)),
        result_json TEXT CHECK (result_json IS NULL OR json_valid(result_json)),
        error TEXT
      ) STRICT;
      CREATE INDEX analysis_results_by_run ON analysis_results(run_id, kind, id);
    `);
  },
};
