// Item 4: a database deleted or replaced under a running serve or trainer. Writes must be refused
// with a clear error, never acknowledged into an unlinked file that a restart would not see.
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store';
import type { ServeHandle } from '../helpers/serve';
import { startServe } from '../helpers/serve';
import { SCRIPTED_ENTRY, harness, scriptedRun, until } from './runner/helpers';
import type { Harness } from './runner/helpers';

let dir = '';
let serve: ServeHandle | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
  await h?.cleanup();
  h = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, body: unknown) {
  const res = await fetch(`${serve!.baseUrl}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${serve!.token}` },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as { ok: boolean; error?: { code: string; message: string } },
  };
}

describe('serve (a real process)', () => {
  it('refuses every call once the database folder is removed, instead of acknowledging writes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-gone-'));
    const data = join(dir, 'data');
    mkdirSync(data);
    const db = join(data, 'fb.db');
    serve = await startServe({ db, noBuild: true });
    expect((await call('experiments.create', { name: 'before' })).json.ok).toBe(true);

    rmSync(data, { recursive: true, force: true });
    const write = await call('experiments.create', { name: 'after' });
    expect(write.status).toBe(503);
    expect(write.json.error).toMatchObject({ code: 'storage_error' });
    expect(write.json.error?.message).toMatch(/fb\.db was deleted while Forkbench had it open/);
    expect((await call('experiments.list', {})).status).toBe(503);
    await serve.stop();
    serve = undefined;

    // Nothing acknowledged after the deletion is missing: nothing was acknowledged.
    const fresh = openStore(db);
    expect(fresh.experiments.list().map((e) => e.name)).toEqual([]);
    fresh.close();
  });

  it('says so when the file was replaced by another one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-replaced-'));
    const db = join(dir, 'fb.db');
    openStore(join(dir, 'other.db')).close();
    serve = await startServe({ db, noBuild: true });
    expect((await call('experiments.create', { name: 'x' })).json.ok).toBe(true);
    copyFileSync(join(dir, 'other.db'), join(dir, 'copy.db'));
    renameSync(join(dir, 'copy.db'), db);
    const r = await call('experiments.create', { name: 'y' });
    expect(r.status).toBe(503);
    expect(r.json.error?.message).toMatch(/was replaced by another file/);
  });
});

describe('a training run', () => {
  it('fails (not finishes) when its database file disappears mid-run', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const id = scriptedRun(h.wb, { steps: 400, stepMs: 20, checkpointEvery: 10, evalEvery: 0 });
    const done = h.wb.queue.waitFor(id);
    h.wb.queue.start();
    await until(() => (h!.wb.store.runs.get(id)?.step ?? 0) >= 3, 'three steps');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${h.dbPath}${suffix}`, { force: true });
    expect(await done).toBe('failed');
  });
});
