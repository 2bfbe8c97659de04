// The process machinery with real trainer processes (scripted engine): queue order and
// concurrency, live events, stop, resume equality, crash by SIGKILL, failures, bad messages,
// stale-heartbeat recovery.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RunQueue } from '../../../src-main/runner/host/queue';
import { recoverInterrupted } from '../../../src-main/runner/host/recovery';
import { runStoreFrom } from '../../../src-main/runner/host/store-adapter';
import type { Harness } from './helpers';
import {
  harness,
  run,
  SCRIPTED_ENTRY,
  scriptedRun,
  terminal,
  trainingMetrics,
  until,
} from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('run queue', () => {
  it('runs queued runs oldest first, one at a time by default, with live events', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb } = h;
    const ids = [1, 2, 3].map((seed) => scriptedRun(wb, { seed, steps: 4 }, `r${seed}`));
    const done = ids.map((id) => wb.queue.waitFor(id));
    let maxActive = 0;
    wb.events.subscribe(() => (maxActive = Math.max(maxActive, wb.queue.active.length)));
    wb.queue.start();
    expect(await Promise.all(done)).toEqual(['finished', 'finished', 'finished']);
    expect(maxActive).toBe(1);
    const runs = ids.map((id) => run(wb, id));
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.startedAt! >= runs[i - 1]!.endedAt!).toBe(true);
    }
    expect(runs.map((r) => [r.backend, r.step])).toEqual(Array(3).fill(['scripted', 4]));
    // Live events: status changes, metrics and logs for each run.
    const types = new Set(h.events.map((e) => e.type));
    expect(types).toEqual(new Set(['run.updated', 'metrics.appended', 'log.appended']));
    const appended = h.events.filter((e) => e.type === 'metrics.appended' && e.runId === ids[0]);
    expect(appended.length).toBeGreaterThan(0);
    const statuses = h.events.flatMap((e) =>
      e.type === 'run.updated' && e.run.id === ids[0] ? [e.run.status] : [],
    );
    expect(statuses).toContain('running');
    expect(statuses[statuses.length - 1]).toBe('finished');
    // Step 0 (base) eval, evals every 2 steps, final; checkpoints recorded with their hash.
    expect(wb.store.evals.list(ids[0]!).map((e) => e.step)).toEqual([0, 2, 4]);
    const ckpts = wb.store.checkpoints.list(ids[0]!);
    expect(ckpts.map((c) => c.step)).toEqual([2, 4]);
    expect(ckpts.every((c) => existsSync(c.path) && /^[0-9a-f]{64}$/.test(c.sha256))).toBe(true);
    expect(wb.store.rollouts.steps(ids[0]!)).toEqual([1, 2, 3, 4]);
    const log = wb.store.logs.list(ids[0]!).map((l) => l.message);
    expect(log.some((m) => m.startsWith('config '))).toBe(true);
    expect(log.some((m) => m.includes('backend scripted'))).toBe(true);
  });

  it('runs two at once when concurrency allows', async () => {
    h = harness({ entry: SCRIPTED_ENTRY, concurrency: 2 });
    const { wb } = h;
    const ids = [1, 2].map((seed) => scriptedRun(wb, { seed, steps: 10, stepMs: 60 }));
    const done = ids.map((id) => wb.queue.waitFor(id));
    let maxActive = 0;
    wb.events.subscribe(() => (maxActive = Math.max(maxActive, wb.queue.active.length)));
    wb.queue.start();
    await Promise.all(done);
    expect(maxActive).toBe(2);
  });
});

