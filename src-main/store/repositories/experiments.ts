// Experiments: named groups of runs.
import type { Experiment } from '../../contract/entities';
import { WorkbenchError } from '../../contract/result';
import type { SqliteDatabase } from '../db';
import { containsPattern, nowIso } from '../util';
import type { TagsRepository } from './tags';

interface ExperimentRow {
  id: number;
  name: string;
  description: string;
  archived: number;
  created_at: string;
  run_count: number;
}

export interface NewExperiment {
  name: string;
  description?: string;
  archived?: boolean;
  createdAt?: string;
}

export interface ExperimentPatch {
  name?: string;
  description?: string;
  archived?: boolean;
}

export interface ExperimentFilter {
  /** Substring of the name, description or a tag (case-insensitive). */
  search?: string;
  includeArchived?: boolean;
}

const SELECT = `
  SELECT e.*, (SELECT COUNT(*) FROM runs r WHERE r.experiment_id = e.id) AS run_count
  FROM experiments e`;

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createExperimentsRepository(db: SqliteDatabase, tags: TagsRepository) {
  function toEntities(rows: ExperimentRow[]): Experiment[] {
    const tagMap = tags.forExperiments(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      tags: tagMap.get(r.id) ?? [],
      archived: r.archived === 1,
      createdAt: r.created_at,
      runCount: r.run_count,
    }));
  }

  function nameTaken(name: string): WorkbenchError {
    return new WorkbenchError('conflict', `an experiment named "${name}" already exists`, 'name');
  }

  return {
    create(input: NewExperiment): number {
      try {
        const info = db
          .prepare(
            'INSERT INTO experiments (name, description, archived, created_at) VALUES (?, ?, ?, ?)',
          )
          .run(
            input.name,
            input.description ?? '',
            input.archived ? 1 : 0,
            input.createdAt ?? nowIso(),
          );
        return Number(info.lastInsertRowid);
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(input.name);
        throw err;
      }
    },

    get(id: number): Experiment | undefined {
      const row = db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as ExperimentRow | undefined;
      return row ? toEntities([row])[0] : undefined;
    },

    findByName(name: string): Experiment | undefined {
      const row = db.prepare(`${SELECT} WHERE e.name = ?`).get(name) as ExperimentRow | undefined;
      return row ? toEntities([row])[0] : undefined;
    },

    /** Newest first. */
    list(filter: ExperimentFilter = {}): Experiment[] {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (!filter.includeArchived) where.push('e.archived = 0');
      if (filter.search) {
        params.pattern = containsPattern(filter.search);
        where.push(`(e.name LIKE @pattern ESCAPE '\\' OR e.description LIKE @pattern ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM tags t WHERE t.experiment_id = e.id
                     AND t.tag LIKE @pattern ESCAPE '\\'))`);
      }
      const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.created_at DESC, e.id DESC`;
      return toEntities(db.prepare(sql).all(params) as ExperimentRow[]);
    },

    /** Returns false when no such experiment exists. */
    update(id: number, patch: ExperimentPatch): boolean {
      const sets: string[] = [];
      const params: Record<string, unknown> = { id };
      const set = (column: string, value: unknown) => {
        if (value === undefined) return;
        sets.push(`${column} = @${column}`);
        params[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      };
      set('name', patch.name);
      set('description', patch.description);
      set('archived', patch.archived);
      if (sets.length === 0)
        return db.prepare('SELECT 1 FROM experiments WHERE id = ?').get(id) !== undefined;
      try {
        return (
          db.prepare(`UPDATE experiments SET ${sets.join(', ')} WHERE id = @id`).run(params)
            .changes > 0
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(patch.name ?? '');
        throw err;
      }
    },

    /** Deletes the experiment and, by cascade, its runs and everything they produced. */
    delete(id: number): boolean {
      return db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes > 0;
    },
  };
}

export type ExperimentsRepository = ReturnType<typeof createExperimentsRepository>;
