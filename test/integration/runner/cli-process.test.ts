// `forkbench run` as a real process with the real trainer: Ctrl-C (SIGINT to the process
// group, as a terminal sends it) stops cleanly; SIGKILL of the CLI leaves a run that recovery
// marks interrupted and that resumes to the end.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recoverInterrupted } from '../../../src-main/runner/host/recovery';
import { runStoreFrom } from '../../../src-main/runner/host/store-adapter';
import { createWorkbench } from '../../../src-main/services/workbench';
import { openStore } from '../../../src-main/store';
import { TINY, until } from './helpers';

const BIN = fileURLToPath(new URL('../../../bin/forkbench.mjs', import.meta.url));

let dir = '';
let child: ChildProcess | undefined;
afterEach(() => {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL'); // whatever of the group is left
  } catch {
    // already gone
  }
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startCli(args: string[]): { out: () => string; exit: Promise<number | null> } {
  dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
  const configPath = join(dir, 'tiny.json');
  writeFileSync(configPath, JSON.stringify({ ...TINY, rl: { ...TINY.rl, steps: 40 } }));
  // detached: its own process group, so a group signal reaches the CLI and its trainer.
  child = spawn(
    process.execPath,
    [BIN, 'run', '--db', join(dir, 'fb.db'), '--config', configPath, ...args],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((r) => child?.on('exit', (code) => r(code)));
  return { out: () => out, exit };
}

describe('forkbench run (process)', () => {
  it('follows progress and stops cleanly on Ctrl-C', async () => {
    const cli = startCli(['--follow']);
    await until(() => /step 2 /.test(cli.out()), 'progress line for step 2', 60_000);
    process.kill(-child!.pid!, 'SIGINT');
    expect(await cli.exit).toBe(0);
    expect(cli.out()).toMatch(/run #1 stopped at step \d+/);
    const store = openStore(join(dir, 'fb.db'));
    try {
      const run = store.runs.get(1)!;
      expect(run.status).toBe('stopped');
      expect(store.checkpoints.latest(1)?.step).toBe(run.step);
    } finally {
      store.close();
    }
  });

  it('leaves an interrupted, resumable run when the CLI is killed', async () => {
    const cli = startCli([]);
    const dbPath = join(dir, 'fb.db');
    await until(
      () => {
        const store = openStore(dbPath);
        try {
          return (store.runs.get(1)?.step ?? 0) >= 3;
        } finally {
          store.close();
        }
      },
      'three steps',
      60_000,
    );
    process.kill(child!.pid!, 'SIGKILL'); // the CLI only: its trainer must notice and leave
    await cli.exit;

    const wb = createWorkbench(openStore(dbPath), 'http');
    try {
      expect(wb.store.runs.get(1)?.status).toBe('running');
      expect(recoverInterrupted(runStoreFrom(wb.store), { staleMs: 0 })).toEqual([1]);
      expect(wb.store.runs.get(1)?.status).toBe('interrupted');
      expect(wb.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const resumed = await wb.call('runs.resume', { id: 1 });
      expect(resumed.ok).toBe(true);
      wb.queue.start();
      await until(() => (wb.store.runs.get(1)?.step ?? 0) >= 6, 'progress after resume', 60_000);
      await wb.call('runs.stop', { id: 1 });
      expect(await wb.queue.waitFor(1)).toBe('stopped');
      const steps = wb.store.metrics.series(1, { keys: ['reward/mean'] })[0]!.points;
      expect(steps.map((p) => p.step)).toEqual(steps.map((_, i) => i + 1));
    } finally {
      await wb.shutdown();
    }
  });
});
