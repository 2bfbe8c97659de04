// The SQLite connection: WAL, foreign keys, busy timeout, and the schema brought up to date in
// one transaction. Refuses (never overwrites) files that are not Forkbench databases.
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WorkbenchError } from '../contract/result';
import { storageErrorFrom } from './errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export type { Database as SqliteDatabase } from 'better-sqlite3';

/** PRAGMA application_id of Forkbench databases ("FkBc"). */
export const APPLICATION_ID = 0x466b4263;

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for another ABI (Electron). */
  nativeBinding?: string;
  /** Open without writing anything: no WAL switch, no migration. The file must exist. */
  readonly?: boolean;
  /** How long a writer waits on a lock held by another connection. Default 5000 ms. */
  busyTimeoutMs?: number;
}

function fail(message: string): WorkbenchError {
  return new WorkbenchError('storage_error', message);
}

/** Creates the missing folders one level at a time (mkdir -p can spin on odd filesystems). */
function ensureParentDir(file: string): void {
  const missing: string[] = [];
  for (let dir = dirname(file); !existsSync(dir); dir = dirname(dir)) {
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      throw fail(`cannot create folder ${dir} for database ${file}: ${(err as Error).message}`);
    }
  }
}

function checkWritable(file: string): void {
  if (!existsSync(file)) return;
  try {
    accessSync(file, constants.W_OK);
  } catch {
    throw fail(
      `database ${file} is read-only (no write permission); fix its permissions or use another --db`,
    );
  }
}

function userTables(db: SqliteDatabase): string[] {
  const rows = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

/** Checks, by reading only, that the file is a Forkbench database this code can use. */
function checkIdentity(db: SqliteDatabase, file: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tables = userTables(db); // reads the schema pages: corruption shows up here
  if (appId !== 0 && appId !== APPLICATION_ID)
    throw fail(`${file} is an SQLite database of another program; it was left untouched`);
  if (version > SCHEMA_VERSION)
    throw fail(
      `database ${file} was written by a newer Forkbench (schema ${version} > ${SCHEMA_VERSION}); ` +
        'upgrade Forkbench or use another --db',
    );
  if (version === 0 && tables.length > 0)
    throw fail(
      `${file} is an SQLite database of another program (tables: ${tables.slice(0, 5).join(', ')}); ` +
        'it was left untouched. Use another --db',
    );
  return version;
}

/** Applies pending migrations in one IMMEDIATE transaction; returns the schema version. */
export function migrate(db: SqliteDatabase, file = db.name): number {
  const before = checkIdentity(db, file);
  const keysOff = MIGRATIONS.some((m) => m.version > before && m.foreignKeysOff);
  const keysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
  const apply = db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const current = checkIdentity(db, file);
    if (current === SCHEMA_VERSION) return;
    for (const m of MIGRATIONS) if (m.version > current) m.up(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  if (keysOff) db.pragma('foreign_keys = OFF');
  try {
    apply.immediate();
  } finally {
    if (keysOff && keysWereOn) db.pragma('foreign_keys = ON');
  }
  return SCHEMA_VERSION;
}

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Opens (creating if needed, with its folder) the database at `path` and brings its schema up
 * to date. Throws WorkbenchError('storage_error') naming the path on any failure; a file that
 * is corrupt, not SQLite, from another program or from a newer Forkbench is never modified.
 */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteDatabase {
  const file = resolve(path);
  const readonly = options.readonly ?? false;
  if (existsSync(file) && statSync(file).isDirectory())
    throw fail(`database path ${file} is a folder; give a file path`);
  if (readonly && !existsSync(file)) throw fail(`database ${file} does not exist`);
  if (!readonly) {
    ensureParentDir(file);
    checkWritable(file);
  }

  let db: SqliteDatabase | undefined;
  try {
    db = new Database(file, {
      readonly,
      fileMustExist: readonly,
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    // Read before any write, so a foreign or damaged file is refused untouched.
    const version = checkIdentity(db, file);
    db.pragma('foreign_keys = ON');
    if (readonly) {
      if (version < SCHEMA_VERSION)
        throw fail(
          `database ${file} has schema ${version} < ${SCHEMA_VERSION}; open it once read-write to upgrade`,
        );
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, file);
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // closing a half-open handle is best effort
    }
    throw (
      storageErrorFrom(err, file) ?? fail(`cannot open database ${file}: ${(err as Error).message}`)
    );
  }
}
