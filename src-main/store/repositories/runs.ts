// Runs: one training job each, with its config, status and lifecycle times.
import type { MetricSummary, Run, RunSource, RunStatus } from '../../contract/entities';
import type { SqliteDatabase } from '../db';
import { containsPattern, groupBy, idList, nowIso, realOrNaN } from '../util';
import type { ParamsRepository } from './params';
import { createRunOwnersRepository } from './run-owners';
export type { RunOwner, RunOwnerId } from './run-owners';
export { thisProcess } from './run-owners';
import type { TagsRepository } from './tags';

interface RunRow {
  id: number;
  experiment_id: number;
  name: string;
  status: RunStatus;
  task: string;
  mask_mode: string;
  seed: number;
  config_json: string;
  backend: string | null;
  device: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  heartbeat_at: string | null;
  resumed_from: number | null;
  archived: number;
  notes: string;
}

/** One run × key summary row as SQLite returns it (also read by metrics.ts). */
export interface SummaryRow {
  run_id: number;
  key: string;
  last_step: number;
  last: number | null;
  min: number | null;
  max: number | null;
}

export interface NewRun {
  experimentId: number;
  name: string;
  task: string;
  maskMode: string;
  seed: number;
  config: Record<string, unknown>;
  status?: RunStatus;
  backend?: string | null;
  device?: string | null;
  notes?: string;
  resumedFrom?: number | null;
  createdAt?: string;
}

/** Every mutable column; undefined leaves a column as it is, null clears it. */
export interface RunPatch {
  name?: string;
  notes?: string;
  archived?: boolean;
  status?: RunStatus;
  error?: string | null;
  backend?: string | null;
  device?: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
  heartbeatAt?: string | null;
}

export interface RunFilter {
  experimentId?: number;
  status?: RunStatus;
  /** Substring of the run's name or one of its tags (case-insensitive). */
  search?: string;
  includeArchived?: boolean;
  ids?: readonly number[];
}

const PATCH_COLUMNS: Record<keyof RunPatch, string> = {
  name: 'name',
  notes: 'notes',
  archived: 'archived',
  status: 'status',
  error: 'error',
  backend: 'backend',
  device: 'device',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  heartbeatAt: 'heartbeat_at',
};

/** Metrics shown in run lists (Run.summary). */
export function isHeadline(key: string): boolean {
  return ['reward/mean', 'accuracy', 'entropy/mean'].includes(key) || /^eval\/.+\/avg@/.test(key);
}

export function toSummary(r: SummaryRow): MetricSummary {
  return {
    key: r.key,
    lastStep: r.last_step,
    last: realOrNaN(r.last),
    min: realOrNaN(r.min),
    max: realOrNaN(r.max),
  };
}

