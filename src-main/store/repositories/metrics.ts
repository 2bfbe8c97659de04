// Scalar time series (run, key, step) → value, with a per-key latest/min/max summary kept
// up to date on every insert. A step written twice (a resumed run) replaces the first value.
import type { MetricPoint, MetricSeries, MetricSummary, RunMetrics } from '../../contract/entities';
import { WorkbenchError } from '../../contract/result';
import type { SqliteDatabase } from '../db';
import { groupBy, idList, realOrNaN } from '../util';
import { toSummary } from './runs';
import type { SummaryRow } from './runs';

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

function check(p: MetricInput, i: number): void {
  if (typeof p.key !== 'string' || p.key.length === 0 || p.key.length > 200)
    throw new WorkbenchError('invalid_request', `metric ${i}: key must be 1-200 characters`);
  if (!Number.isInteger(p.step) || p.step < 0)
    throw new WorkbenchError('invalid_request', `metric ${p.key}: step must be an integer >= 0`);
  if (typeof p.value !== 'number')
    throw new WorkbenchError('invalid_request', `metric ${p.key}: value must be a number`);
}

const finite = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** [step, wall_time, value] */
type PointRow = [number, number, number | null];

/**
 * The smallest power-of-two stride that leaves at most ~maxPoints steps between lo and hi. Steps
 * are distinct integers, so a series holds at most hi - lo + 1 of them: no count scan needed.
 */
export function strideFor(lo: number, hi: number, maxPoints: number): number {
  let stride = 1;
  while ((hi - lo + 1) / stride > maxPoints) stride *= 2;
  return stride;
}

/** The multiples of `stride` in [lo, hi], and hi itself (the last point is always kept). */
export function stridedSteps(lo: number, hi: number, stride: number): number[] {
  const steps: number[] = [];
  for (let s = Math.ceil(lo / stride) * stride; s <= hi; s += stride) steps.push(s);
  if (steps[steps.length - 1] !== hi) steps.push(hi);
  return steps;
}

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

  const summaryRows = db.prepare(
    `SELECT * FROM metric_summary WHERE run_id IN (SELECT value FROM json_each(?))
     ORDER BY run_id, key`,
  );
  // Two index seeks (not a scan): where the series starts and ends.
  const bounds = db.prepare(
    `SELECT
       (SELECT MIN(step) FROM metrics WHERE run_id = @run AND key = @key AND step >= @since) AS lo,
       (SELECT MAX(step) FROM metrics WHERE run_id = @run AND key = @key AND step >= @since) AS hi`,
  );
  // Rows as [step, wall_time, value] arrays: cheaper than objects for 100k-point reads.
  const allPoints = db
    .prepare(
      `SELECT step, wall_time, value FROM metrics
       WHERE run_id = ? AND key = ? AND step >= ? ORDER BY step`,
    )
    .raw(true);
  // One primary-key lookup per wanted step: cheaper than filtering the whole range.
  const somePoints = db
    .prepare(
      `SELECT step, wall_time, value FROM metrics
       WHERE run_id = ? AND key = ? AND step IN (SELECT value FROM json_each(?)) ORDER BY step`,
    )
    .raw(true);

  function points(runId: number, key: string, since: number, maxPoints?: number): MetricPoint[] {
    let rows: PointRow[];
    if (maxPoints === undefined) {
      rows = allPoints.all(runId, key, since) as PointRow[];
    } else {
      const b = bounds.get({ run: runId, key, since }) as { lo: number | null; hi: number | null };
      if (b.lo === null || b.hi === null) return [];
      const stride = strideFor(b.lo, b.hi, maxPoints);
      rows = (
        stride === 1
          ? allPoints.all(runId, key, since)
          : somePoints.all(runId, key, JSON.stringify(stridedSteps(b.lo, b.hi, stride)))
      ) as PointRow[];
    }
    return rows.map(([step, wallTime, value]) => ({ step, wallTime, value: realOrNaN(value) }));
  }

  function readMany(runIds: readonly number[], query: SeriesQuery = {}): RunMetrics[] {
    const ids = [...new Set(runIds)];
    const byRun = groupBy(summaryRows.all(idList(ids)) as SummaryRow[], (r) => r.run_id);
    const since = query.sinceStep ?? 0;
    const wanted = query.keys ? new Set(query.keys) : null;
    return ids.map((runId) => {
      const rows = byRun.get(runId) ?? [];
      const keys = query.keys ?? rows.map((r) => r.key);
      return {
        runId,
        series: keys.map((key) => ({
          runId,
          key,
          points: points(runId, key, since, query.maxPoints),
        })),
        summaries: rows.filter((r) => !wanted || wanted.has(r.key)).map(toSummary),
      };
    });
  }

  return {
    keys,

    insert(runId: number, points: readonly MetricInput[]): void {
      if (points.length > 0) insert(runId, points);
    },

    /** Series ordered by key (or as `query.keys`), points by step. NaN values come back as NaN. */
    series(runId: number, query: SeriesQuery = {}): MetricSeries[] {
      return (readMany([runId], query)[0] as RunMetrics).series;
    },

    /**
     * Many runs' series (thinned as `query.maxPoints` says) and their full-resolution summaries,
     * in the order of `runIds` (each once). Unknown runs come back empty.
     */
    readMany,

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
