// Log lines of a run, numbered in order of arrival.
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

import type { LogLevel } from '../../contract/trainer-protocol';

export type { LogLevel };

export interface LogLine {
  seq: number;
  time: string;
  level: LogLevel;
  message: string;
}

export interface NewLogLine {
  message: string;
  level?: LogLevel;
  time?: string;
}

export function createLogsRepository(db: SqliteDatabase) {
  const nextSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM logs WHERE run_id = ?');
  const insert = db.prepare(
    'INSERT INTO logs (run_id, seq, time, level, message) VALUES (?, ?, ?, ?, ?)',
  );
  const append = db.transaction((runId: number, lines: readonly NewLogLine[]) => {
    let seq = (nextSeq.get(runId) as { seq: number }).seq;
    const out: LogLine[] = [];
    for (const l of lines) {
      const line: LogLine = {
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
    append(runId: number, lines: readonly NewLogLine[]): LogLine[] {
      return lines.length ? append(runId, lines) : [];
    },

    /** Lines after `afterSeq` (exclusive), oldest first, at most `limit`. */
    list(runId: number, options: { afterSeq?: number; limit?: number } = {}): LogLine[] {
      return db
        .prepare(
          `SELECT seq, time, level, message FROM logs WHERE run_id = ? AND seq > ?
           ORDER BY seq LIMIT ?`,
        )
        .all(runId, options.afterSeq ?? 0, options.limit ?? 10_000) as LogLine[];
    },

    /** The last `limit` lines, oldest first. */
    tail(runId: number, limit = 200): LogLine[] {
      const rows = db
        .prepare(
          'SELECT seq, time, level, message FROM logs WHERE run_id = ? ORDER BY seq DESC LIMIT ?',
        )
        .all(runId, limit) as LogLine[];
      return rows.reverse();
    },
  };
}

export type LogsRepository = ReturnType<typeof createLogsRepository>;
