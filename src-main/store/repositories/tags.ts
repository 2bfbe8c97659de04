// Tags of experiments and runs (one table; each tag belongs to exactly one owner).
import type { SqliteDatabase } from '../db';
import { idList } from '../util';

type Owner = 'experiment' | 'run';
const column = (owner: Owner): string => (owner === 'experiment' ? 'experiment_id' : 'run_id');

function dedupe(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
}

export function createTagsRepository(db: SqliteDatabase) {
  function set(owner: Owner, id: number, tags: readonly string[]): void {
    const col = column(owner);
    const insert = db.prepare(`INSERT INTO tags (${col}, tag) VALUES (?, ?)`);
    db.transaction(() => {
      db.prepare(`DELETE FROM tags WHERE ${col} = ?`).run(id);
      for (const tag of dedupe(tags)) insert.run(id, tag);
    })();
  }

  function of(owner: Owner, ids: readonly number[]): Map<number, string[]> {
    const col = column(owner);
    const rows = db
      .prepare(
        `SELECT ${col} AS owner, tag FROM tags
         WHERE ${col} IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(idList(ids)) as { owner: number; tag: string }[];
    const map = new Map<number, string[]>();
    for (const id of ids) map.set(id, []);
    for (const r of rows) map.get(r.owner)?.push(r.tag);
    return map;
  }

  return {
    setForExperiment: (id: number, tags: readonly string[]) => set('experiment', id, tags),
    setForRun: (id: number, tags: readonly string[]) => set('run', id, tags),
    forExperiments: (ids: readonly number[]) => of('experiment', ids),
    forRuns: (ids: readonly number[]) => of('run', ids),
    /** Every distinct tag in use, with how many experiments and runs carry it. */
    all(): { tag: string; count: number }[] {
      return db
        .prepare('SELECT tag, COUNT(*) AS count FROM tags GROUP BY tag ORDER BY tag')
        .all() as { tag: string; count: number }[];
    },
  };
}

export type TagsRepository = ReturnType<typeof createTagsRepository>;
