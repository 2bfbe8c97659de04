// Export bundles and launch them through fake `ray` / `accelerate` executables on PATH (real
// processes): the launcher's exact command, the job id, status and log lines, stop, refusals, and
// what Forkbench says when the engine's command is missing.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { createJobRunner, exportJob } from '../../../src-main/services/jobs';
import type { Store } from '../../../src-main/store';
import { openStore } from '../../../src-main/store';

let dir: string;
let bin: string;
let store: Store;
const runIds: number[] = [];

const form = {
  modelPath: '/shared/models/Qwen3-8B-Base',
  trainFiles: ['/shared/data/train.parquet'],
  valFiles: ['/shared/data/val.parquet'],
  nodes: 1,
  gpusPerNode: 8,
  outputDir: '/shared/out',
  workingDir: '/home/me/Beyond-the-80-20-Rule-RLVR',
};

const FAKE_RAY = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
case "$1 $2" in
  "job submit") echo "Job '$6' submitted successfully" ;;
  "job status") if [ -f "$FAKE_LOG.stopped" ]; then echo "Status for job '$5': STOPPED"; else echo "Status for job '$5': RUNNING"; fi ;;
  "job logs") echo "(TaskRunner pid=77) step:1 - critic/score/mean:0.5"; echo "(TaskRunner pid=77) step:2 - critic/score/mean:0.6" ;;
  "job stop") touch "$FAKE_LOG.stopped"; echo "Job '$5' was stopped" ;;
esac
`;
const FAKE_ACCELERATE = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
echo "training started"
sleep 30
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-jobs-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const [name, text] of [
    ['ray', FAKE_RAY],
    ['accelerate', FAKE_ACCELERATE],
  ] as const) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  store = openStore(join(dir, 'forkbench.db'));
  const experimentId = store.experiments.create({ name: 'ablation' });
  for (const [name, mask] of [
    ['top 20%', { mode: 'top', rho: 0.2 }],
    ['bottom 80%', { mode: 'bottom', rho: 0.2 }],
  ] as const) {
    const parsed = parseRunConfig({ mask, rl: { dynamicSampling: false } });
    if (!parsed.ok) throw new Error(parsed.message);
    runIds.push(
      store.runs.create({
        experimentId,
        name,
        task: 'countdown',
        maskMode: mask.mode,
        seed: 1,
        config: parsed.value,
      }),
    );
  }
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const envWith = (path: string, log: string) => ({ ...process.env, PATH: path, FAKE_LOG: log });

describe('verl jobs', () => {
  let bundleDir: string;
  it('writes the bundle: manifest with the pinned fork and refusals, runtime_env and launch.sh', () => {
    bundleDir = join(dir, 'verl-bundle');
    const b = exportJob(store, {
      runIds,
      engine: 'verl',
      form,
      outDir: bundleDir,
      now: '2026-12-03T07:00:00Z',
    });
    const manifest = JSON.parse(readFileSync(join(bundleDir, 'forkbench-manifest.json'), 'utf8'));
    expect(manifest.engine.commit).toBe('6f5dda6f70dbee207bea28705e5f96ce12eb98df');
    expect(manifest.runs.map((r: { ready: boolean }) => r.ready)).toEqual([true, false]);
    expect(manifest.runs[1].refused[0]).toMatchObject({ field: 'mask.mode', value: 'bottom' });
    const launch = readFileSync(join(bundleDir, b.manifest.runs[0]!.launcher), 'utf8');
    expect(launch).toContain('ray job submit \\\n  --address http://127.0.0.1:8265 \\\n');
    expect(statSync(join(bundleDir, b.manifest.runs[0]!.launcher)).mode & 0o111).not.toBe(0);
    expect(
      readFileSync(join(bundleDir, `${b.manifest.runs[0]!.runKey}/runtime_env.yaml`), 'utf8'),
    ).toContain(
      `VERL_FILE_LOGGER_PATH: "/shared/out/${b.manifest.runs[0]!.runKey}/logs/${b.manifest.runs[0]!.submissionId}.jsonl"`,
    );
    expect(() => exportJob(store, { runIds, engine: 'verl', form, outDir: bundleDir })).toThrow(
      /not empty/,
    );
  });

  it('says what to install when ray is not on PATH', () => {
    const runner = createJobRunner(store, { env: envWith('/nonexistent', join(dir, 'none.log')) });
    const outcome = runner.launch(bundleDir);
    expect(outcome).toMatchObject({ launched: false, missing: 'ray' });
    if (outcome.launched) return;
    expect(outcome.install).toMatch(/pip install "ray\[default\]"/);
    expect(outcome.commands[0]).toMatch(/^bash \/.*\/launch\.sh$/);
  });

  it('submits through ray, follows status and logs, refuses the bottom-80% arm, stops', async () => {
    const log = join(dir, 'ray.log');
    const runner = createJobRunner(store, { env: envWith(`${bin}:/usr/bin:/bin`, log) });
    const outcome = runner.launch(bundleDir);
    if (!outcome.launched) throw new Error('not launched');
    const [top, bottom] = outcome.jobs;
    await runner.waitForLauncher(top!.id);
    await runner.waitForLauncher(bottom!.id);
    const submitted = readFileSync(log, 'utf8').split('\n')[0]!;
    expect(submitted).toMatch(
      /^job submit --address http:\/\/127\.0\.0\.1:8265 --submission-id fb-run\d+-top-20-verl-20261203070000 --runtime-env runtime_env\.yaml --working-dir \/home\/me\/Beyond-the-80-20-Rule-RLVR --no-wait -- python3 -m recipe\.dapo\.main_dapo /,
    );
    expect(submitted).toContain('actor_rollout_ref.actor.entropy_top_ratio=0.2');
    expect(submitted).toContain('trainer.logger=["console","file","tensorboard"]');
    expect(store.scaleoutJobs.get(top!.id)?.status).toBe('submitted');
    expect(store.scaleoutJobs.get(bottom!.id)).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(
      store.scaleoutJobs
        .logs(bottom!.id)
        .map((l) => l.line)
        .join('\n'),
    ).toMatch(/REFUSED.*\n.*mask\.mode = "bottom"/);

    const refreshed = await runner.refresh(top!.id);
    expect(refreshed.status).toBe('running');
    expect(store.scaleoutJobs.logs(top!.id, 0, 'engine').map((l) => l.line)).toEqual([
      '(TaskRunner pid=77) step:1 - critic/score/mean:0.5',
      '(TaskRunner pid=77) step:2 - critic/score/mean:0.6',
    ]);
    // The console's metric lines are a run of their own, updated on each refresh (keyed by the
    // run, not the submission: a resubmitted run continues the same curves).
    const live = store.runSources.byKey(
      `job:ray-jobs#${top!.submissionId.replace(/-\d{8,}$/, '')}`,
    );
    expect(live?.engine).toBe('verl');
    expect(
      store.metrics.series(live!.runId, { keys: ['reward/mean'] })[0]?.points.map((p) => p.value),
    ).toEqual([0.5, 0.6]);
    const stopped = await runner.stop(top!.id);
    expect(stopped.status).toBe('stopped');
    expect(readFileSync(log, 'utf8')).toMatch(
      /job stop --address http:\/\/127\.0\.0\.1:8265 fb-run\d+-top-20-verl-20261203070000/,
    );
  });
});

