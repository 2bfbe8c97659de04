import Database from 'better-sqlite3';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/contract/result';
import { APPLICATION_ID, SCHEMA_VERSION, openDatabase, openStore } from '../../../src-main/store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openError(path: string, options = {}): WorkbenchError {
  try {
    openDatabase(path, options).close();
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbenchError);
    return err as WorkbenchError;
  }
  throw new Error(`expected opening ${path} to fail`);
}

describe('openDatabase', () => {
  it('creates the file and its missing folders, migrates, and sets the pragmas', () => {
    const path = join(dir, 'a', 'b', 'forkbench.db');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string; sql: string }[];
    const names = tables.map((t) => t.name);
    for (const t of [
      'experiments',
      'runs',
      'params',
      'metrics',
      'metric_summary',
      'tags',
      'logs',
      'checkpoints',
      'rollout_samples',
      'eval_results',
    ])
      expect(names).toContain(t);
    // sqlite_sequence is SQLite's own (AUTOINCREMENT's high-water marks, migration 005).
    for (const t of tables) if (t.name !== 'sqlite_sequence') expect(t.sql).toMatch(/STRICT/);
    db.close();
    expect(existsSync(path)).toBe(true);
  });

  it('reopens an up-to-date database without re-running migrations', () => {
    const path = join(dir, 'x.db');
    const store = openStore(path);
    store.experiments.create({ name: 'kept' });
    store.close();
    const again = openStore(path);
    expect(again.experiments.list().map((e) => e.name)).toEqual(['kept']);
    expect(again.schemaVersion()).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses a database from a newer Forkbench and leaves it untouched', () => {
    const path = join(dir, 'new.db');
    openDatabase(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = readFileSync(path);
    const err = openError(path);
    expect(err.code).toBe('storage_error');
    expect(err.message).toBe(
      `database ${path} was written by a newer Forkbench (schema ${SCHEMA_VERSION + 5} > ${SCHEMA_VERSION}); upgrade Forkbench or use another --db`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it.each([10, 100, 4096, 20_000])(
    'refuses a non-SQLite file of %i bytes and never overwrites it',
    (size) => {
      const path = join(dir, 'garbage.db');
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 37 + 11) & 0xff;
      writeFileSync(path, bytes);
      const err = openError(path);
      expect(err.code).toBe('storage_error');
      expect(err.message).toContain(path);
      expect(readFileSync(path).equals(bytes)).toBe(true);
      expect(existsSync(`${path}-wal`)).toBe(false);
      // Trying again gives the same clear error (no crash loop, no repair attempt).
      expect(openError(path).message).toBe(err.message);
    },
  );

  it('refuses a corrupt Forkbench database without modifying it', () => {
    const path = join(dir, 'corrupt.db');
    const store = openStore(path);
    store.experiments.create({ name: 'e' });
    store.db.pragma('journal_mode = DELETE');
    store.close();
    const bytes = readFileSync(path);
    // Keep the 100-byte header, scribble over the schema page.
    for (let i = 100; i < Math.min(bytes.length, 4096); i++) bytes[i] = 0xee;
    writeFileSync(path, bytes);
    const err = openError(path);
    expect(err.code).toBe('storage_error');
    expect(err.message).toContain(path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses an SQLite database of another program', () => {
    const path = join(dir, 'other.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    raw.close();
    const before = readFileSync(path);
    const err = openError(path);
    expect(err.message).toMatch(/another program.*photos/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('explains a folder given as the database path, and a missing file opened read-only', () => {
    mkdirSync(join(dir, 'folder.db'));
    expect(openError(join(dir, 'folder.db')).message).toMatch(/is a folder/);
    expect(openError(join(dir, 'missing.db'), { readonly: true }).message).toMatch(
      /does not exist/,
    );
  });

  it('opens read-only without writing', () => {
    const path = join(dir, 'ro.db');
    openDatabase(path).close();
    const db = openDatabase(path, { readonly: true });
    expect(() =>
      db.prepare("INSERT INTO experiments (name, created_at) VALUES ('x', 'y')").run(),
    ).toThrow();
    db.close();
  });

  it.skipIf(process.getuid?.() === 0)('explains a read-only folder', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    try {
      const err = openError(join(ro, 'x.db'));
      expect(err.code).toBe('storage_error');
      expect(err.message).toContain(join(ro, 'x.db'));
    } finally {
      chmodSync(ro, 0o700);
    }
  });
});

describe('storageErrorFrom', () => {
  it('turns SQLite failures into storage errors naming the file, and leaves bugs alone', async () => {
    const { storageErrorFrom } = await import('../../../src-main/store');
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(storageErrorFrom(err('SQLITE_FULL'), '/d/x.db')?.message).toBe(
      'disk full while writing database /d/x.db; free some space and retry',
    );
    expect(storageErrorFrom(err('SQLITE_READONLY_DBMOVED'), '/d/x.db')?.message).toMatch(
      /read-only/,
    );
    expect(storageErrorFrom(err('SQLITE_BUSY'), '/d/x.db')?.message).toMatch(/locked/);
    expect(storageErrorFrom(err('ENOSPC'), '/d/x.db')?.code).toBe('storage_error');
    expect(storageErrorFrom(new TypeError('x is undefined'), '/d/x.db')).toBeNull();
  });
});
