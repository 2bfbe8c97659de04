// The top-k alternatives of each rollout token (the lens tooltip): k, the token ids (narrowest
// dtype, like `tokens`) and their probabilities (float16), k per token. NULL on rows written
// before this version: the viewer says they were not recorded.
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'rollout_alternatives',
  up(db) {
    db.exec(`
      ALTER TABLE rollout_samples ADD COLUMN alt_k INTEGER CHECK (alt_k IS NULL OR alt_k >= 1);
      ALTER TABLE rollout_samples ADD COLUMN alt_tokens BLOB;
      ALTER TABLE rollout_samples ADD COLUMN alt_tokens_dtype TEXT
        CHECK (alt_tokens_dtype IS NULL OR alt_tokens_dtype IN ('uint8', 'int16', 'int32'));
      ALTER TABLE rollout_samples ADD COLUMN alt_probs BLOB;
    `);
  },
};
