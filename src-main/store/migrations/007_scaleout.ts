// Scale-out: where an imported run came from (engine, files with their hashes, the config as
// found, which engine key each metric came from), and the engine jobs Forkbench launched, with
// their log lines. Number 007: 005 and 006 belong to other features.
import type { Migration } from './types';

export const migration007: Migration = {
  version: 7,
  name: 'scaleout',
  up(db) {
    db.exec(`
      CREATE TABLE run_sources (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        engine TEXT NOT NULL CHECK (engine IN ('verl', 'trl', 'tensorboard', 'forkbench')),
        -- The run folder (and log stem) or upload name: the same source maps to the same run.
        source_key TEXT NOT NULL UNIQUE,
        -- Hash of the files' contents: importing the same files again changes nothing.
        fingerprint TEXT NOT NULL,
        files_json TEXT NOT NULL CHECK (json_valid(files_json)),
        found_config_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(found_config_json)),
        key_map_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(key_map_json)),
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX run_sources_by_engine ON run_sources(engine);

      CREATE TABLE scaleout_jobs (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        engine TEXT NOT NULL CHECK (engine IN ('verl', 'trl')),
        bundle_dir TEXT NOT NULL,
        launcher TEXT NOT NULL,
        -- Not unique here: a refused launch may be retried; Ray refuses a reused id itself.
        submission_id TEXT NOT NULL,
        address TEXT,
        status TEXT NOT NULL
          CHECK (status IN ('starting', 'submitted', 'running', 'succeeded', 'failed', 'stopped')),
        pid INTEGER,
        exit_code INTEGER,
        created_at TEXT NOT NULL,
        ended_at TEXT
      ) STRICT;

      CREATE TABLE scaleout_job_logs (
        job_id INTEGER NOT NULL REFERENCES scaleout_jobs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time TEXT NOT NULL,
        stream TEXT NOT NULL CHECK (stream IN ('stdout', 'stderr', 'engine', 'forkbench')),
        line TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
