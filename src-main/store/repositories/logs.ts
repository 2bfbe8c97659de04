// Log lines of a run, numbered in order of arrival.
import type { RunLogLine } from '../../contract/api-runs';
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

/** A line to append: level defaults to info, time to now; the store numbers it. */
export type NewLogLine = Pick<RunLogLine, 'message'> & Partial<Pick<RunLogLine, 'level' | 'time'>>;

export function createLogsRepository(db: SqliteDatabase) {
  const nextSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM logs WHERE run_id = ?');
  const insert = db.prepare(
    'INSERT INTO logs (run_id, seq, time, level, message) VALUES (?, ?, ?, ?, ?)',
  );
  const append = db.transaction((runId: number, lines: readonly NewLogLine[]) => {
    let seq = (nextSeq.get(runId) as { seq: number }).seq;
    const out: RunLogLine[] = [];
    for (const l of lines) {
      const line: RunLogLine = {
        seq: seq++,
        time: l.time ?? nowIso(),
        level: l.level ?? 'info',
        message: l.message,
      };
      insert.run(runId, line.seq, line.time, line.level, line.message);
      out.push(line);
    }
    return out;
  });

  return {
    /** Appends lines in one transaction; returns them with their sequence numbers. */
    append(runId: number, lines: readonly NewLogLine[]): RunLogLine[] {
      return lines.length ? append(runId, lines) : [];
    },

    /** Lines after `afterSeq` (exclusive), oldest first, at most `limit`. */
    list(runId: number, options: { afterSeq?: number; limit?: number } = {}): RunLogLine[] {
      return db
        .prepare(
          `SELECT seq, time, level, message FROM logs WHERE run_id = ? AND seq > ?
           ORDER BY seq LIMIT ?`,
        )
        .all(runId, options.afterSeq ?? 0, options.limit ?? 10_000) as RunLogLine[];
    },

    /** The last `limit` lines, oldest first. */
    tail(runId: number, limit = 200): RunLogLine[] {
      const rows = db
        .prepare(
          'SELECT seq, time, level, message FROM logs WHERE run_id = ? ORDER BY seq DESC LIMIT ?',
        )
        .all(runId, limit) as RunLogLine[];
      return rows.reverse();
    },
  };
}

export type LogsRepository = ReturnType<typeof createLogsRepository>;
