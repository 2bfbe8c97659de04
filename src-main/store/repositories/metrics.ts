// Scalar time series (run, key, step) → value, with a per-key latest/min/max summary kept
// up to date on every insert. A step written twice (a resumed run) replaces the first value.
import type { MetricSeries, MetricSummary } from '../../contract/entities';
import { WorkbenchError } from '../../contract/result';
import type { SqliteDatabase } from '../db';
import { groupBy, realOrNaN } from '../util';
import { toSummary } from './runs';

export interface MetricInput {
  key: string;
  step: number;
  value: number;
  /** Seconds since the Unix epoch; defaults to now. */
  wallTime?: number;
}

export interface SeriesQuery {
  keys?: readonly string[];
  /** Only points with step >= sinceStep. */
  sinceStep?: number;
  /**
   * At most about this many points per series: the steps that are multiples of a power-of-two
   * stride (so runs of similar length share steps) and the last point. Filtered in SQL.
   */
  maxPoints?: number;
}

interface SummaryRow {
  run_id: number;
  key: string;
  last_step: number;
  last: number | null;
  min: number | null;
  max: number | null;
}

function check(p: MetricInput, i: number): void {
  if (typeof p.key !== 'string' || p.key.length === 0 || p.key.length > 200)
    throw new WorkbenchError('invalid_request', `metric ${i}: key must be 1-200 characters`);
  if (!Number.isInteger(p.step) || p.step < 0)
    throw new WorkbenchError('invalid_request', `metric ${p.key}: step must be an integer >= 0`);
  if (typeof p.value !== 'number')
    throw new WorkbenchError('invalid_request', `metric ${p.key}: value must be a number`);
}

