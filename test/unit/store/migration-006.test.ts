// Migration 006 (database identity, run owner generations) on new and existing databases.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { APPLICATION_ID, openStore } from '../../../src-main/store';
import { MIGRATIONS } from '../../../src-main/store/migrations';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fb-mig6-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('upgrades a schema-4 database with runs in it: generation 0, one stable store id', () => {
  const path = join(dir, 'old.db');
  const raw = new Database(path);
  for (const m of MIGRATIONS.filter((x) => x.version <= 4)) m.up(raw);
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.pragma('user_version = 4');
  raw.exec(`INSERT INTO experiments (id, name, created_at) VALUES (1, 'e', '2025-01-01');
    INSERT INTO runs (id, experiment_id, name, status, task, mask_mode, seed, created_at)
      VALUES (7, 1, 'old run', 'stopped', 'countdown', 'top', 1, '2025-01-01');`);
  raw.close();

  const store = openStore(path);
  const id = store.storeId();
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect(store.runs.owner(7)).toMatchObject({ generation: 0, pid: null, status: 'stopped' });
  expect(store.runs.get(7)?.name).toBe('old run');
  store.close();
  const again = openStore(path);
  expect(again.storeId()).toBe(id); // made once, kept
  again.close();
});

it('gives every new database its own id', () => {
  const a = openStore(join(dir, 'a.db'));
  const b = openStore(join(dir, 'b.db'));
  expect(a.storeId()).not.toBe(b.storeId());
  a.close();
  b.close();
});
