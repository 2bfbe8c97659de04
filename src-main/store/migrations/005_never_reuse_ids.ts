// Ids are never reused: experiments, runs and analysis jobs get AUTOINCREMENT primary keys, so
// deleting run #10 cannot make the next run #10 (an old link, an exported CSV's run_id or a note
// naming "#10" would silently point at another run). SQLite cannot add AUTOINCREMENT to a table,
// so each is rebuilt from its own stored CREATE statement with every row, index and id kept; the
// tables that reference them keep pointing at the same ids. Runs with foreign keys off (SQLite's
// table-rebuild procedure), checked with foreign_key_check before the transaction commits.
import type { Database } from 'better-sqlite3';
import type { Migration } from './types';

const TABLES = ['experiments', 'runs', 'analysis_results'] as const;

function schemaSql(db: Database, type: 'table' | 'index', table: string): string[] {
  const rows = db
    .prepare('SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL')
    .all(type, table) as { sql: string }[];
  return rows.map((r) => r.sql);
}

function rebuildWithAutoincrement(db: Database, table: string): void {
  const [create] = schemaSql(db, 'table', table);
  if (!create) throw new Error(`migration 005: table ${table} is missing`);
  const pk = /\bid INTEGER PRIMARY KEY\b(?! AUTOINCREMENT)/;
  if (!pk.test(create))
    throw new Error(`migration 005: ${table} has no plain "id INTEGER PRIMARY KEY"`);
  const indexes = schemaSql(db, 'index', table);
  const temp = `${table}_autoincrement`;
  const header = new RegExp(`^CREATE TABLE "?${table}"?`);
  db.exec(
    create
      .replace(header, `CREATE TABLE ${temp}`)
      .replace(pk, 'id INTEGER PRIMARY KEY AUTOINCREMENT'),
  );
  // Same columns in the same order: the new table is the old one's statement with one word added.
  db.exec(`INSERT INTO ${temp} SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${temp} RENAME TO ${table}`);
  for (const sql of indexes) db.exec(sql);
}

export const migration005: Migration = {
  version: 5,
  name: 'never_reuse_ids',
  foreignKeysOff: true,
  up(db) {
    for (const table of TABLES) rebuildWithAutoincrement(db, table);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0)
      throw new Error(
        `migration 005 would break ${broken.length} foreign key(s); nothing was changed`,
      );
  },
};
