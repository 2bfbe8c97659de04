// Hostile input at each entry point: the API (the dispatch every transport shares), the CLI's
// flags and config files, and the query box. Nothing may pollute Object.prototype, block the
// process, or be silently dropped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src-renderer/src/lib/query-parse';
import type { Workbench } from '../../src-main/services/workbench';
import { openWorkbench } from '../../src-main/services/workbench';
import { runCli } from '../helpers/cli';

let dir: string;
let wb: Workbench;
const env = () => ({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-hostile-'));
  wb = openWorkbench({ dbPath: join(dir, 'api.db'), transport: 'ipc' });
});
afterAll(() => {
  wb.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  // Every test ends with a clean prototype and a server that still answers.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

async function stillWorks(): Promise<void> {
  const r = await wb.call('runs.create', { config: { task: 'pair-search', seed: 3 } });
  expect(r.ok).toBe(true);
}

describe('prototype pollution (item 2)', () => {
  it('sweeps.create refuses polluting grid keys and keeps answering', async () => {
    for (const key of ['mask.__proto__.polluted', 'mask.constructor.polluted', 'prototype']) {
      const r = await wb.call('sweeps.create', { grid: { [key]: [1] } });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_request');
        expect(r.error.field).toMatch(/^grid\./);
      }
    }
    await stillWorks();
  });

  it('a __proto__ key anywhere in a JSON payload is refused, not dropped', async () => {
    const payloads = [
      '{"config":{"__proto__":{"polluted":1}}}',
      '{"config":{"mask":{"__proto__":{"polluted":1}}}}',
      '{"__proto__":{"polluted":1}}',
      '{"grid":{"__proto__":[1]}}',
    ];
    for (const text of payloads) {
      const method = text.includes('grid') ? 'sweeps.create' : 'runs.create';
      const r = await wb.call(method, JSON.parse(text));
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/key "__proto__" is not allowed/);
    }
    await stillWorks();
  });

  it('CLI --set, --grid and --config refuse polluting paths', async () => {
    const db = join(dir, 'cli.db');
    const set = await runCli(['run', '--db', db, '--detach', '--set', 'mask.__proto__.x=1'], env());
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/--set mask\.__proto__\.x: "__proto__" is not allowed/);
    const grid = await runCli(
      ['sweep', '--db', db, '--detach', '--grid', 'constructor.x=1'],
      env(),
    );
    expect(grid.code).toBe(2);
    expect(grid.stderr).toMatch(/"constructor" is not allowed/);
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"mask":{"__proto__":{"polluted":true}}}');
    const cfg = await runCli(['run', '--db', db, '--detach', '--config', file], env());
    expect(cfg.code).toBe(1);
    expect(cfg.stderr).toMatch(/config\.mask\.__proto__: key "__proto__" is not allowed/);
  });

  it('the query box refuses prototype segments', () => {
    for (const q of ['params.__proto__.x = 1', 'params.mask.constructor = 1']) {
      const r = parseQuery(q);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/is not a field name/);
    }
  });
});

describe('oversized grids (item 1)', () => {
  it('counts combinations before expanding and refuses 10^8 at once', async () => {
    const grid: Record<string, number[]> = {};
    const keys = ['seed', 'rl.lr', 'rl.steps', 'mask.rho', 'rl.groupSize', 'model.layers'];
    for (const k of keys) grid[k] = Array.from({ length: 22 }, (_, i) => i + 1);
    const started = performance.now();
    const r = await wb.call('sweeps.create', { grid });
    const ms = performance.now() - started;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('grid: sweep expands to 113379904 runs (at most 500)');
    // Refused by arithmetic, not by building 10^8 objects (that took the heap down).
    expect(ms).toBeLessThan(1000);
  });

  it('refuses an axis of more than 500 values and more than 32 keys in the schema', async () => {
    const long = await wb.call('sweeps.create', {
      grid: { seed: Array.from({ length: 501 }, (_, i) => i) },
    });
    expect(!long.ok && long.error.message).toMatch(/at most 500 values/);
    const wide = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, [1]]));
    const many = await wb.call('sweeps.create', { grid: wide });
    expect(!many.ok && many.error.message).toMatch(/at most 32 grid keys/);
  });

  it('a preset sweep × seeds is counted with its arms', async () => {
    const r = await wb.call('sweeps.create', {
      preset: 'rho-ablation',
      grid: { 'rl.lr': Array.from({ length: 100 }, (_, i) => (i + 1) * 1e-5) },
      seeds: [0, 1, 2],
    });
    expect(!r.ok && r.error.message).toMatch(/sweep expands to \d+ runs \(at most 500\)/);
  });
});

describe('terminal escapes (item 10)', () => {
  it('list, show and logs print control characters as visible escapes', async () => {
    const db = join(dir, 'escapes.db');
    const w = openWorkbench({ dbPath: db, transport: 'ipc' });
    const evil = 'x\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202etxt.exe';
    const created = await w.call('runs.create', { name: evil, config: { task: 'pair-search' } });
    expect(created.ok).toBe(true);
    const id = created.ok ? (created.value as { id: number }).id : 0;
    expect((await w.call('runs.update', { id, notes: `note ${evil}` })).ok).toBe(true);
    w.store.logs.append(id, [{ time: new Date().toISOString(), level: 'info', message: evil }]);
    w.close();
    for (const args of [['list'], ['show', String(id)], ['logs', String(id)]]) {
      const out = await runCli([...args, '--db', db], env());
      expect(out.code, out.stderr).toBe(0);
      const unsafe = [...(out.stdout + out.stderr)].filter((c) => {
        const code = c.charCodeAt(0);
        return (
          (code < 0x20 && c !== '\n' && c !== '\t') ||
          (code >= 0x7f && code <= 0x9f) ||
          code === 0x202e
        );
      });
      expect(unsafe).toEqual([]);
      expect(out.stdout).toContain('x\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202etxt.exe');
    }
  });
});