describe('stop, crash, resume', () => {
  it('stops cleanly after the current step and resumes to the same metrics', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb } = h;
    const script = { steps: 12, stepMs: 40, seed: 7, checkpointEvery: 5, evalEvery: 4 };
    const reference = scriptedRun(wb, script, 'reference');
    const stopped = scriptedRun(wb, script, 'stopped');
    wb.queue.start();
    expect(await wb.queue.waitFor(reference)).toBe('finished');
    await until(() => (run(wb, stopped).step ?? 0) >= 3, 'three steps');
    const t0 = Date.now();
    wb.services['runs.stop']({ id: stopped });
    expect(await wb.queue.waitFor(stopped)).toBe('stopped');
    expect(Date.now() - t0).toBeLessThan(5000);
    const at = run(wb, stopped).step!;
    expect(at).toBeLessThan(12);
    // The stop step is checkpointed, so resume loses nothing.
    expect(wb.store.checkpoints.latest(stopped)?.step).toBe(at);

    const resumed = wb.services['runs.resume']({ id: stopped }) as { status: string };
    expect(['queued', 'running']).toContain(resumed.status); // the idle queue takes it at once
    expect(await wb.queue.waitFor(stopped)).toBe('finished');
    expect(trainingMetrics(wb, stopped)).toEqual(trainingMetrics(wb, reference));
    expect(wb.store.evals.list(stopped).map((e) => e.step)).toEqual([0, 4, 8, 12]);
  });

  it('marks a SIGKILLed trainer crashed, keeps committed data, and resumes without duplicates', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb } = h;
    const script = { steps: 14, stepMs: 40, seed: 3, checkpointEvery: 3, evalEvery: 0 };
    const reference = scriptedRun(wb, script, 'reference');
    const victim = scriptedRun(wb, script, 'victim');
    wb.queue.start();
    await wb.queue.waitFor(reference);
    await until(() => (run(wb, victim).step ?? 0) >= 7, 'seven steps');
    const pid = wb.queue.pidOf(victim)!;
    process.kill(pid, 'SIGKILL');
    expect(await wb.queue.waitFor(victim)).toBe('crashed');
    const crashed = run(wb, victim);
    expect(crashed.error).toMatch(/SIGKILL/);
    expect(crashed.step).toBeGreaterThanOrEqual(7);
    expect(wb.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const lastCkpt = wb.store.checkpoints.latest(victim)!.step;

    wb.services['runs.resume']({ id: victim });
    // Rewound to the checkpoint: nothing after it is left to zig-zag.
    expect(run(wb, victim).step).toBe(lastCkpt);
    expect(await wb.queue.waitFor(victim)).toBe('finished');
    expect(trainingMetrics(wb, victim)).toEqual(trainingMetrics(wb, reference));
    const log = wb.store.logs.list(victim).map((l) => l.message);
    expect(log.some((m) => m.includes('resumed from checkpoint at step'))).toBe(true);
  });

  it('records a failing trainer as failed with its error and log', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb } = h;
    const id = scriptedRun(wb, { steps: 6, failAtStep: 3 });
    wb.queue.start();
    expect(await wb.queue.waitFor(id)).toBe('failed');
    expect(run(wb, id).error).toBe('scripted failure at step 3');
    const log = wb.store.logs.list(id);
    expect(log.some((l) => l.level === 'error' && l.message.includes('scripted failure'))).toBe(
      true,
    );
  });

  it('logs malformed trainer messages and carries on', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb } = h;
    const id = scriptedRun(wb, { steps: 3, badMessage: true });
    wb.queue.start();
    expect(await wb.queue.waitFor(id)).toBe('finished');
    const bad = wb.store.logs.list(id).filter((l) => l.message.startsWith('bad trainer message'));
    expect(bad.length).toBe(2);
  });
});

describe('storage failures', () => {
  it('fails the run with a clear reason when the database refuses writes (disk full)', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb } = h;
    const inner = runStoreFrom(wb.store);
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const store = {
      ...inner,
      appendMetrics: () => {
        throw full;
      },
    };
    const queue = new RunQueue({ store, events: wb.events, dataDir: h.dir, entry: SCRIPTED_ENTRY });
    const id = scriptedRun(wb, { steps: 50, stepMs: 20 });
    const done = queue.waitFor(id);
    queue.start();
    expect(await done).toBe('failed');
    expect(run(wb, id).error).toMatch(/cannot record the run: disk full/);
    await queue.shutdown();
  });
});

describe('recovery', () => {
  it('marks running runs with a stale heartbeat interrupted, and leaves fresh ones', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb } = h;
    const rs = runStoreFrom(wb.store);
    const stale = scriptedRun(wb);
    const fresh = scriptedRun(wb);
    rs.claim(stale, new Date(Date.now() - 60_000).toISOString());
    rs.claim(fresh, new Date().toISOString());
    expect(recoverInterrupted(rs)).toEqual([stale]);
    expect(run(wb, stale).status).toBe('interrupted');
    expect(run(wb, fresh).status).toBe('running');
    expect(terminal(run(wb, stale).status)).toBe(true);
  });
});
