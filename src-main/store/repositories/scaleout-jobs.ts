// Engine jobs Forkbench launched (ray job submit / accelerate launch) and their log lines.
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

import type { JobLogLine, JobStatus, ScaleoutJob } from '../../contract/api-scaleout';

export type { JobLogLine, JobStatus, ScaleoutJob };
export type JobLogStream = JobLogLine['stream'];

interface Row {
  id: number;
  run_id: number | null;
  engine: 'verl' | 'trl';
  bundle_dir: string;
  launcher: string;
  submission_id: string;
  address: string | null;
  status: JobStatus;
  pid: number | null;
  exit_code: number | null;
  created_at: string;
  ended_at: string | null;
}

const toJob = (r: Row): ScaleoutJob => ({
  id: r.id,
  runId: r.run_id,
  engine: r.engine,
  bundleDir: r.bundle_dir,
  launcher: r.launcher,
  submissionId: r.submission_id,
  address: r.address,
  status: r.status,
  pid: r.pid,
  exitCode: r.exit_code,
  createdAt: r.created_at,
  endedAt: r.ended_at,
});

export function createScaleoutJobsRepository(db: SqliteDatabase) {
  return {
    create(
      j: Pick<
        ScaleoutJob,
        'runId' | 'engine' | 'bundleDir' | 'launcher' | 'submissionId' | 'address'
      >,
    ): number {
      const info = db
        .prepare(
          `INSERT INTO scaleout_jobs (run_id, engine, bundle_dir, launcher, submission_id, address,
             status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'starting', ?)`,
        )
        .run(j.runId, j.engine, j.bundleDir, j.launcher, j.submissionId, j.address, nowIso());
      return Number(info.lastInsertRowid);
    },
    get(id: number): ScaleoutJob | undefined {
      const row = db.prepare('SELECT * FROM scaleout_jobs WHERE id = ?').get(id) as Row | undefined;
      return row && toJob(row);
    },
    list(): ScaleoutJob[] {
      return (db.prepare('SELECT * FROM scaleout_jobs ORDER BY id DESC').all() as Row[]).map(toJob);
    },
    update(
      id: number,
      p: { status?: JobStatus; pid?: number | null; exitCode?: number | null; ended?: boolean },
    ): void {
      db.prepare(
        `UPDATE scaleout_jobs SET status = COALESCE(@status, status), pid = COALESCE(@pid, pid),
           exit_code = COALESCE(@exitCode, exit_code),
           ended_at = CASE WHEN @ended = 1 THEN COALESCE(ended_at, @now) ELSE ended_at END
         WHERE id = @id`,
      ).run({
        id,
        status: p.status ?? null,
        pid: p.pid ?? null,
        exitCode: p.exitCode ?? null,
        ended: p.ended ? 1 : 0,
        now: nowIso(),
      });
    },
    appendLog(jobId: number, stream: JobLogStream, lines: readonly string[]): void {
      if (!lines.length) return;
      db.transaction(() => {
        const next =
          ((
            db
              .prepare('SELECT MAX(seq) AS s FROM scaleout_job_logs WHERE job_id = ?')
              .get(jobId) as { s: number | null }
          ).s ?? -1) + 1;
        const insert = db.prepare(
          'INSERT INTO scaleout_job_logs (job_id, seq, time, stream, line) VALUES (?, ?, ?, ?, ?)',
        );
        const now = nowIso();
        lines.forEach((line, i) => insert.run(jobId, next + i, now, stream, line));
      })();
    },
    logs(jobId: number, sinceSeq = 0, stream?: JobLogStream): JobLogLine[] {
      return db
        .prepare(
          `SELECT seq, time, stream, line FROM scaleout_job_logs WHERE job_id = ? AND seq >= ?
           ${stream ? 'AND stream = ?' : ''} ORDER BY seq`,
        )
        .all(...[jobId, sinceSeq, ...(stream ? [stream] : [])]) as JobLogLine[];
    },
    /** Replaces the engine's log copy (ray job logs returns the whole text each time). */
    replaceEngineLog(jobId: number, lines: readonly string[]): void {
      db.transaction(() => {
        db.prepare("DELETE FROM scaleout_job_logs WHERE job_id = ? AND stream = 'engine'").run(
          jobId,
        );
        this.appendLog(jobId, 'engine', lines);
      })();
    },
  };
}

export type ScaleoutJobsRepository = ReturnType<typeof createScaleoutJobsRepository>;
