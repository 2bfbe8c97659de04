// Cancelling analysis jobs and recovering stale ones. A real job runs in a child process; cancel
// kills it (the process is gone when the call answers) and the row ends 'cancelled' with no
// result; a cancel from another process reaches the owner through its heartbeat; Ctrl-C on
// `forkbench analyze` cancels. On open, rows left 'running' by a dead owner end 'interrupted'.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisJobServices } from '../../src-main/services/analysis-jobs';
import { EventHub } from '../../src-main/services/events';
import type { ServiceDeps } from '../../src-main/services/types';
import { createWorkbench } from '../../src-main/services/workbench';
import type { Store } from '../../src-main/store';
import { openStore } from '../../src-main/store';
import { makeTinyRun } from './analysis-fixture';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let dbPath: string;
let store: Store;
let runId: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fb-cancel-'));
  dbPath = join(dir, 'forkbench.db');
  store = openStore(dbPath);
  runId = await makeTinyRun(store, dir);
});

afterAll(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 25));

/** Polls `condition` until it holds; fails the test, naming `what`, after `timeoutMs`. */
async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
) {
  const t0 = Date.now();
  while (!(await condition())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await tick();
  }
}

/** The job has reported progress: its child is past loading tfjs and is sampling. */
const sampling = (jobs: ReturnType<typeof services>, id: number) => async () =>
  (await jobs.services['analysis.get']({ id })).progress != null;

/** A job long enough to still be running when it is cancelled (4096 responses to sample). */
const LONG = { kind: 'overlap', options: { responses: 4096 } } as const;

function services(s: Store, heartbeatMs?: number) {
  const deps: ServiceDeps = { store: s, events: new EventHub(), transport: 'http' };
  return analysisJobServices(deps, heartbeatMs === undefined ? {} : { heartbeatMs });
}

describe('analysis cancel', () => {
  it('kills the running process and records the job as cancelled, with no result', async () => {
    const jobs = services(store);
    const job = await jobs.services['analysis.start']({ runId, ...LONG });
    const pid = jobs.runner.pidOf(job.id);
    expect(pid).toBeGreaterThan(0);
    await until('the job reports progress', sampling(jobs, job.id));
    expect(alive(pid!)).toBe(true);
    const cancelled = await jobs.services['analysis.cancel']({ id: job.id });
    expect(alive(pid!)).toBe(false);
    expect(jobs.runner.active).toEqual([]);
    expect(cancelled).toMatchObject({ status: 'cancelled', result: null, progress: null });
    const row = store.analysisResults.get(job.id)!;
    expect(row.status).toBe('cancelled');
    expect(row.result).toBeNull();
    expect(row.finishedAt).not.toBeNull();
    // A second cancel is refused; nothing arrives later to overwrite the row.
    await expect(jobs.services['analysis.cancel']({ id: job.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    // cancel() waited for the process to exit and silenced the job first, so no late message
    // can overwrite the row.
    expect(store.analysisResults.get(job.id)!.status).toBe('cancelled');
    jobs.close();
  }, 60_000);

  it('reaches the owning process through its heartbeat when cancelled elsewhere', async () => {
    const owner = services(store, 100);
    const other = openStore(dbPath);
    try {
      const job = await owner.services['analysis.start']({ runId, ...LONG });
      const pid = owner.runner.pidOf(job.id)!;
      await until('the job reports progress', sampling(owner, job.id));
      // Another process's services: it does not own the child, so it only ends the row.
      const elsewhere = services(other);
      await elsewhere.services['analysis.cancel']({ id: job.id });
      elsewhere.close();
      await until('the owner kills the child', () => !alive(pid), 10_000);
      expect(owner.runner.active).toEqual([]);
      expect(store.analysisResults.get(job.id)!.status).toBe('cancelled');
      owner.close();
    } finally {
      other.close();
    }
  }, 60_000);

  it('is cancelled by Ctrl-C on a foreground `forkbench analyze`', async () => {
    const cli = spawn(
      process.execPath,
      ['bin/forkbench.mjs', 'analyze', 'overlap', String(runId), '--responses', '4096'],
      {
        cwd: ROOT,
        env: { ...process.env, FORKBENCH_DB: dbPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    cli.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((done) => cli.once('exit', (code) => done(code)));
    await until('the CLI prints progress', () => /\[\d+\/\d+\]/.test(err));
    cli.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toMatch(/cancelled \(no result recorded\)/);
    const [last] = store.analysisResults.list(runId);
    expect(last).toMatchObject({ status: 'cancelled', result: null });
  }, 60_000);
});

describe('stale analysis jobs', () => {
  it('are marked interrupted when a workbench opens; live ones are left running', () => {
    const path = join(dir, 'stale.db');
    const s = openStore(path);
    const experimentId = s.experiments.create({ name: 'x' });
    const run = s.runs.create({
      experimentId,
      name: 'r',
      task: 'arithmetic',
      maskMode: 'all',
      seed: 0,
      config: {},
    });
    const stale = s.analysisResults.create(run, 'overlap', {});
    const live = s.analysisResults.create(run, 'temperature', {});
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    s.db.prepare('UPDATE analysis_results SET heartbeat_at = ? WHERE id = ?').run(old, stale);
    s.close();

    const wb = createWorkbench(openStore(path), 'http');
    try {
      const swept = wb.store.analysisResults.get(stale)!;
      expect(swept.status).toBe('interrupted');
      expect(swept.error).toMatch(/stopped before the job finished/);
      expect(swept.finishedAt).not.toBeNull();
      expect(wb.store.analysisResults.get(live)!.status).toBe('running');
    } finally {
      wb.close();
    }
  });
});