export function createRunsRepository(
  db: SqliteDatabase,
  tags: TagsRepository,
  params: ParamsRepository,
) {
  function toEntities(rows: RunRow[]): Run[] {
    const ids = rows.map((r) => r.id);
    const tagMap = tags.forRuns(ids);
    const summaries = db
      .prepare(
        `SELECT * FROM metric_summary WHERE run_id IN (SELECT value FROM json_each(?))
         ORDER BY run_id, key`,
      )
      .all(idList(ids)) as SummaryRow[];
    const byRun = groupBy(summaries, (s) => s.run_id);
    const sources = new Map(
      (
        db
          .prepare(
            'SELECT run_id, engine FROM run_sources WHERE run_id IN (SELECT value FROM json_each(?))',
          )
          .all(idList(ids)) as { run_id: number; engine: RunSource }[]
      ).map((r) => [r.run_id, r.engine]),
    );
    return rows.map((r) => {
      const all = byRun.get(r.id) ?? [];
      const steps = all.map((s) => s.last_step);
      const headline = all.filter((s) => isHeadline(s.key));
      return {
        id: r.id,
        experimentId: r.experiment_id,
        name: r.name,
        status: r.status,
        task: r.task,
        maskMode: r.mask_mode,
        seed: r.seed,
        config: JSON.parse(r.config_json) as Record<string, unknown>,
        backend: r.backend,
        device: r.device,
        tags: tagMap.get(r.id) ?? [],
        notes: r.notes,
        archived: r.archived === 1,
        error: r.error,
        createdAt: r.created_at,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        heartbeatAt: r.heartbeat_at,
        resumedFrom: r.resumed_from,
        source: sources.get(r.id) ?? 'local',
        step: steps.length ? Math.max(...steps) : null,
        summary: headline.map(toSummary),
      };
    });
  }

  return {
    /** Inserts the run and its flattened params; returns its id. */
    create(input: NewRun): number {
      return db.transaction(() => {
        const info = db
          .prepare(
            `INSERT INTO runs (experiment_id, name, status, task, mask_mode, seed, config_json,
               backend, device, notes, resumed_from, created_at)
             VALUES (@experimentId, @name, @status, @task, @maskMode, @seed, @config,
               @backend, @device, @notes, @resumedFrom, @createdAt)`,
          )
          .run({
            experimentId: input.experimentId,
            name: input.name,
            status: input.status ?? 'queued',
            task: input.task,
            maskMode: input.maskMode,
            seed: input.seed,
            config: JSON.stringify(input.config),
            backend: input.backend ?? null,
            device: input.device ?? null,
            notes: input.notes ?? '',
            resumedFrom: input.resumedFrom ?? null,
            createdAt: input.createdAt ?? nowIso(),
          });
        const id = Number(info.lastInsertRowid);
        params.set(id, input.config);
        return id;
      })();
    },

    get(id: number): Run | undefined {
      const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
      return row ? toEntities([row])[0] : undefined;
    },

    /** Newest first. */
    list(filter: RunFilter = {}): Run[] {
      const where: string[] = [];
      const p: Record<string, unknown> = {};
      if (!filter.includeArchived) where.push('r.archived = 0');
      const add = (clause: string, name: string, value: unknown) => {
        if (value === undefined) return;
        where.push(clause);
        p[name] = value;
      };
      add('r.experiment_id = @experimentId', 'experimentId', filter.experimentId);
      add('r.status = @status', 'status', filter.status);
      add('r.id IN (SELECT value FROM json_each(@ids))', 'ids', filter.ids && idList(filter.ids));
      if (filter.search) {
        p.pattern = containsPattern(filter.search);
        where.push(`(r.name LIKE @pattern ESCAPE '\\' OR EXISTS (SELECT 1 FROM tags t
          WHERE t.run_id = r.id AND t.tag LIKE @pattern ESCAPE '\\') OR EXISTS (SELECT 1
          FROM run_sources s WHERE s.run_id = r.id AND s.engine LIKE @pattern ESCAPE '\\'))`);
      }
      const sql = `SELECT r.* FROM runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.created_at DESC, r.id DESC`;
      return toEntities(db.prepare(sql).all(p) as RunRow[]);
    },

    /** Which of `ids` name a run (archived ones included), in no particular order. */
    existing(ids: readonly number[]): number[] {
      const rows = db
        .prepare('SELECT id FROM runs WHERE id IN (SELECT value FROM json_each(?))')
        .all(idList(ids)) as { id: number }[];
      return rows.map((r) => r.id);
    },

    /** Returns false when no such run exists. */
    update(id: number, patch: RunPatch): boolean {
      const sets: string[] = [];
      const p: Record<string, unknown> = { id };
      for (const [field, col] of Object.entries(PATCH_COLUMNS) as [keyof RunPatch, string][]) {
        const value = patch[field];
        if (value === undefined) continue;
        sets.push(`${col} = @${field}`);
        p[field] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      }
      if (sets.length === 0)
        return db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
      return db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = @id`).run(p).changes > 0;
    },

    heartbeat(id: number, at: string = nowIso()): void {
      db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(at, id);
    },

    /** Deletes the run and everything it produced (checkpoint files on disk stay). */
    delete(id: number): boolean {
      return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
    },

    /** Queued run ids, oldest first. */
    queuedIds(): number[] {
      const rows = db
        .prepare("SELECT id FROM runs WHERE status = 'queued' ORDER BY created_at, id")
        .all() as { id: number }[];
      return rows.map((r) => r.id);
    },

    heartbeatMany(ids: readonly number[], now: string = nowIso()): void {
      db.prepare(
        'UPDATE runs SET heartbeat_at = ? WHERE id IN (SELECT value FROM json_each(?))',
      ).run(now, idList(ids));
    },

    ...createRunOwnersRepository(db),

    /** Ids of 'running' runs whose heartbeat is older than `before` or missing. */
    staleRunning(before: string): number[] {
      const rows = db
        .prepare(
          `SELECT id FROM runs WHERE status = 'running'
           AND (heartbeat_at IS NULL OR heartbeat_at < ?) ORDER BY id`,
        )
        .all(before) as { id: number }[];
      return rows.map((r) => r.id);
    },
  };
}

export type RunsRepository = ReturnType<typeof createRunsRepository>;
