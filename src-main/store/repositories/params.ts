// A run's config flattened to dotted keys ("mask.rho" → 0.2), so runs can be queried by param.
import { flattenConfig } from '../../contract/config/paths';
import type { SqliteDatabase } from '../db';

export type ParamValue = string | number | boolean | null;
type ParamType = 'string' | 'number' | 'boolean' | 'null' | 'json';

/** Nested objects become dotted keys (contract's flattenConfig); arrays are kept as JSON text. */
export function paramRows(config: Record<string, unknown>): [string, ParamValue, ParamType][] {
  return Object.entries(flattenConfig(config)).map(([key, v]): [string, ParamValue, ParamType] => {
    if (v === null || v === undefined) return [key, null, 'null'];
    if (typeof v === 'number') return [key, v, 'number'];
    if (typeof v === 'boolean') return [key, v, 'boolean'];
    if (typeof v === 'string') return [key, v, 'string'];
    if (Array.isArray(v)) return [key, JSON.stringify(v), 'json'];
    return [key, String(v), 'string'];
  });
}

export function createParamsRepository(db: SqliteDatabase) {
  return {
    /** Replaces the run's params with the flattened config. */
    set(runId: number, config: Record<string, unknown>): void {
      const insert = db.prepare(
        'INSERT INTO params (run_id, key, value, type) VALUES (?, ?, ?, ?)',
      );
      db.transaction(() => {
        db.prepare('DELETE FROM params WHERE run_id = ?').run(runId);
        for (const [key, value, type] of paramRows(config)) {
          const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
          insert.run(runId, key, stored, type);
        }
      })();
    },

    get(runId: number): Record<string, ParamValue> {
      const rows = db
        .prepare('SELECT key, value, type FROM params WHERE run_id = ? ORDER BY key')
        .all(runId) as { key: string; value: string | number | null; type: ParamType }[];
      const out: Record<string, ParamValue> = {};
      for (const r of rows) out[r.key] = r.type === 'boolean' ? r.value === 1 : r.value;
      return out;
    },

    /** Ids of runs whose param `key` equals `value`. */
    runsWhere(key: string, value: ParamValue): number[] {
      const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      const rows = (
        stored === null
          ? db.prepare('SELECT run_id FROM params WHERE key = ? AND value IS NULL').all(key)
          : db.prepare('SELECT run_id FROM params WHERE key = ? AND value = ?').all(key, stored)
      ) as { run_id: number }[];
      return rows.map((r) => r.run_id);
    },
  };
}

export type ParamsRepository = ReturnType<typeof createParamsRepository>;
