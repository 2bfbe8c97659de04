// Item 11's smaller failures, each at the entry points where it can occur.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workbench } from '../../src-main/services/workbench';
import { openWorkbench } from '../../src-main/services/workbench';
import { seedDemoDatabase } from '../fixtures/seed';
import { runCli } from '../helpers/cli';

let dir: string;
let db: string;
let wb: Workbench;
const env = () => ({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') });
const cli = (args: string[]) => runCli(args, env());

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-small-'));
  db = join(dir, 'demo.db');
  seedDemoDatabase(db);
  wb = openWorkbench({ dbPath: join(dir, 'api.db'), transport: 'ipc' });
});
afterAll(() => {
  wb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('strings that cannot be stored or matched faithfully', () => {
  it('a NUL in search is refused instead of matching everything', async () => {
    for (const method of ['runs.list', 'experiments.list']) {
      const r = await wb.call(method, { search: 'x\u0000' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid_request', field: 'search' });
    }
  });

  it('a lone surrogate in a name is refused instead of stored as invalid UTF-8', async () => {
    const r = await wb.call('experiments.create', { name: 'bad \ud800 name' });
    expect(!r.ok && r.error.message).toBe(
      'name: contains a lone UTF-16 surrogate (not valid Unicode)',
    );
    const ok = await wb.call('experiments.create', { name: 'fine 😀' });
    expect(ok.ok).toBe(true);
  });
});

describe('config.base names a registry model, never a server path', () => {
  it.each(['/etc/passwd', '../secret', 'a/b', 'C:\\\\x', '.hidden'])('refuses %s', async (base) => {
    const r = await wb.call('runs.create', { config: { base } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ field: 'config.base' });
  });

  it('the CLI flag too, and a registry name is accepted', async () => {
    const bad = await cli(['run', '--db', join(dir, 'b.db'), '--detach', '--base', '/etc/passwd']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/config\.base: must name a base model/);
    const good = await wb.call('runs.create', {
      config: { task: 'pair-search', base: 'pair-search-s' },
    });
    expect(good.ok).toBe(true);
  });
});

describe('CLI flags', () => {
  it('--db "" is a usage error, not the default database', async () => {
    const r = await cli(['list', '--db', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--db needs a file path/);
    expect(existsSync(join(dir, 'config'))).toBe(false); // the default was not created
  });

  it('a negative number gets the whole hint', async () => {
    const r = await cli(['run', '--db', join(dir, 'n.db'), '--detach', '--steps', '-5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--steps -5: a value starting with '-' must be attached: --steps=-5/);
    const attached = await cli(['run', '--db', join(dir, 'n.db'), '--detach', '--steps=-5']);
    expect(attached.code).toBe(1);
    expect(attached.stderr).toMatch(/config\.rl\.steps/);
  });

  it('exporting an unknown metric key fails and writes no file', async () => {
    const out = join(dir, 'm.csv');
    const r = await cli([
      'export',
      '1',
      '--db',
      db,
      '--what',
      'metrics',
      '--keys',
      'nope/key',
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/keys: no metric "nope\/key" in run #1 \(it has .*reward\/mean/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a read-only database', () => {
  it('still lists, shows and exports; writing commands say it is read-only', async () => {
    const ro = join(dir, 'ro.db');
    seedDemoDatabase(ro);
    // As root, permissions do not stop writes; the immutable attribute does.
    const root = process.getuid?.() === 0;
    const lock = (on: boolean) =>
      root
        ? spawnSync('chattr', [on ? '+i' : '-i', ro]).status
        : (chmodSync(ro, on ? 0o444 : 0o644), 0);
    expect(lock(true)).toBe(0);
    try {
      expect((await cli(['list', '--db', ro])).stdout).toMatch(/rho-ablation/);
      const show = await cli(['show', '1', '--db', ro]);
      expect(show.code, show.stderr).toBe(0);
      const out = join(dir, 'ro.csv');
      const exp = await cli(['export', '1', '--db', ro, '--what', 'metrics', '--out', out]);
      expect(exp.code, exp.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);
      const write = await cli(['run', '--db', ro, '--detach']);
      expect(write.code).toBe(1);
      expect(write.stderr).toMatch(/read-only/);
    } finally {
      lock(false);
    }
  });
});
