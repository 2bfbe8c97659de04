// A run's config flattened to dotted keys ("mask.rho" → 0.2), so runs can be queried by param.
import type { SqliteDatabase } from '../db';

export type ParamValue = string | number | boolean | null;
type ParamType = 'string' | 'number' | 'boolean' | 'null' | 'json';

/** Nested objects become dotted keys; arrays are kept whole as JSON text. */
export function flattenConfig(
  config: Record<string, unknown>,
  prefix = '',
  out: [string, ParamValue, ParamType][] = [],
): [string, ParamValue, ParamType][] {
  for (const [k, v] of Object.entries(config)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) out.push([key, null, 'null']);
    else if (typeof v === 'number') out.push([key, v, 'number']);
    else if (typeof v === 'boolean') out.push([key, v, 'boolean']);
    else if (typeof v === 'string') out.push([key, v, 'string']);
    else if (Array.isArray(v)) out.push([key, JSON.stringify(v), 'json']);
    else if (typeof v === 'object') flattenConfig(v as Record<string, unknown>, key, out);
    else out.push([key, String(v), 'string']);
  }
  return out;
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
        for (const [key, value, type] of flattenConfig(config)) {
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
