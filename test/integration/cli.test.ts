// The forkbench command: in-process for speed, plus the real binary for exit codes and serve.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src-main/cli/commands/index';
import { defaultDataDir } from '../../src-main/paths';
import { seedDemoDatabase } from '../fixtures/seed';
import { runCli } from '../helpers/cli';
import { startServe } from '../helpers/serve';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let db: string;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), ...env });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
  db = join(dir, 'demo.db');
  seedDemoDatabase(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('list', () => {
  it('prints an aligned table of experiments and runs', async () => {
    const { code, stdout } = await cli(['list', '--db', db]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+EXPERIMENT\s+NAME\s+STATUS\s+TASK\s+MASK\s+STEP\s+REWARD\s+ACC\s+AGE$/,
    );
    const top20 = lines.find((l) => / top-20 /.test(l))!;
    expect(top20).toMatch(
      /rho-ablation\s+top-20\s+running\s+countdown\s+top 20%\s+119\s+0\.\d{3}\s+0\.\d{3}/,
    );
    expect(lines.find((l) => / bottom-80 /.test(l))).toMatch(/bottom 80%/);
    expect(lines.find((l) => / top-50 /.test(l))).toMatch(/queued.*—/);
    // Aligned: every row's STATUS column starts where the header's does.
    const col = lines[0]!.indexOf('STATUS');
    for (const l of lines.slice(1, 8))
      expect(l.slice(col)).toMatch(/^(queued|running|finished|failed|stopped|crashed)/);
    expect(stdout).toContain('2 experiments, 7 runs');
  });

  it('--json, filters, and FORKBENCH_DB', async () => {
    const { code, stdout } = await cli(['list', '--json', '--status', 'running'], {
      FORKBENCH_DB: db,
    });
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { name: string; runs: { name: string }[] }[];
    expect(parsed.find((e) => e.name === 'rho-ablation')!.runs.map((r) => r.name)).toEqual([
      'top-20',
    ]);
    const one = await cli(['--db', db, 'list', '--experiment', 'quick-demo']);
    expect(one.stdout).toContain('demo');
    expect(one.stdout).not.toContain('rho-ablation');
    expect((await cli(['list', '--db', db, '--status', 'weird'])).code).toBe(2);
  });
});

describe('show', () => {
  it('shows a run by id or name: status, metrics, tags, notes, config', async () => {
    const { code, stdout } = await cli(['show', '2', '--db', db]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Run #2 {2}top-20/);
    expect(stdout).toMatch(/status\s+running/);
    expect(stdout).toMatch(/tags\s+paper, forking-tokens/);
    expect(stdout).toMatch(/entropy\/p95/);
    expect(stdout).toMatch(/mask\.rho\s+0\.2/);
    expect(stdout).toContain('top 20% highest-entropy');
    const byName = await cli(['show', 'top-10', '--db', db]);
    expect(byName.stdout).toMatch(/failed — WebGPU device lost/);
  });

  it('--json gives the run detail with all summaries', async () => {
    const { stdout } = await cli(['show', '1', '--json', '--db', db]);
    const run = JSON.parse(stdout) as {
      name: string;
      params: Record<string, unknown>;
      summaries: { key: string }[];
    };
    expect(run.name).toBe('all-tokens');
    expect(run.params['mask.mode']).toBe('all');
    expect(run.summaries.map((s) => s.key)).toContain('reward/mean');
  });

  it('explains a missing run (exit 1) and a missing argument (exit 2)', async () => {
    const missing = await cli(['show', '999', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/run 999 does not exist/);
    const noArg = await cli(['show', '--db', db]);
    expect(noArg.code).toBe(2);
    expect(noArg.stderr).toMatch(/needs 1 argument/);
  });
});

describe('help and errors', () => {
  it.each(commands.map((c) => c.name))('%s --help prints usage and exits 0', async (name) => {
    const { code, stdout } = await cli([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: forkbench/);
    expect(stdout).toContain('--db PATH');
  });

  it('help, no arguments, unknown command, unknown flag', async () => {
    expect((await cli([])).stdout).toMatch(/Commands:/);
    expect((await cli(['help', 'list'])).stdout).toMatch(/Usage: forkbench list/);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const flag = await cli(['list', '--colour', '--db', db]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--colour'/);
  });

  it('a bad database is a clear error, not a crash', async () => {
    const { code, stderr } = await cli(['list', '--db', join(ROOT, 'package.json')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/package\.json is not a Forkbench database/);
  });

  it('uses the app-data folder by default', async () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/h')).toBe('/x/Forkbench');
    expect(defaultDataDir('linux', {}, '/h')).toBe('/h/.config/Forkbench');
    expect(defaultDataDir('darwin', {}, '/h')).toBe('/h/Library/Application Support/Forkbench');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\AppData' }, '/h')).toMatch(/Forkbench$/);
    const { code } = await cli(['list']);
    expect(code).toBe(0);
    expect(spawnSync('test', ['-f', join(dir, 'config', 'Forkbench', 'forkbench.db')]).status).toBe(
      0,
    );
  });
});

describe('the real binary', () => {
  it('exits 2 on an unknown command', () => {
    const r = spawnSync(process.execPath, ['bin/forkbench.mjs', 'nope'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'nope'/);
  });

  it('serve prints the URL, answers with the token, and stops on SIGTERM', async () => {
    const serve = await startServe({ db, noBuild: true });
    try {
      expect(serve.url).toBe(`${serve.baseUrl}/?token=${serve.token}`);
      const res = await fetch(`${serve.baseUrl}/api/runs.list`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const body = (await res.json()) as { ok: boolean; value: { status: string }[] };
      expect(body.ok).toBe(true);
      // --no-queue (the helper's default) leaves the seeded states alone.
      expect(body.value.map((r) => r.status).sort()).toEqual([
        'crashed',
        'failed',
        'finished',
        'finished',
        'queued',
        'running',
        'stopped',
      ]);
      expect((await fetch(`${serve.baseUrl}/api/app.info`, { method: 'POST' })).status).toBe(401);
    } finally {
      await serve.stop();
    }
    expect(serve.process.exitCode).toBe(0);
  });
});
