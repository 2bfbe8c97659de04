// Seeded, deterministic fuzzing of every API request schema and of the CLI's flags with the
// bad-input classes: oversized and pathological grids, polluting paths, deep nesting, control
// characters, lone surrogates, NUL. Properties: nothing throws, nothing answers 'internal',
// the always-refused classes are refused at the edge by name, Object.prototype stays clean,
// and the terminal never receives a raw control character.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSchemas } from '../../src-main/contract/api';
import type { Workbench } from '../../src-main/services/workbench';
import { openWorkbench } from '../../src-main/services/workbench';
import { seedDemoDatabase } from '../fixtures/seed';
import { runCli } from '../helpers/cli';

/** mulberry32: a tiny seeded PRNG, so every run of this test sees the same inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const POLLUTING = ['__proto__', 'constructor', 'prototype'];
const CONTROL = ['\u001b]0;x\u0007', '\u001b[2J', '\u009b1m', '\r', '\u0008', '\u202e', '\u007f'];
const PATHS = ['mask.rho', 'seed', 'rl.lr', 'rl.steps', 'mask.mode', 'model.layers', 'eval.k'];
const HOSTILE_TEXT = [
  () => 'a\u0000b', // NUL
  () => 'x\ud800y', // lone high surrogate
  () => '\udfffz', // lone low surrogate
];

function scalar(r: Rng): unknown {
  switch (r.int(7)) {
    case 0:
      return r.int(2000) - 1000;
    case 1:
      return r.next();
    case 2:
      return r.pick(['top', 'all', 'countdown', 'pair-search', '', 'x'.repeat(r.int(300))]);
    case 3:
      return r.pick([true, false, null]);
    case 4:
      return `${r.pick(['name', 'note'])}${r.pick(CONTROL)}${r.int(10)}`;
    case 5:
      return r.int(3) + 1;
    default:
      return [r.int(5) + 1];
  }
}

/** A plausible payload: the schema's own keys (when it has a shape) with random values. */
function plausible(method: string, r: Rng): Record<string, unknown> {
  const schema = requestSchemas[method as keyof typeof requestSchemas] as unknown as {
    shape?: Record<string, unknown>;
  };
  const keys = Object.keys(schema.shape ?? {});
  const out: Record<string, unknown> = {};
  for (const k of keys) if (r.next() < 0.6) out[k] = scalar(r);
  return out;
}

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Puts `value` at a random place (depth 0–3) in `payload`, under `key`. */
function plant(payload: Record<string, unknown>, key: string, value: unknown, r: Rng): void {
  let node = payload;
  for (let d = r.int(4); d > 0; d--) {
    const k = r.pick(['config', 'grid', 'mask', 'x']);
    if (typeof node[k] !== 'object' || node[k] === null || Array.isArray(node[k])) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  // An own property even for "__proto__" (plain assignment would set the prototype instead).
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One payload certain to be refused at the edge, and the message it must carry. */
function hostile(method: string, r: Rng): { text: string; expect: RegExp } {
  const payload = plausible(method, r);
  switch (r.int(3)) {
    case 0: {
      // Through JSON text, as HTTP and IPC deliver it: __proto__ becomes an own key.
      const key = r.pick(POLLUTING);
      plant(payload, key, { polluted: true }, r);
      return { text: JSON.stringify(payload), expect: new RegExp(`key "${key}" is not allowed`) };
    }
    case 1:
      plant(payload, r.pick(['name', 'search', 'notes', 'k']), r.pick(HOSTILE_TEXT)(), r);
      return { text: JSON.stringify(payload), expect: /NUL|lone UTF-16 surrogate/ };
    default:
      plant(payload, 'deep', nest(33 + r.int(3000)), r);
      return { text: JSON.stringify(payload), expect: /nested deeper than 32 levels/ };
  }
}

let dir: string;
let wb: Workbench;
const clean = () => Object.keys(Object.prototype).length === 0 && !('polluted' in {});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-fuzz-'));
  seedDemoDatabase(join(dir, 'fuzz.db'));
  wb = openWorkbench({ dbPath: join(dir, 'fuzz.db'), transport: 'ipc' });
});
afterAll(() => {
  wb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('API request schemas', () => {
  it('refuses every always-refused class at the edge, for every method (seeded)', async () => {
    const r = rng(18);
    const methods = Object.keys(requestSchemas);
    for (let i = 0; i < 1200; i++) {
      const method = methods[i % methods.length] as string;
      const { text, expect: why } = hostile(method, r);
      const result = await wb.call(method, JSON.parse(text));
      expect(result.ok, `${method} ${text.slice(0, 120)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_request');
        expect(result.error.message).toMatch(why);
      }
      expect(clean()).toBe(true);
    }
  });

  it('random grids are refused or expanded within the limit, never blocking (seeded)', async () => {
    const r = rng(7);
    const seen = { ok: 0, tooMany: 0, other: 0 };
    for (let i = 0; i < 120; i++) {
      const grid: Record<string, unknown> = {};
      for (let k = r.int(9); k > 0; k--) {
        const key = r.next() < 0.1 ? `${r.pick(PATHS)}.${r.pick(POLLUTING)}` : r.pick(PATHS);
        grid[key] = Array.from({ length: r.pick([1, 2, 3, 50, 501, 5000]) }, () => scalar(r));
      }
      const t0 = performance.now();
      const result = await wb.call('sweeps.create', { grid, experimentName: 'fuzz' });
      const ms = performance.now() - t0;
      if (result.ok)
        expect((result.value as { runs: unknown[] }).runs.length).toBeLessThanOrEqual(500);
      else expect(result.error.code).not.toBe('internal');
      if (result.ok) seen.ok++;
      else if (/at most 500/.test(result.error.message)) seen.tooMany++;
      else seen.other++;
      if (!result.ok && /sweep expands to/.test(result.error.message)) expect(ms).toBeLessThan(500);
      expect(clean()).toBe(true);
    }
    // The generator reaches every outcome: accepted, too many runs, other refusals.
    expect(Math.min(seen.ok, seen.tooMany, seen.other)).toBeGreaterThan(0);
  });

  it('control characters in free text are stored or refused, never internal (seeded)', async () => {
    const r = rng(3);
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: 1 + r.int(6) }, () =>
        r.next() < 0.5 ? r.pick(CONTROL) : String.fromCharCode(0x20 + r.int(90)),
      ).join('');
      const method = r.pick(['experiments.create', 'runs.list', 'experiments.list']);
      const payload = method === 'experiments.create' ? { name: `e${i}${text}` } : { search: text };
      const result = await wb.call(method, payload);
      if (!result.ok) expect(result.error.code).not.toBe('internal');
    }
  });
});

describe('CLI flags', () => {
  const FLAG_VALUES = (r: Rng): string =>
    r.pick([
      `${r.pick(PATHS)}.${r.pick(POLLUTING)}.x=1`,
      `${r.pick(POLLUTING)}=1`,
      `${r.pick(PATHS)}=${Array.from({ length: r.pick([2, 30, 800]) }, (_, i) => i).join(',')}`,
      `-${r.int(100)}`,
      '',
      `a${r.pick(CONTROL)}b`,
      'x\ud800',
      'a\u0000b',
      r.pick(PATHS),
    ]);
  const ARGV = (r: Rng, db: string): string[] => {
    const command = r.pick(['run', 'sweep', 'list', 'show', 'logs', 'export', 'nope']);
    const flags: Record<string, string[]> = {
      run: ['--set', '--steps', '--seed', '--rho', '--name', '--mask', '--base', '--config'],
      sweep: ['--grid', '--seeds', '--steps', '--experiment', '--preset'],
      list: ['--status', '--experiment'],
      show: [],
      logs: ['--limit'],
      export: ['--what', '--keys', '--format', '--out', '--steps'],
      nope: ['--x'],
    };
    const argv = [command, '--db', db];
    if (command === 'run' || command === 'sweep') argv.push('--detach');
    if (['show', 'logs', 'export'].includes(command))
      argv.push(r.pick(['1', '0', '-1', 'x\u001b']));
    for (let n = r.int(4); n > 0; n--) {
      const list = flags[command] as string[];
      if (list.length === 0) break;
      argv.push(r.pick(list), FLAG_VALUES(r));
    }
    if (r.next() < 0.1) argv.splice(1, 2, '--db', '');
    return argv;
  };

  it('never throws, exits 0/1/2, names no internal error and prints no raw control (seeded)', async () => {
    const r = rng(11);
    const db = join(dir, 'cli.db');
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
    const codes = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const argv = ARGV(r, db);
      const res = await runCli(argv, env);
      const shown = JSON.stringify(argv).slice(0, 200);
      expect([0, 1, 2], shown).toContain(res.code);
      codes.add(res.code);
      const printed = res.stdout + res.stderr;
      const raw = [...printed].filter((c) => {
        const code = c.charCodeAt(0);
        return (code < 0x20 && c !== '\n' && c !== '\t') || (code >= 0x7f && code <= 0x9f);
      });
      expect(raw, shown).toEqual([]);
      expect(printed, shown).not.toMatch(/internal error|at .*\.ts:\d+/);
      expect(clean()).toBe(true);
    }
    expect([...codes].sort()).toEqual([0, 1, 2]);
  });
});
