import { openDatabase } from '/work/main/src-main/store/db';
for (const p of ['/tmp/scratch/ro/x.db', '/tmp/scratch/ro/sub/x.db', '/proc/forkbench/x.db']) {
  try { openDatabase(p); console.log('opened?!', p); } catch (e) { console.log((e as Error).message); }
}