const finite = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function createMetricsRepository(db: SqliteDatabase) {
  const upsertPoint = db.prepare(
    'INSERT OR REPLACE INTO metrics (run_id, key, step, wall_time, value) VALUES (?, ?, ?, ?, ?)',
  );
  const getSummary = db.prepare('SELECT * FROM metric_summary WHERE run_id = ? AND key = ?');
  const putSummary = db.prepare(
    `INSERT OR REPLACE INTO metric_summary (run_id, key, last_step, last, min, max)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const recompute = db.prepare(
    `SELECT MIN(value) AS min, MAX(value) AS max,
       (SELECT step FROM metrics WHERE run_id = @run AND key = @key ORDER BY step DESC LIMIT 1) AS last_step,
       (SELECT value FROM metrics WHERE run_id = @run AND key = @key ORDER BY step DESC LIMIT 1) AS last
     FROM metrics WHERE run_id = @run AND key = @key`,
  );

  function updateSummary(runId: number, key: string, points: MetricInput[]): void {
    const old = getSummary.get(runId, key) as SummaryRow | undefined;
    const steps = new Set(points.map((p) => p.step));
    const overlaps =
      steps.size !== points.length ||
      (old !== undefined && points.some((p) => p.step <= old.last_step));
    if (overlaps) {
      const r = recompute.get({ run: runId, key }) as Omit<SummaryRow, 'run_id' | 'key'>;
      putSummary.run(runId, key, r.last_step, r.last, r.min, r.max);
      return;
    }
    let {
      last_step: lastStep,
      last,
      min,
      max,
    } = old ?? {
      last_step: -1,
      last: null,
      min: null,
      max: null,
    };
    for (const p of points) {
      const v = finite(p.value);
      if (p.step > lastStep) {
        lastStep = p.step;
        last = v;
      }
      if (v !== null) {
        min = min === null ? v : Math.min(min, v);
        max = max === null ? v : Math.max(max, v);
      }
    }
    putSummary.run(runId, key, lastStep, last, min, max);
  }

  /** Writes a batch of points in one transaction and refreshes the summaries it touches. */
  const insert = db.transaction((runId: number, points: readonly MetricInput[]) => {
    const now = Date.now() / 1000;
    points.forEach(check);
    for (const p of points)
      upsertPoint.run(runId, p.key, p.step, p.wallTime ?? now, finite(p.value));
    for (const [key, group] of groupBy(points, (p) => p.key)) updateSummary(runId, key, group);
  });

  function keys(runId: number): string[] {
    return (
      db.prepare('SELECT key FROM metric_summary WHERE run_id = ? ORDER BY key').all(runId) as {
        key: string;
      }[]
    ).map((r) => r.key);
  }

  return {
    keys,

    insert(runId: number, points: readonly MetricInput[]): void {
      if (points.length > 0) insert(runId, points);
    },

    /** Series ordered by key, points by step. NaN values come back as NaN. */
    series(runId: number, query: SeriesQuery = {}): MetricSeries[] {
      const wanted = query.keys ?? keys(runId);
      const stmt = db.prepare(
        `SELECT step, wall_time, value FROM metrics
         WHERE run_id = ? AND key = ? AND step >= ? ORDER BY step`,
      );
      const since = query.sinceStep ?? 0;
      const maxPoints = query.maxPoints;
      if (maxPoints !== undefined) {
        const range = db.prepare(
          `SELECT COUNT(*) AS n, MIN(step) AS lo, MAX(step) AS hi FROM metrics
           WHERE run_id = ? AND key = ? AND step >= ?`,
        );
        const strided = db.prepare(
          `SELECT step, wall_time, value FROM metrics
           WHERE run_id = ? AND key = ? AND step >= ? AND (step % ? = 0 OR step = ?) ORDER BY step`,
        );
        return wanted.map((key) => {
          const r = range.get(runId, key, since) as { n: number; lo: number; hi: number };
          let stride = 1;
          while (r.n / stride > maxPoints || (r.hi - r.lo) / stride > maxPoints) stride *= 2;
          const rows = (
            stride === 1
              ? stmt.all(runId, key, since)
              : strided.all(runId, key, since, stride, r.hi ?? 0)
          ) as { step: number; wall_time: number; value: number | null }[];
          return {
            runId,
            key,
            points: rows.map((x) => ({
              step: x.step,
              wallTime: x.wall_time,
              value: realOrNaN(x.value),
            })),
          };
        });
      }
      return wanted.map((key) => ({
        runId,
        key,
        points: (
          stmt.all(runId, key, since) as {
            step: number;
            wall_time: number;
            value: number | null;
          }[]
        ).map((r) => ({ step: r.step, wallTime: r.wall_time, value: realOrNaN(r.value) })),
      }));
    },

    summaries(runId: number, keys?: readonly string[]): MetricSummary[] {
      const rows = db
        .prepare('SELECT * FROM metric_summary WHERE run_id = ? ORDER BY key')
        .all(runId) as SummaryRow[];
      const wanted = keys ? new Set(keys) : undefined;
      return rows.filter((r) => !wanted || wanted.has(r.key)).map(toSummary);
    },

    /** Deletes points after `step` and recomputes the run's summaries. */
    truncateAfter(runId: number, step: number): void {
      db.transaction(() => {
        db.prepare('DELETE FROM metrics WHERE run_id = ? AND step > ?').run(runId, step);
        for (const key of keys(runId)) {
          const r = recompute.get({ run: runId, key }) as Omit<SummaryRow, 'run_id' | 'key'>;
          if (r.last_step === null)
            db.prepare('DELETE FROM metric_summary WHERE run_id = ? AND key = ?').run(runId, key);
          else putSummary.run(runId, key, r.last_step, r.last, r.min, r.max);
        }
      })();
    },

    /** Highest step with any metric, or null. */
    lastStep(runId: number): number | null {
      const r = db
        .prepare('SELECT MAX(last_step) AS step FROM metric_summary WHERE run_id = ?')
        .get(runId) as { step: number | null };
      return r.step;
    },
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
