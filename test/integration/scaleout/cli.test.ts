// The scale-out commands end to end, in-process, on a real database: a quick-ablation-shaped
// experiment exported for verl and TRL (refusals printed loudly), launched through a fake `ray`
// on PATH and without one, engine logs imported beside it, TensorBoard export.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { openStore } from '../../../src-main/store';
import { runCli } from '../../helpers/cli';

let dir: string;
let db: string;
let env: NodeJS.ProcessEnv;
let experimentId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-scaleout-cli-'));
  db = join(dir, 'fb.db');
  const store = openStore(db);
  experimentId = store.experiments.create({ name: 'quick ablation' });
  const arms = [
    ['all tokens', { mode: 'all' }],
    ['top 20%', { mode: 'top', rho: 0.2 }],
    ['bottom 80%', { mode: 'bottom', rho: 0.2 }],
    ['random 20%', { mode: 'random', rho: 0.2 }],
  ] as const;
  for (const [name, mask] of arms) {
    const c = parseRunConfig({
      task: 'arithmetic',
      mask,
      rl: { promptsPerStep: 16, groupSize: 8, miniBatches: 2, microBatchSize: 8, steps: 60 },
    });
    if (!c.ok) throw new Error(c.message);
    store.runs.create({
      experimentId,
      name,
      task: 'arithmetic',
      maskMode: mask.mode,
      seed: 0,
      config: c.value,
    });
  }
  store.close();
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin/ray'),
    '#!/usr/bin/env bash\necho "$*" >> "$FAKE_LOG"\necho "Job submitted"\n',
  );
  chmodSync(join(dir, 'bin/ray'), 0o755);
  env = { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, FAKE_LOG: join(dir, 'ray.log'), HOME: dir };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const common = [
  '--model',
  '/shared/Qwen3-8B-Base',
  '--train',
  '/shared/train.parquet',
  '--val',
  '/shared/aime.parquet',
  '--output-dir',
  '/shared/out',
  '--gpus',
  '1',
];

describe('forkbench export-job / job / import / export-tensorboard', () => {
  it('exports the four arms for verl, listing the bottom and random masks as refused', async () => {
    const r = await runCli(
      [
        '--db',
        db,
        'export-job',
        `experiment:${experimentId}`,
        '--engine',
        'verl',
        '--out',
        join(dir, 'verl'),
        ...common,
        '--working-dir',
        '/home/me/verl-fork',
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.match(/launch\.sh/g)?.length).toBeGreaterThanOrEqual(4);
    expect(r.stderr).toMatch(/REFUSED: 2 setting/);
    expect(r.stderr).toMatch(/bottom 80%: mask\.mode = "bottom"/);
    expect(r.stderr).toMatch(/random 20%: mask\.mode = "random"/);
  });

  it('exports for TRL, refusing the selected-token normaliser and dynamic sampling', async () => {
    const r = await runCli(
      [
        '--db',
        db,
        'export-job',
        `experiment:${experimentId}`,
        '--engine',
        'trl',
        '--out',
        join(dir, 'trl'),
        ...common,
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.engine.version).toBe('1.10.0.dev0');
    const top = summary.runs.find((x: { name: string }) => x.name === 'top 20%');
    expect(top.refused.map((x: { field: string }) => x.field).sort()).toEqual([
      'mask.normalizer',
      'rl.dualClipC',
      'rl.dynamicSampling',
    ]);
    expect(readFileSync(join(dir, 'trl/accelerate.yaml'), 'utf8')).toContain('num_processes: 1');
  });

  it('launches the ready arms through ray and stops the refused ones with their reasons', async () => {
    const r = await runCli(['--db', db, 'job', 'launch', join(dir, 'verl')], env);
    expect(r.code).toBe(1); // two launchers refused
    expect(readFileSync(join(dir, 'ray.log'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(r.stdout).toMatch(/REFUSED/);
    const list = await runCli(['--db', db, 'job', 'list'], env);
    expect(list.stdout.match(/submitted/g)).toHaveLength(2);
    expect(list.stdout.match(/failed/g)).toHaveLength(2);
  });

  it('prints what to install when the engine command is missing', async () => {
    const r = await runCli(['--db', db, 'job', 'launch', join(dir, 'trl')], {
      ...env,
      PATH: '/usr/bin:/bin',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/'accelerate' is not on PATH\. Install: pip install/);
    expect(r.stderr).toMatch(/bash .*\/trl\/fb-run\d+-all-tokens\/launch\.sh/);
  });

  it('imports a verl log folder and exports runs to TensorBoard', async () => {
    const logs = join(dir, 'cluster/fb-run2-top-20/logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      join(logs, 'a.jsonl'),
      '{"step": 1, "data": {"critic/score/mean": 0.5, "actor/entropy": 0.4}}\n{"step": 2, "data": {"critic/score/mean": 0.6, "actor/entropy": Infinity}}\n{"step": 3, "da',
    );
    const r = await runCli(['--db', db, 'import', join(dir, 'cluster')], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created {3}run #5 fb-run2-top-20 \(verl\): 4 points/m);
    expect(r.stderr).toMatch(/skipped .*a\.jsonl:3: not valid JSON/);
    const again = await runCli(['--db', db, 'import', join(dir, 'cluster')], env);
    expect(again.stdout).toMatch(/^unchanged run #5/m);
    const tb = await runCli(['--db', db, 'export-tensorboard', '5', '--out', join(dir, 'tb')], env);
    expect(tb.code).toBe(0);
    expect(tb.stdout).toMatch(
      /run5-fb-run2-top-20\/events\.out\.tfevents\.\d+\.forkbench \(4 scalars\)/,
    );
  });
});
