// Checkpoints: weights stay on disk; the database records where, how big and their hash.
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

export interface Checkpoint {
  id: number;
  runId: number;
  step: number;
  path: string;
  sha256: string;
  bytes: number;
  createdAt: string;
}

export type NewCheckpoint = Omit<Checkpoint, 'id' | 'createdAt'> & { createdAt?: string };

interface Row {
  id: number;
  run_id: number;
  step: number;
  path: string;
  sha256: string;
  bytes: number;
  created_at: string;
}

const toEntity = (r: Row): Checkpoint => ({
  id: r.id,
  runId: r.run_id,
  step: r.step,
  path: r.path,
  sha256: r.sha256,
  bytes: r.bytes,
  createdAt: r.created_at,
});

export function createCheckpointsRepository(db: SqliteDatabase) {
  return {
    /** Records a checkpoint; a second one at the same step replaces the first. Returns its id. */
    add(c: NewCheckpoint): number {
      const info = db
        .prepare(
          `INSERT OR REPLACE INTO checkpoints (run_id, step, path, sha256, bytes, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(c.runId, c.step, c.path, c.sha256, c.bytes, c.createdAt ?? nowIso());
      return Number(info.lastInsertRowid);
    },

    list(runId: number): Checkpoint[] {
      return (
        db.prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step').all(runId) as Row[]
      ).map(toEntity);
    },

    latest(runId: number): Checkpoint | undefined {
      const row = db
        .prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1')
        .get(runId) as Row | undefined;
      return row ? toEntity(row) : undefined;
    },

    delete(id: number): boolean {
      return db.prepare('DELETE FROM checkpoints WHERE id = ?').run(id).changes > 0;
    },

    /** Deletes what was recorded after `step` (rewinding a run to a checkpoint). */
    truncateAfter(runId: number, step: number): void {
      db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND step > ?').run(runId, step);
    },
  };
}

export type CheckpointsRepository = ReturnType<typeof createCheckpointsRepository>;
