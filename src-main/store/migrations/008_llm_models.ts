// Local GGUF models the user added (Settings → Models): where the file is and what its header
// says, read when it was added. The file stays where it is; nothing is copied or downloaded.
import type { Migration } from './types';

export const migration008: Migration = {
  version: 8,
  name: 'llm_models',
  up(db) {
    db.exec(`
      CREATE TABLE llm_models (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        architecture TEXT NOT NULL,
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        quantization TEXT NOT NULL,
        context_length INTEGER,
        parameters INTEGER,
        vocab_size INTEGER,
        chat_template INTEGER NOT NULL DEFAULT 0 CHECK (chat_template IN (0, 1)),
        added_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
