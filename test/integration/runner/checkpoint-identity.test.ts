// Checkpoint storage belongs to its database (item 3): two databases in one folder (run ids
// start at 1 in both) never share files, a host killed mid-run resumes from its own checkpoint,
// and a resume that finds none of its checkpoints usable fails loudly instead of restarting.
// Also (item 11): damaged checkpoints are skipped with a warning, orphaned temp files removed.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src-main/runner/checkpoints/checkpoint-files';
import { createWorkbench } from '../../../src-main/services/workbench';
import type { Workbench } from '../../../src-main/services/workbench';
import { openStore } from '../../../src-main/store';
import type { HostProcess } from './host-process';
import { startHost } from './host-process';
import type { Harness } from './helpers';
import { SCRIPTED_ENTRY, allMetrics, harness, run, scriptedRun, until } from './helpers';

let h: Harness | undefined;
let other: Workbench | undefined;
let host: HostProcess | undefined;
afterEach(async () => {
  if (host && host.child.exitCode === null && host.child.signalCode === null) {
    host.child.kill('SIGKILL');
    await host.exited;
  }
  host = undefined;
  await other?.shutdown();
  other = undefined;
  await h?.cleanup();
  h = undefined;
});

const script = { steps: 24, stepMs: 30, seed: 2, checkpointEvery: 4, evalEvery: 0 };

describe('two databases in one folder', () => {
  it('keep separate checkpoints; a killed host resumes from its own', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const a = h.wb;
    other = createWorkbench(openStore(join(h.dir, 'second.db')), 'http', {
      entry: SCRIPTED_ENTRY,
      pollMs: 200,
    });
    const b = other;
    const idA = scriptedRun(a, { ...script, stepMs: 1 }, 'a');
    const idB = scriptedRun(b, script, 'b');
    expect(idA).toBe(idB); // the collision the old layout had
    const doneA = a.queue.waitFor(idA);
    a.queue.start();
    expect(await doneA).toBe('finished');

    host = startHost(join(h.dir, 'second.db'), [idB]);
    await until(() => (b.store.checkpoints.latest(idB)?.step ?? 0) >= 8, 'b checkpoints');
    host.child.kill('SIGKILL');
    await host.exited;
    const folders = new Set(
      [...a.store.checkpoints.list(idA), ...b.store.checkpoints.list(idB)].map((c) =>
        dirname(dirname(c.path)),
      ),
    );
    expect(folders.size).toBe(2); // one checkpoint folder per database
    expect(
      [...folders].every((f) => /checkpoints[\\/](forkbench|second)-[0-9a-f]{12}$/.test(f)),
    ).toBe(true);

    const resumed = await b.call('runs.resume', { id: idB });
    expect(resumed.ok, JSON.stringify(resumed)).toBe(true);
    expect(run(b, idB).step).toBeGreaterThanOrEqual(8); // from its checkpoint, not step 0
    const doneB = b.queue.waitFor(idB);
    b.queue.start();
    expect(await doneB).toBe('finished');
    const log = b.store.logs.list(idB).map((l) => l.message);
    expect(log.some((m) => /resumed from checkpoint at step (8|12|16|20)/.test(m))).toBe(true);
    // The first database's checkpoints are untouched and still pass their hash check.
    const kept = a.store.checkpoints.list(idA);
    expect(kept.length).toBeGreaterThan(0);
    for (const c of kept) expect(sha256(readFileSync(c.path))).toBe(c.sha256);
    expect(allMetrics(b, idB)['reward/mean']?.map(([s]) => s)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
  });
});

describe('resume without a usable checkpoint', () => {
  async function stoppedRun(h: Harness): Promise<number> {
    const id = scriptedRun(h.wb, { ...script, steps: 400 });
    const done = h.wb.queue.waitFor(id);
    h.wb.queue.start();
    await until(() => (h.wb.store.checkpoints.latest(id)?.step ?? 0) >= 8, 'checkpoints');
    h.wb.queue.stop(id);
    expect(await done).toBe('stopped');
    return id;
  }

  it('fails loudly when every checkpoint is gone, and never restarts from step 0', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const id = await stoppedRun(h);
    const before = run(h.wb, id).step;
    for (const c of h.wb.store.checkpoints.list(id)) rmSync(c.path);
    const r = await h.wb.call('runs.resume', { id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('conflict');
      expect(r.error.message).toMatch(/cannot resume: none of its \d+ checkpoints is usable/);
      expect(r.error.message).toMatch(/not restarted from step 0/);
    }
    expect(run(h.wb, id)).toMatchObject({ status: 'stopped', step: before }); // untouched
  });

  it('skips a damaged checkpoint with a warning and removes orphaned temp files', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const id = await stoppedRun(h);
    const ckpts = h.wb.store.checkpoints.list(id).sort((x, y) => y.step - x.step);
    const [newest, older] = ckpts;
    writeFileSync(newest!.path, 'garbage');
    const orphan = `${newest!.path}.tmp-999999`; // a pid that does not exist
    writeFileSync(orphan, 'half a checkpoint');
    const r = await h.wb.call('runs.resume', { id });
    expect(r.ok).toBe(true);
    expect(run(h.wb, id).step).toBe(older!.step);
    const done = h.wb.queue.waitFor(id);
    await until(() => !existsSync(orphan), 'orphan temp removed');
    h.wb.queue.stop(id);
    await done;
    const log = h.wb.store.logs.list(id);
    const warned = log.find((l) => l.level === 'warn' && /is damaged: sha256/.test(l.message));
    expect(warned?.message).toMatch(new RegExp(`checkpoint at step ${newest!.step}: .*skipped$`));
    expect(log.some((l) => /removed step-\d+\.g\d+\.ckpt\.tmp-999999/.test(l.message))).toBe(true);
    expect(readdirSync(dirname(newest!.path)).some((n) => n.includes('.tmp-'))).toBe(false);
  });
});
