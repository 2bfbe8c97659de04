// Run ownership with real processes: a SIGKILLed host's run resumes at once from another
// process (item 5), and a SIGSTOPped host that wakes after a takeover writes nothing into the
// run it lost (item 6: owner generations fence it out).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src-main/runner/checkpoints/checkpoint-files';
import type { HostProcess } from './host-process';
import { startHost } from './host-process';
import type { Harness } from './helpers';
import {
  SCRIPTED_ENTRY,
  allMetrics,
  harness,
  run,
  scriptedRun,
  trainingMetrics,
  until,
} from './helpers';

let h: Harness | undefined;
let host: HostProcess | undefined;
afterEach(async () => {
  if (host && host.child.exitCode === null && host.child.signalCode === null) {
    host.child.kill('SIGCONT');
    host.child.kill('SIGKILL');
    await host.exited;
  }
  host = undefined;
  await h?.cleanup();
  h = undefined;
});

/** Steps recorded for reward/mean, in order: each exactly once when nothing is duplicated. */
const steps = (m: Record<string, [number, number][]>) => (m['reward/mean'] ?? []).map(([s]) => s);

describe('a killed host (item 5)', () => {
  it('run --resume recovers a run whose owner process is gone, without waiting', async () => {
    // This process's queue stays off; the staleness window is the default 30 s, so only the
    // dead-pid check can let the resume through.
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb, dbPath } = h;
    const script = { steps: 40, stepMs: 30, seed: 4, checkpointEvery: 4, evalEvery: 0 };
    const reference = scriptedRun(wb, { ...script, stepMs: 1 }, 'reference');
    const victim = scriptedRun(wb, script, 'victim');
    host = startHost(dbPath, [victim]);
    await until(() => (wb.store.checkpoints.latest(victim)?.step ?? 0) >= 8, 'two checkpoints');
    host.child.kill('SIGKILL');
    await host.exited;
    expect(run(wb, victim).status).toBe('running'); // nobody has noticed yet

    const resumed = await wb.call('runs.resume', { id: victim });
    expect(resumed.ok, JSON.stringify(resumed)).toBe(true);
    const log = wb.store.logs.list(victim).map((l) => l.message);
    expect(log.some((m) => /interrupted \(its owner process \d+ is gone\)/.test(m))).toBe(true);

    const done = [wb.queue.waitFor(reference), wb.queue.waitFor(victim)];
    wb.queue.start();
    expect(await Promise.all(done)).toEqual(['finished', 'finished']);
    expect(trainingMetrics(wb, victim)).toEqual(trainingMetrics(wb, reference));
  });

  it('stop of a run whose owner is gone marks it interrupted instead of refusing', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb, dbPath } = h;
    const id = scriptedRun(wb, { steps: 400, stepMs: 30, checkpointEvery: 4, evalEvery: 0 });
    host = startHost(dbPath, [id]);
    await until(() => (run(wb, id).step ?? 0) > 0, 'training');
    const live = await wb.call('runs.stop', { id });
    expect(!live.ok && live.error.message).toMatch(/is running in process \d+/);
    host.child.kill('SIGKILL');
    await host.exited;
    const stopped = await wb.call('runs.stop', { id });
    expect(stopped.ok && (stopped.value as { status: string }).status).toBe('interrupted');
  });

  it('refuses to resume a run whose owner is alive and beating', async () => {
    h = harness({ entry: SCRIPTED_ENTRY });
    const { wb, dbPath } = h;
    const id = scriptedRun(wb, { steps: 400, stepMs: 30, checkpointEvery: 4, evalEvery: 0 });
    host = startHost(dbPath, [id]);
    await until(() => run(wb, id).status === 'running' && (run(wb, id).step ?? 0) > 0, 'running');
    const r = await wb.call('runs.resume', { id });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/is running in process \d+ on .* \(heartbeat/);
  });
});

describe('a stalled host after a takeover (item 6)', () => {
  it('writes nothing into the run it lost and lets the new owner finish', async () => {
    h = harness({ entry: SCRIPTED_ENTRY, staleMs: 1000, heartbeatMs: 100 });
    const { wb, dbPath } = h;
    const script = { steps: 60, stepMs: 25, seed: 9, checkpointEvery: 5, evalEvery: 0 };
    const id = scriptedRun(wb, script, 'contested');
    host = startHost(dbPath, [id]);
    await until(() => (wb.store.checkpoints.latest(id)?.step ?? 0) >= 10, 'two checkpoints');
    host.child.kill('SIGSTOP'); // its trainer keeps running and queues messages for it
    const firstGen = wb.store.runs.owner(id)!.generation;

    // Once its heartbeat is stale, this process takes the run over.
    const deadline = Date.now() + 20_000;
    let takeover = await wb.call('runs.resume', { id });
    while (!takeover.ok && Date.now() < deadline) {
      expect(takeover.error.message).toMatch(/is running in process/); // alive until stale
      await new Promise((r) => setTimeout(r, 50));
      takeover = await wb.call('runs.resume', { id });
    }
    expect(takeover.ok).toBe(true);
    const resumedAt = run(wb, id).step ?? 0; // rewound to the last checkpoint
    const done = wb.queue.waitFor(id);
    wb.queue.start({ only: [id] });
    await until(() => wb.store.runs.owner(id)!.generation > firstGen + 1, 'new claim');
    await until(() => (run(wb, id).step ?? 0) >= 20, 'new owner trains');

    host.child.kill('SIGCONT'); // the stalled owner wakes with a backlog to write
    const woke = await host.exited;
    expect(woke.code).toBe(0);
    expect(host.output()).toMatch(/taken over by another process/);
    expect(host.output()).toMatch(new RegExp(`host done ${id}=interrupted`));

    expect(await done).toBe('finished');
    const final = run(wb, id);
    expect(final.status).toBe('finished');
    expect(final.error).toBeNull();
    const recorded = steps(allMetrics(wb, id));
    expect(recorded).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const log = wb.store.logs.list(id).map((l) => l.message);
    expect(log.filter((m) => m === 'run crashed' || m === 'run interrupted')).toEqual([]);
    // Every kept checkpoint verifies (the old trainer overwrote none), and each one after the
    // takeover is the new owner's generation.
    const newGen = wb.store.runs.owner(id)!.generation;
    for (const c of wb.store.checkpoints.list(id)) {
      expect(sha256(readFileSync(c.path))).toBe(c.sha256);
      if (c.step > resumedAt) expect(c.path).toMatch(new RegExp(`\\.g${newGen}\\.ckpt$`));
    }
  });
});
