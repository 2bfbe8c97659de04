// The run lifecycle through the API and the CLI, without training: bad configs refused with the
// field named and nothing written; sweeps expanded and named; duplicate; presets.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store';
import type { Harness } from './helpers';
import { harness } from './helpers';

const BIN = fileURLToPath(new URL('../../../bin/forkbench.mjs', import.meta.url));

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

function counts(dbPath: string): { runs: number; experiments: number } {
  const store = openStore(dbPath);
  try {
    const c = (t: string) =>
      (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { runs: c('runs'), experiments: c('experiments') };
  } finally {
    store.close();
  }
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('runs.create', () => {
  it('refuses a bad config with the field named and writes nothing', async () => {
    h = harness();
    const bad = [
      [{ config: { mask: { rho: 1.5 } } }, 'config.mask.rho'],
      [{ config: { rl: { stepz: 3 } } }, 'config.rl.stepz'],
      [{ config: { model: { dModel: 30, heads: 4 } } }, 'config.model.heads'],
      [{ preset: 'nope' }, 'preset'],
      [{ experimentId: 99, config: {} }, 'experimentId'],
    ] as const;
    for (const [request, field] of bad) {
      const r = await h.wb.call('runs.create', request);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.field).toBe(field);
        if (r.error.code === 'invalid_request') expect(r.error.message).toContain(field);
      }
    }
    expect(counts(h.dbPath)).toEqual({ runs: 0, experiments: 0 });
  });

  it('queues a valid run (preset + overrides) and duplicates its config', async () => {
    h = harness();
    const r = await h.wb.call('runs.create', {
      preset: 'quick-demo',
      config: { mask: { mode: 'random' }, seed: 4 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const run = r.value as { id: number; status: string; name: string; seed: number };
    expect(run.status).toBe('queued'); // the queue is not started in this test
    expect(run.seed).toBe(4);
    expect(run.name).toBe('pair-search random ρ=0.2 · seed 4');
    const dup = await h.wb.call('runs.duplicate', { id: run.id });
    expect(dup.ok && (dup.value as { config: { seed: number } }).config.seed).toBe(4);
    const stop = await h.wb.call('runs.stop', { id: run.id });
    expect(stop.ok && (stop.value as { status: string }).status).toBe('stopped');
    const again = await h.wb.call('runs.stop', { id: run.id });
    expect(again.ok ? 'ok' : again.error.code).toBe('conflict');
  });
});

describe('sweeps', () => {
  it('creates the rho-ablation preset as one experiment of queued runs', async () => {
    h = harness();
    const r = await h.wb.call('sweeps.create', {
      preset: 'rho-ablation',
      seeds: [0, 1, 2],
      steps: 7,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { experiment, runs } = r.value as unknown as {
      experiment: { id: number; runCount: number };
      runs: { name: string; status: string; config: { rl: { steps: number } } }[];
    };
    expect(runs).toHaveLength(18);
    expect(experiment.runCount).toBe(18);
    expect(runs.every((x) => x.status === 'queued' && x.config.rl.steps === 7)).toBe(true);
    const names = runs.map((x) => x.name);
    expect(names.slice(0, 3)).toEqual(['top 10% · seed 0', 'top 10% · seed 1', 'top 10% · seed 2']);
    expect(names).toContain('top 100% (all) · seed 2');
    expect(names).toContain('bottom 80% · seed 0');
    expect(names).toContain('random 20% · seed 1');
  });

  it('refuses a sweep with one bad value, writing nothing', async () => {
    h = harness();
    const r = await h.wb.call('sweeps.create', { grid: { 'mask.rho': [0.2, 2] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('config.mask.rho');
    expect(counts(h.dbPath)).toEqual({ runs: 0, experiments: 0 });
  });
});

describe('CLI', () => {
  it('refuses bad flags with the field named and writes nothing', async () => {
    h = harness();
    const r = cli(['run', '--db', h.dbPath, '--task', 'countdown', '--rho', '1.5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('config.mask.rho');
    const s = cli(['sweep', '--db', h.dbPath, '--grid', 'mask.mode=top,sideways', '--detach']);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('config.mask.mode');
    expect(counts(h.dbPath)).toEqual({ runs: 0, experiments: 0 });
  });

  it('queues a grid sweep with --detach', async () => {
    h = harness();
    const r = cli([
      'sweep',
      '--db',
      h.dbPath,
      '--grid',
      'mask.mode=top,bottom',
      '--grid',
      'seed=0,1',
      '--steps',
      '3',
      '--detach',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 runs queued');
    expect(r.stdout).toContain('bottom ρ=0.2 · seed 1');
    expect(counts(h.dbPath).runs).toBe(4);
  });
});
