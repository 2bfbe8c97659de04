// Where imported runs came from. One row per imported run; local runs have none.
import type { SqliteDatabase } from '../db';
import { idList, nowIso } from '../util';

export interface RunSource {
  runId: number;
  engine: 'verl' | 'trl' | 'tensorboard' | 'forkbench';
  sourceKey: string;
  fingerprint: string;
  files: unknown[];
  foundConfig: Record<string, unknown>;
  keyMap: Record<string, string>;
  importedAt: string;
  updatedAt: string;
}

interface Row {
  run_id: number;
  engine: RunSource['engine'];
  source_key: string;
  fingerprint: string;
  files_json: string;
  found_config_json: string;
  key_map_json: string;
  imported_at: string;
  updated_at: string;
}

const toSource = (r: Row): RunSource => ({
  runId: r.run_id,
  engine: r.engine,
  sourceKey: r.source_key,
  fingerprint: r.fingerprint,
  files: JSON.parse(r.files_json) as unknown[],
  foundConfig: JSON.parse(r.found_config_json) as Record<string, unknown>,
  keyMap: JSON.parse(r.key_map_json) as Record<string, string>,
  importedAt: r.imported_at,
  updatedAt: r.updated_at,
});

export function createRunSourcesRepository(db: SqliteDatabase) {
  return {
    byKey(sourceKey: string): RunSource | undefined {
      const row = db.prepare('SELECT * FROM run_sources WHERE source_key = ?').get(sourceKey) as
        Row | undefined;
      return row && toSource(row);
    },
    get(runId: number): RunSource | undefined {
      const row = db.prepare('SELECT * FROM run_sources WHERE run_id = ?').get(runId) as
        Row | undefined;
      return row && toSource(row);
    },
    /** Engine of each run that has a source, by run id. */
    enginesFor(runIds: readonly number[]): Map<number, RunSource['engine']> {
      const rows = db
        .prepare(
          'SELECT run_id, engine FROM run_sources WHERE run_id IN (SELECT value FROM json_each(?))',
        )
        .all(idList(runIds)) as { run_id: number; engine: RunSource['engine'] }[];
      return new Map(rows.map((r) => [r.run_id, r.engine]));
    },
    put(s: Omit<RunSource, 'importedAt' | 'updatedAt'>, now: string = nowIso()): void {
      db.prepare(
        `INSERT INTO run_sources (run_id, engine, source_key, fingerprint, files_json,
           found_config_json, key_map_json, imported_at, updated_at)
         VALUES (@runId, @engine, @sourceKey, @fingerprint, @files, @config, @keyMap, @now, @now)
         ON CONFLICT (run_id) DO UPDATE SET fingerprint = @fingerprint, files_json = @files,
           found_config_json = @config, key_map_json = @keyMap, updated_at = @now`,
      ).run({
        runId: s.runId,
        engine: s.engine,
        sourceKey: s.sourceKey,
        fingerprint: s.fingerprint,
        files: JSON.stringify(s.files),
        config: JSON.stringify(s.foundConfig),
        keyMap: JSON.stringify(s.keyMap),
        now,
      });
    },
  };
}

export type RunSourcesRepository = ReturnType<typeof createRunSourcesRepository>;
