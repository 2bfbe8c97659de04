// The first schema: experiments, runs and everything a run produces. STRICT tables throughout.
import type { Migration } from './types';

const statuses = "'queued','running','finished','failed','stopped','interrupted','crashed'";
const bool = (col: string): string => `${col} INTEGER NOT NULL DEFAULT 0 CHECK (${col} IN (0, 1))`;

export const migration001: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        ${bool('archived')},
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN (${statuses})),
        task TEXT NOT NULL,
        mask_mode TEXT NOT NULL,
        seed INTEGER NOT NULL,
        config_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config_json)),
        backend TEXT,
        device TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        heartbeat_at TEXT,
        resumed_from INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        ${bool('archived')},
        notes TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX runs_by_experiment ON runs(experiment_id);
      CREATE INDEX runs_by_status ON runs(status);

      -- The run's config flattened to dotted keys, for querying ("mask.rho" = 0.2).
      CREATE TABLE params (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value ANY,
        type TEXT NOT NULL CHECK (type IN ('string', 'number', 'boolean', 'null', 'json')),
        PRIMARY KEY (run_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX params_by_key ON params(key, value);

      -- value NULL stands for a non-finite NaN (a diverged loss is worth keeping).
      CREATE TABLE metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL CHECK (step >= 0),
        wall_time REAL NOT NULL,
        value REAL,
        PRIMARY KEY (run_id, key, step)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE metric_summary (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        last_step INTEGER NOT NULL,
        last REAL,
        min REAL,
        max REAL,
        PRIMARY KEY (run_id, key)
      ) STRICT, WITHOUT ROWID;

      -- A tag belongs to exactly one experiment or one run.
      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        experiment_id INTEGER REFERENCES experiments(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        CHECK ((experiment_id IS NULL) <> (run_id IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX tags_experiment ON tags(experiment_id, tag) WHERE experiment_id IS NOT NULL;
      CREATE UNIQUE INDEX tags_run ON tags(run_id, tag) WHERE run_id IS NOT NULL;
      CREATE INDEX tags_by_tag ON tags(tag);

      CREATE TABLE logs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
        message TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) STRICT, WITHOUT ROWID;

      -- Weights live on disk; the database keeps where and a hash.
      CREATE TABLE checkpoints (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (run_id, step)
      ) STRICT;

      -- Arrays as little-endian typed-array bytes; the dtype columns say how to read them.
      CREATE TABLE rollout_samples (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        response TEXT NOT NULL DEFAULT '',
        reward REAL NOT NULL,
        advantage REAL NOT NULL,
        ${bool('correct')},
        tokens BLOB NOT NULL,
        tokens_dtype TEXT NOT NULL CHECK (tokens_dtype IN ('uint8', 'int16', 'int32')),
        entropies BLOB NOT NULL,
        entropies_dtype TEXT NOT NULL CHECK (entropies_dtype IN ('float16', 'float32')),
        logprobs BLOB,
        mask BLOB,
        extra_json TEXT CHECK (extra_json IS NULL OR json_valid(extra_json)),
        PRIMARY KEY (run_id, step, idx)
      ) STRICT;

      CREATE TABLE eval_results (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        benchmark TEXT NOT NULL,
        k INTEGER NOT NULL CHECK (k >= 1),
        avg_at_k REAL NOT NULL,
        pass_at_k REAL NOT NULL,
        problems INTEGER NOT NULL,
        per_problem_json TEXT CHECK (per_problem_json IS NULL OR json_valid(per_problem_json)),
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step, benchmark)
      ) STRICT;
    `);
  },
};
