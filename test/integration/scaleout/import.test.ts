// Importing engine logs into a real SQLite store: a folder of verl JSONL logs (two attempts of a
// resumed run, a truncated line, rollout dumps), a TRL output folder, a TensorBoard log folder.
// Importing the same files again adds nothing; a TensorBoard export imports back to the same series.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../../src-main/contract/api-export';
import { importPaths } from '../../../src-main/services/imports';
import { createWorkbench } from '../../../src-main/services/workbench';
import { tensorboardFiles } from '../../../src-main/services/tensorboard-export';
import { writeEventFile } from '../../../src-main/importers/tb-events';
import type { Store } from '../../../src-main/store';
import { openStore } from '../../../src-main/store';

let dir: string;
let store: Store;

const write = (path: string, content: string | Uint8Array, mtime?: number) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  if (mtime) utimesSync(path, mtime, mtime);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-import-'));
  store = openStore(join(dir, 'forkbench.db'));
  const verl = join(dir, 'cluster/fb-run3-top-20');
  write(
    join(verl, 'logs/fb-run3-top-20-20261201000000.jsonl'),
    '{"step": 0, "data": {"val-core/math__math/acc/mean@1": 0.31}}\n{"step": 1, "data": {"critic/score/mean": 0.2, "actor/entropy": 0.9}}\n{"step": 2, "data": {"critic/score/mean": 0.3, "actor/entropy": NaN}}\n',
    1_700_000_000,
  );
  write(
    join(verl, 'logs/fb-run3-top-20-20261202000000.jsonl'),
    '{"step": 2, "data": {"critic/score/mean": 0.35, "actor/entropy": 0.8}}\n{"step": 3, "data": {"critic/score/mean": 0.4, "actor/entropy": 0.7}}\n{"step": 4, "data": {"critic/sc',
    1_700_100_000,
  );
  write(
    join(verl, 'rollouts/1.jsonl'),
    '{"input": "what is 2+3?", "output": "5", "gts": "5", "score": 1.0, "acc": 1.0, "step": 1}\n{"input": "what is 2+3?", "output": "6", "gts": "5", "score": 0.0, "acc": 0.0, "step": 1}\n',
  );
  write(
    join(dir, 'trl-out/checkpoint-2/trainer_state.json'),
    JSON.stringify({
      global_step: 2,
      log_history: [
        { reward: 0.1, entropy: 1.2, step: 1 },
        { reward: 0.2, entropy: 1.1, step: 2 },
      ],
    }),
  );
  write(
    join(dir, 'trl-out/trainer_state.json'),
    '{"global_step": 3, "log_history": [{"reward": 0.1, "entropy": 1.2, "step": 1}, {"reward": 0.2, "entropy": 1.1, "step": 2}, {"reward": 0.3, "entropy": 1.0, "grad_norm": NaN, "step": 3}, {"step": 3, "train_runtime": 9.0}]}',
  );
  write(
    join(dir, 'tb/runs/Dec03_07-00-00_node1/events.out.tfevents.1764745200.node1.1.0'),
    writeEventFile(
      [1, 2, 3].map((step) => ({
        tag: 'train/reward',
        step,
        wallTime: 1764745200 + step,
        value: step / 4,
      })),
      1764745200,
    ),
  );
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('import', () => {
  it('imports a verl log folder as one run: attempts merged, bad line reported, rollouts kept', () => {
    const report = importPaths(store, [join(dir, 'cluster')]);
    expect(report.runs).toHaveLength(1);
    const r = report.runs[0]!;
    expect(r).toMatchObject({
      name: 'fb-run3-top-20',
      engine: 'verl',
      outcome: 'created',
      samples: 2,
    });
    expect(r.files.flatMap((f) => f.skipped)).toEqual([
      { line: 3, reason: 'not valid JSON (truncated or malformed)' },
    ]);
    const series = store.metrics.series(r.runId, {
      keys: ['reward/mean', 'entropy/mean', 'eval/math__math/avg@1'],
    });
    expect(series.map((s) => [s.key, s.points.map((p) => [p.step, p.value])])).toEqual([
      [
        'reward/mean',
        [
          [1, 0.2],
          [2, 0.35],
          [3, 0.4],
        ],
      ],
      [
        'entropy/mean',
        [
          [1, 0.9],
          [2, 0.8],
          [3, 0.7],
        ],
      ],
      ['eval/math__math/avg@1', [[0, 0.31]]],
    ]);
    const run = store.runs.get(r.runId)!;
    expect(run.source).toBe('verl');
    expect(run.status).toBe('finished');
    expect(store.rollouts.list(r.runId, 1).map((s) => [s.response, s.correct])).toEqual([
      ['5', true],
      ['6', false],
    ]);
    expect(store.runSources.get(r.runId)?.keyMap['reward/mean']).toBe('critic/score/mean');
    expect(
      store.logs
        .tail(r.runId)
        .map((l) => l.message)
        .join('\n'),
    ).toMatch(/skipped .*:3: not valid JSON/);
  });

  it('imports TRL (final trainer_state.json) and a TensorBoard folder; search finds them by engine', () => {
    const report = importPaths(store, [join(dir, 'trl-out'), join(dir, 'tb')]);
    expect(report.runs.map((r) => [r.name, r.engine, r.outcome])).toEqual([
      ['tb', 'trl', 'created'],
      ['trl-out', 'trl', 'created'],
    ]);
    const trl = report.runs[1]!;
    expect(
      store.metrics.series(trl.runId, { keys: ['reward/mean'] })[0]?.points.map((p) => p.value),
    ).toEqual([0.1, 0.2, 0.3]);
    expect(
      store.metrics
        .series(report.runs[0]!.runId, { keys: ['reward/mean'] })[0]
        ?.points.map((p) => p.value),
    ).toEqual([0.25, 0.5, 0.75]);
    expect(
      store.runs
        .list({ search: 'trl' })
        .map((r) => r.id)
        .sort(),
    ).toEqual(report.runs.map((r) => r.runId).sort());
  });

  it('is idempotent: the same files again create nothing', () => {
    const before = store.runs.list().length;
    const again = importPaths(store, [join(dir, 'cluster'), join(dir, 'trl-out'), join(dir, 'tb')]);
    expect(again.runs.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(store.runs.list().length).toBe(before);
  });

  it('updates the same run when its logs grew (a job still running)', () => {
    const path = join(dir, 'cluster/fb-run3-top-20/logs/fb-run3-top-20-20261202000000.jsonl');
    write(
      path,
      '{"step": 2, "data": {"critic/score/mean": 0.35}}\n{"step": 3, "data": {"critic/score/mean": 0.4}}\n{"step": 4, "data": {"critic/score/mean": 0.5}}\n',
      1_700_200_000,
    );
    const report = importPaths(store, [join(dir, 'cluster')]);
    expect(report.runs[0]?.outcome).toBe('updated');
    expect(
      store.metrics.series(report.runs[0]!.runId, { keys: ['reward/mean'] })[0]?.points.at(-1),
    ).toMatchObject({ step: 4, value: 0.5 });
  });

  it('round-trips through TensorBoard: export then import gives the same series', () => {
    const source = importPaths(store, [join(dir, 'cluster')]).runs[0]!.runId;
    const [file] = tensorboardFiles(store, [source], 1764745200);
    write(join(dir, 'tb-export', file!.path), file!.bytes);
    const back = importPaths(store, [join(dir, 'tb-export')]).runs[0]!;
    expect(back.engine).toBe('forkbench');
    const strip = (runId: number) =>
      store.metrics.series(runId).map((s) => ({ key: s.key, points: s.points }));
    expect(strip(back.runId)).toEqual(strip(source));
  });

  it('exports imported runs like local ones: CSV and a mean ± std figure across sources', async () => {
    const wb = createWorkbench(store, 'ipc');
    const ids = store.runs.list().map((r) => r.id);
    const csv = await wb.call('export.metricsCsv', { runIds: ids, keys: ['reward/mean'] });
    expect(csv.ok && (csv.value as ExportFile).data).toMatch(/fb-run3-top-20,reward\/mean,1,/);
    const fig = await wb.call('export.figure', {
      runIds: ids,
      keys: ['reward/mean'],
      format: 'svg',
      aggregate: 'mean-std',
      groups: [{ label: 'all sources', runIds: ids }],
    });
    expect(fig.ok && (fig.value as ExportFile).data).toContain('<svg');
  });

  it('says so when a folder holds no engine logs', () => {
    write(join(dir, 'empty/readme.md'), 'hello');
    expect(() => importPaths(store, [join(dir, 'empty')])).toThrow(
      /no verl, TRL or TensorBoard logs/,
    );
  });
});
