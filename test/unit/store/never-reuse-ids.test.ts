// Ids are never reused after a delete (migration 005): on a new database, and on a database file
// written with the schema-4 tables, whose rows, ids and foreign keys all survive the rebuild.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION, openStore } from '../../../src-main/store';
import type { Store } from '../../../src-main/store';
import { MIGRATIONS } from '../../../src-main/store/migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-ids-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (store: Store, experimentId: number, name: string): number =>
  store.runs.create({
    experimentId,
    name,
    task: 'arithmetic',
    maskMode: 'top',
    seed: 0,
    config: {},
  });

function expectNoReuse(store: Store): void {
  const e1 = store.experiments.create({ name: `exp-${Date.now()}-a` });
  const e2 = store.experiments.create({ name: `exp-${Date.now()}-b` });
  store.experiments.delete(e2);
  const e3 = store.experiments.create({ name: `exp-${Date.now()}-c` });
  expect(e3).toBeGreaterThan(e2);

  const r1 = run(store, e1, 'one');
  const r2 = run(store, e1, 'two');
  expect(store.runs.delete(r2)).toBe(true);
  const r3 = run(store, e1, 'three');
  expect(r3).toBeGreaterThan(r2);

  const j1 = store.analysisResults.create(r1, 'overlap', {});
  store.db.prepare('DELETE FROM analysis_results WHERE id = ?').run(j1);
  expect(store.analysisResults.create(r1, 'overlap', {})).toBeGreaterThan(j1);
}

/** A database file as Forkbench wrote it at schema 4 (migrations 001–004), with data. */
function schema4Database(path: string): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.transaction(() => {
    for (const m of MIGRATIONS) if (m.version <= 4) m.up(raw);
  })();
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.pragma('user_version = 4');
  raw.pragma('foreign_keys = ON');
  const now = '2026-01-01T00:00:00.000Z';
  raw.exec(`
    INSERT INTO experiments (id, name, created_at) VALUES (1, 'ablation', '${now}'), (2, 'other', '${now}');
    INSERT INTO runs (id, experiment_id, name, task, mask_mode, seed, created_at, status, notes)
      VALUES (1, 1, 'top', 'arithmetic', 'top', 0, '${now}', 'finished', 'the good one'),
             (2, 1, 'all', 'arithmetic', 'all', 0, '${now}', 'finished', ''),
             (3, 2, 'resumed', 'arithmetic', 'top', 1, '${now}', 'stopped', '');
    UPDATE runs SET resumed_from = 1 WHERE id = 3;
    INSERT INTO params (run_id, key, value, type) VALUES (1, 'mask.rho', 0.2, 'number');
    INSERT INTO metrics (run_id, key, step, wall_time, value) VALUES (1, 'reward', 0, 1, 0.5), (2, 'reward', 0, 1, 0.1);
    INSERT INTO metric_summary (run_id, key, last_step, last, min, max) VALUES (1, 'reward', 0, 0.5, 0.5, 0.5);
    INSERT INTO tags (run_id, tag) VALUES (1, 'keep');
    INSERT INTO tags (experiment_id, tag) VALUES (1, 'paper');
    INSERT INTO logs (run_id, seq, time, level, message) VALUES (2, 0, '${now}', 'info', 'hello');
    INSERT INTO checkpoints (run_id, step, path, sha256, bytes, created_at) VALUES (1, 10, 'c', 'h', 1, '${now}');
    INSERT INTO analysis_results (id, run_id, kind, status, created_at, options_json)
      VALUES (1, 1, 'overlap', 'done', '${now}', '{}'), (2, 2, 'temperature', 'running', '${now}', '{}');
  `);
  raw.close();
}

const count = (store: Store, table: string): number =>
  (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('ids are never reused', () => {
  it('on a new database: experiments, runs and analysis jobs', () => {
    const store = openStore(join(dir, 'new.db'));
    expectNoReuse(store);
    store.close();
  });

  it('survive closing and reopening: the high-water mark is stored in the file', () => {
    const path = join(dir, 'reopen.db');
    let store = openStore(path);
    const e = store.experiments.create({ name: 'e' });
    const last = run(store, e, 'r');
    store.runs.delete(last);
    store.close();
    store = openStore(path);
    expect(run(store, e, 'after reopen')).toBe(last + 1);
    store.close();
  });

  it('on a schema-4 database file: every row, id and foreign key kept, then no reuse', () => {
    const path = join(dir, 'old.db');
    schema4Database(path);
    const before = new Database(path);
    const next = before.prepare("INSERT INTO experiments (name, created_at) VALUES ('x', 'now')");
    const id = Number(next.run().lastInsertRowid);
    before.prepare('DELETE FROM experiments WHERE id = ?').run(id);
    // The old schema does reuse: this is what the migration fixes.
    expect(Number(next.run().lastInsertRowid)).toBe(id);
    before.prepare('DELETE FROM experiments WHERE id = ?').run(id);
    before.close();

    const store = openStore(path);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.runs.get(1)).toMatchObject({
      name: 'top',
      notes: 'the good one',
      status: 'finished',
    });
    expect(store.runs.get(3)).toMatchObject({ experimentId: 2, resumedFrom: 1 });
    expect(
      store.experiments
        .list()
        .map((e) => e.name)
        .sort(),
    ).toEqual(['ablation', 'other']);
    for (const [table, n] of [
      ['params', 1],
      ['metrics', 2],
      ['metric_summary', 1],
      ['tags', 2],
      ['logs', 1],
      ['checkpoints', 1],
      ['analysis_results', 2],
    ] as const)
      expect(count(store, table), table).toBe(n);
    for (const table of ['experiments', 'runs', 'analysis_results']) {
      const sql = store.db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
        .pluck()
        .get(table) as string;
      expect(sql).toMatch(/id INTEGER PRIMARY KEY AUTOINCREMENT/);
      expect(sql).toMatch(/STRICT/);
    }
    const indexes = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'runs_by_experiment',
        'runs_by_status',
        'analysis_results_by_run',
        'analysis_results_by_status',
      ]),
    );

    // Deleting the newest run cascades to its children as before, and its id is not reused.
    expect(store.runs.delete(3)).toBe(true);
    expect(run(store, 2, 'new')).toBe(4);
    store.runs.delete(2);
    expect(count(store, 'metrics')).toBe(1);
    expect(count(store, 'logs')).toBe(0);
    expect(count(store, 'analysis_results')).toBe(1);
    expectNoReuse(store);
    store.close();
  });
});
