// The database's own identity and fenced run ownership.
// - store_meta.store_id: a random id made once per database; checkpoint folders are named by it,
//   so two databases in one folder (whose run ids both start at 1) never share checkpoints.
// - runs.owner_gen: bumped by every claim and every takeover (a stale owner found interrupted);
//   a writer holding an older generation is refused, so a stalled owner that wakes up cannot
//   write into a run someone else now trains. owner_pid/owner_host say who claimed it, so a
//   resume can tell a dead owner (gone process) from a live one at once.
// Works on new and existing databases: existing runs start at generation 0, unowned.
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'store_identity_and_owners',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      INSERT OR IGNORE INTO store_meta (key, value)
        VALUES ('store_id', lower(hex(randomblob(16))));
      ALTER TABLE runs ADD COLUMN owner_gen INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
    `);
  },
};