describe('TRL jobs', () => {
  it('runs accelerate launch with the bundle config, streams its output, and stops it', async () => {
    const bundleDir = join(dir, 'trl-bundle');
    const b = exportJob(store, {
      runIds: [runIds[0]!],
      engine: 'trl',
      form,
      outDir: bundleDir,
      now: '2026-12-03T07:00:00Z',
    });
    // 16 prompts × 8 / 1 mini-batch = 128 completions per update cannot split over 8 GPUs × 32.
    expect(b.manifest.runs[0]!.refused.map((r) => r.field).sort()).toEqual([
      'mask.normalizer',
      'rl.dualClipC',
      'rl.microBatchSize',
    ]);
    expect(readFileSync(join(bundleDir, 'train.py'), 'utf8')).toContain('GRPOConfig(**fields)');
    const log = join(dir, 'accelerate.log');
    const runner = createJobRunner(store, { env: envWith(`${bin}:/usr/bin:/bin`, log) });
    const outcome = runner.launch(bundleDir, { acceptRefused: true });
    if (!outcome.launched) throw new Error('not launched');
    const job = outcome.jobs[0]!;
    for (let i = 0; i < 100 && !store.scaleoutJobs.logs(job.id).length; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(store.scaleoutJobs.logs(job.id).map((l) => l.line)).toContain('training started');
    expect(readFileSync(log, 'utf8')).toMatch(
      /^launch --config_file accelerate\.yaml --machine_rank 0 train\.py --config fb-run\d+-top-20\/grpo_config\.json/,
    );
    const stopped = await runner.stop(job.id);
    expect(stopped.status).toBe('stopped');
  });
});
