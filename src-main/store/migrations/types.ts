import type { Database } from 'better-sqlite3';

/** One schema step. `up` runs inside the transaction that bumps PRAGMA user_version. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * Rebuilds tables other tables reference: run with PRAGMA foreign_keys off (it cannot change
   * inside a transaction), so dropping the old table does not cascade into its children.
   */
  foreignKeysOff?: boolean;
}
