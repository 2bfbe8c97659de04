// Run ownership: which process holds a run, at which generation. Every claim and every
// takeover bumps the generation; a writer holding an older one is refused (fencing), and the
// recorded pid and host let a resume tell a dead owner from a live one at once.
import { hostname } from 'node:os';
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

/** The process that claims a run: its pid on its host. */
export interface RunOwnerId {
  pid: number;
  host: string;
}

export interface RunOwner {
  /** Bumped by every claim and takeover; only the holder of the current one may write. */
  generation: number;
  pid: number | null;
  host: string | null;
  heartbeatAt: string | null;
  status: string;
}

export const thisProcess = (): RunOwnerId => ({ pid: process.pid, host: hostname() });

export function createRunOwnersRepository(db: SqliteDatabase) {
  return {
    /**
     * queued → running, atomically, for the process `owner`; returns the new owner generation,
     * or null when the run was not queued (another host took it).
     */
    claim(id: number, now: string = nowIso(), owner: RunOwnerId = thisProcess()): number | null {
      const row = db
        .prepare(
          `UPDATE runs SET status = 'running', started_at = COALESCE(started_at, @now),
             heartbeat_at = @now, ended_at = NULL, error = NULL, owner_gen = owner_gen + 1,
             owner_pid = @pid, owner_host = @host
           WHERE id = @id AND status = 'queued' RETURNING owner_gen`,
        )
        .get({ id, now, pid: owner.pid, host: owner.host }) as { owner_gen: number } | undefined;
      return row ? row.owner_gen : null;
    },

    /** Takes the run away from whoever owns it: their generation no longer matches. */
    fence(id: number): void {
      db.prepare('UPDATE runs SET owner_gen = owner_gen + 1 WHERE id = ?').run(id);
    },

    /** Who owns the run (as recorded by its last claim), or undefined when no such run. */
    owner(id: number): RunOwner | undefined {
      const row = db
        .prepare(
          'SELECT owner_gen, owner_pid, owner_host, heartbeat_at, status FROM runs WHERE id = ?',
        )
        .get(id) as
        | {
            owner_gen: number;
            owner_pid: number | null;
            owner_host: string | null;
            heartbeat_at: string | null;
            status: string;
          }
        | undefined;
      if (!row) return undefined;
      return {
        generation: row.owner_gen,
        pid: row.owner_pid,
        host: row.owner_host,
        heartbeatAt: row.heartbeat_at,
        status: row.status,
      };
    },

    /** Heartbeats the runs still held at the given generation; returns the ids refreshed. */
    heartbeatOwned(owned: readonly { id: number; generation: number }[], now = nowIso()): number[] {
      const stmt = db.prepare(
        `UPDATE runs SET heartbeat_at = ? WHERE id = ? AND owner_gen = ? AND status = 'running'`,
      );
      return db.transaction(() =>
        owned.filter((o) => stmt.run(now, o.id, o.generation).changes > 0).map((o) => o.id),
      )();
    },

    /** 'running' runs with their recorded owner, to find owners that are gone. */
    runningOwners(): { id: number; pid: number | null; host: string | null }[] {
      return db
        .prepare(
          `SELECT id, owner_pid AS pid, owner_host AS host FROM runs
           WHERE status = 'running' ORDER BY id`,
        )
        .all() as { id: number; pid: number | null; host: string | null }[];
    },
  };
}
