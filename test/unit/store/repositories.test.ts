import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src-main/store';
import { openStore } from '../../../src-main/store';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-repo-'));
  store = openStore(join(dir, 'test.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function newRun(experimentId: number, name = 'r', config: Record<string, unknown> = {}) {
  return store.runs.create({
    experimentId,
    name,
    task: 'countdown',
    maskMode: 'top',
    seed: 1,
    config,
  });
}

describe('experiments', () => {
  it('creates, lists newest first, searches by name and tag, updates, deletes', () => {
    const a = store.experiments.create({ name: 'alpha', createdAt: '2025-01-01T00:00:00.000Z' });
    const b = store.experiments.create({ name: 'beta_50%', createdAt: '2025-01-02T00:00:00.000Z' });
    store.tags.setForExperiment(a, ['paper', 'paper', ' countdown ']);
    expect(store.experiments.get(a)?.tags).toEqual(['paper', 'countdown']);
    expect(store.experiments.list().map((e) => e.name)).toEqual(['beta_50%', 'alpha']);
    expect(store.experiments.list({ search: 'PAP' }).map((e) => e.id)).toEqual([a]);
    // LIKE wildcards in the search are literal.
    expect(store.experiments.list({ search: '_50%' }).map((e) => e.id)).toEqual([b]);
    expect(store.experiments.list({ search: '%' }).map((e) => e.id)).toEqual([b]);
    expect(store.experiments.update(a, { archived: true, description: 'd' })).toBe(true);
    expect(store.experiments.list().map((e) => e.id)).toEqual([b]);
    expect(store.experiments.list({ includeArchived: true })).toHaveLength(2);
    expect(store.experiments.update(999, { name: 'x' })).toBe(false);
    expect(() => store.experiments.create({ name: 'alpha' })).toThrow(/already exists/);
    expect(store.experiments.delete(a)).toBe(true);
    expect(store.experiments.get(a)).toBeUndefined();
  });

  it('deleting an experiment cascades to runs and everything they produced', () => {
    const e = store.experiments.create({ name: 'e' });
    const r = newRun(e);
    store.metrics.insert(r, [{ key: 'reward/mean', step: 0, value: 1 }]);
    store.logs.append(r, [{ message: 'hi' }]);
    store.tags.setForRun(r, ['t']);
    store.experiments.delete(e);
    for (const table of ['runs', 'metrics', 'metric_summary', 'logs', 'tags', 'params'])
      expect(store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
  });
});

describe('runs', () => {
  it('round-trips a run with config, params, tags and lifecycle fields', () => {
    const e = store.experiments.create({ name: 'e' });
    const id = newRun(e, 'top-20', {
      mask: { mode: 'top', rho: 0.2 },
      rl: { dynamicSampling: true },
      list: [1, 2],
      base: null,
    });
    store.tags.setForRun(id, ['paper']);
    expect(
      store.runs.update(id, {
        status: 'running',
        startedAt: '2025-01-01T00:00:00.000Z',
        notes: 'n',
      }),
    ).toBe(true);
    const run = store.runs.get(id)!;
    expect(run).toMatchObject({
      name: 'top-20',
      status: 'running',
      tags: ['paper'],
      notes: 'n',
      step: null,
      summary: [],
    });
    expect(run.config).toEqual({
      mask: { mode: 'top', rho: 0.2 },
      rl: { dynamicSampling: true },
      list: [1, 2],
      base: null,
    });
    expect(store.params.get(id)).toEqual({
      'mask.mode': 'top',
      'mask.rho': 0.2,
      'rl.dynamicSampling': true,
      list: '[1,2]',
      base: null,
    });
    expect(store.params.runsWhere('mask.rho', 0.2)).toEqual([id]);
    expect(store.params.runsWhere('rl.dynamicSampling', true)).toEqual([id]);
    expect(() => store.runs.update(id, { status: 'bogus' as never })).toThrow(/CHECK/);
  });

  it('filters by experiment, status, name or tag substring, archived', () => {
    const e1 = store.experiments.create({ name: 'e1' });
    const e2 = store.experiments.create({ name: 'e2' });
    const a = newRun(e1, 'alpha');
    const b = newRun(e1, 'beta');
    const c = newRun(e2, 'gamma');
    store.tags.setForRun(c, ['control']);
    store.runs.update(b, { status: 'finished', archived: true });
    expect(store.runs.list({ experimentId: e1 }).map((r) => r.id)).toEqual([a]);
    expect(store.runs.list({ experimentId: e1, includeArchived: true })).toHaveLength(2);
    expect(store.runs.list({ status: 'finished', includeArchived: true }).map((r) => r.id)).toEqual(
      [b],
    );
    expect(store.runs.list({ search: 'CONTR' }).map((r) => r.id)).toEqual([c]);
    expect(store.runs.list({ search: 'amm' }).map((r) => r.id)).toEqual([c]);
  });

  it('claims queued runs once and finds stale running ones', () => {
    const e = store.experiments.create({ name: 'e' });
    const id = newRun(e);
    expect(store.runs.queuedIds()).toEqual([id]);
    expect(store.runs.claim(id, '2025-01-01T00:00:00.000Z')).toBe(1); // owner generation 1
    expect(store.runs.claim(id)).toBeNull();
    expect(store.runs.owner(id)).toMatchObject({ generation: 1, pid: process.pid });
    expect(store.runs.get(id)).toMatchObject({
      status: 'running',
      startedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(store.runs.staleRunning('2025-01-01T00:00:01.000Z')).toEqual([id]);
    store.runs.heartbeatMany([id], '2025-01-01T00:00:05.000Z');
    expect(store.runs.staleRunning('2025-01-01T00:00:01.000Z')).toEqual([]);
  });

  it('fences: a heartbeat at a superseded generation changes nothing', () => {
    const e = store.experiments.create({ name: 'fence' });
    const id = newRun(e);
    const generation = store.runs.claim(id, '2025-01-01T00:00:00.000Z') as number;
    expect(store.runs.heartbeatOwned([{ id, generation }], '2025-01-01T00:00:02.000Z')).toEqual([
      id,
    ]);
    store.runs.fence(id);
    expect(store.runs.heartbeatOwned([{ id, generation }], '2025-01-01T00:00:09.000Z')).toEqual([]);
    expect(store.runs.get(id)?.heartbeatAt).toBe('2025-01-01T00:00:02.000Z');
    expect(store.runs.owner(id)?.generation).toBe(generation + 1);
  });
});

describe('metrics', () => {
  let run: number;
  beforeEach(() => {
    run = newRun(store.experiments.create({ name: 'e' }));
  });

  it('inserts a batch in one transaction and keeps last/min/max summaries', () => {
    store.metrics.insert(run, [
      { key: 'reward/mean', step: 0, value: 0.1, wallTime: 100 },
      { key: 'reward/mean', step: 1, value: 0.5, wallTime: 101 },
      { key: 'loss', step: 0, value: 2 },
    ]);
    store.metrics.insert(run, [{ key: 'reward/mean', step: 2, value: 0.3, wallTime: 102 }]);
    expect(store.metrics.summaries(run)).toEqual([
      { key: 'loss', lastStep: 0, last: 2, min: 2, max: 2 },
      { key: 'reward/mean', lastStep: 2, last: 0.3, min: 0.1, max: 0.5 },
    ]);
    expect(store.metrics.keys(run)).toEqual(['loss', 'reward/mean']);
    const [series] = store.metrics.series(run, { keys: ['reward/mean'], sinceStep: 1 });
    expect(series).toEqual({
      runId: run,
      key: 'reward/mean',
      points: [
        { step: 1, wallTime: 101, value: 0.5 },
        { step: 2, wallTime: 102, value: 0.3 },
      ],
    });
    expect(store.runs.get(run)?.step).toBe(2);
    expect(store.runs.get(run)?.summary.map((s) => s.key)).toEqual(['reward/mean']);
  });

  it('replaces a duplicate step (resume) and recomputes the summary', () => {
    store.metrics.insert(run, [
      { key: 'x', step: 0, value: -5 },
      { key: 'x', step: 1, value: 1 },
      { key: 'x', step: 2, value: 9 },
    ]);
    store.metrics.insert(run, [
      { key: 'x', step: 0, value: 0 },
      { key: 'x', step: 2, value: 3 },
    ]);
    const points = store.metrics.series(run, { keys: ['x'] })[0]!.points;
    expect(points.map((p) => [p.step, p.value])).toEqual([
      [0, 0],
      [1, 1],
      [2, 3],
    ]);
    expect(store.metrics.summaries(run)).toEqual([
      { key: 'x', lastStep: 2, last: 3, min: 0, max: 3 },
    ]);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM metrics').get()).toEqual({ n: 3 });
  });

  it('keeps NaN points, ignores them in min/max, and rolls back a bad batch entirely', () => {
    store.metrics.insert(run, [
      { key: 'loss', step: 0, value: 1 },
      { key: 'loss', step: 1, value: NaN },
    ]);
    expect(store.metrics.summaries(run)[0]).toMatchObject({ lastStep: 1, min: 1, max: 1 });
    expect(store.metrics.summaries(run)[0]!.last).toBeNaN();
    expect(store.metrics.series(run)[0]!.points[1]!.value).toBeNaN();
    expect(() =>
      store.metrics.insert(run, [
        { key: 'loss', step: 5, value: 1 },
        { key: 'loss', step: -1, value: 1 },
      ]),
    ).toThrow(/step/);
    expect(store.metrics.lastStep(run)).toBe(1);
  });

  it('writes 10,000 points in one batch quickly', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({
      key: `k${i % 10}`,
      step: Math.floor(i / 10),
      value: i,
    }));
    const t0 = performance.now();
    store.metrics.insert(run, points);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(store.metrics.summaries(run)).toHaveLength(10);
  });

  it('truncates a run after a step across metrics, rollouts, evals and checkpoints', () => {
    store.metrics.insert(
      run,
      [0, 1, 2, 3].map((step) => ({ key: 'x', step, value: step })),
    );
    store.checkpoints.add({ runId: run, step: 1, path: 'a', sha256: '0'.repeat(64), bytes: 1 });
    store.checkpoints.add({ runId: run, step: 3, path: 'b', sha256: '0'.repeat(64), bytes: 1 });
    store.evals.add({
      runId: run,
      step: 3,
      benchmark: 'b',
      k: 4,
      avgAtK: 0.5,
      passAtK: 0.7,
      problems: 10,
      perProblem: null,
    });
    store.truncateRunAfter(run, 1);
    expect(store.metrics.summaries(run)).toEqual([
      { key: 'x', lastStep: 1, last: 1, min: 0, max: 1 },
    ]);
    expect(store.checkpoints.list(run).map((c) => c.step)).toEqual([1]);
    expect(store.evals.list(run)).toEqual([]);
  });
});

describe('logs, checkpoints, rollouts, evals', () => {
  let run: number;
  beforeEach(() => {
    run = newRun(store.experiments.create({ name: 'e' }));
  });

  it('numbers log lines and pages them', () => {
    store.logs.append(run, [{ message: 'a' }, { message: 'b', level: 'warn' }]);
    const more = store.logs.append(run, [{ message: 'c', level: 'error', time: 't' }]);
    expect(more).toEqual([{ seq: 3, time: 't', level: 'error', message: 'c' }]);
    expect(store.logs.list(run, { afterSeq: 1 }).map((l) => l.message)).toEqual(['b', 'c']);
    expect(store.logs.tail(run, 2).map((l) => l.seq)).toEqual([2, 3]);
  });

  it('records checkpoints, latest first by step', () => {
    store.checkpoints.add({ runId: run, step: 50, path: 'p50', sha256: 'a'.repeat(64), bytes: 10 });
    store.checkpoints.add({
      runId: run,
      step: 100,
      path: 'p100',
      sha256: 'b'.repeat(64),
      bytes: 10,
    });
    store.checkpoints.add({
      runId: run,
      step: 100,
      path: 'p100b',
      sha256: 'c'.repeat(64),
      bytes: 11,
    });
    expect(store.checkpoints.list(run).map((c) => c.path)).toEqual(['p50', 'p100b']);
    expect(store.checkpoints.latest(run)?.step).toBe(100);
  });

  it('stores rollout arrays compactly and reads them back', () => {
    const entropies = [0, 0.0001, 0.5, 1.25, 3.3];
    store.rollouts.insert(run, 7, [
      {
        idx: 0,
        prompt: 'p',
        response: 'r',
        reward: 1,
        advantage: 0.5,
        correct: true,
        tokens: [1, 2, 300],
        entropies,
        logprobs: [-0.1, -2, -0.5, -1, -3],
        mask: [1, 0, 1, 0, 1],
        alternatives: null,
        extra: { answer: '3' },
      },
      {
        idx: 1,
        prompt: 'q',
        response: '',
        reward: 0,
        advantage: -0.5,
        correct: false,
        tokens: [5, 6],
        entropies: [1, 2],
        logprobs: null,
        mask: null,
        alternatives: null,
        extra: null,
      },
    ]);
    const row = store.db
      .prepare(
        'SELECT tokens_dtype, length(tokens) AS tb, length(entropies) AS eb FROM rollout_samples WHERE idx = 0',
      )
      .get();
    expect(row).toEqual({ tokens_dtype: 'int16', tb: 6, eb: 10 });
    const [a, b] = store.rollouts.list(run, 7);
    expect(a!.tokens).toEqual([1, 2, 300]);
    a!.entropies.forEach((h, i) => expect(h).toBeCloseTo(entropies[i]!, 2));
    expect(Array.from(a!.logprobs!)).toEqual(
      Array.from(Float32Array.from([-0.1, -2, -0.5, -1, -3])),
    );
    expect(a!.mask).toEqual([1, 0, 1, 0, 1]);
    expect(a!.extra).toEqual({ answer: '3' });
    expect(b).toMatchObject({ tokens: [5, 6], correct: false, logprobs: null, mask: null });
    expect(store.rollouts.steps(run)).toEqual([7]);
  });

  it('records eval results with per-problem detail', () => {
    store.evals.add({
      runId: run,
      step: 10,
      benchmark: 'cd3',
      k: 8,
      avgAtK: 0.4,
      passAtK: 0.8,
      problems: 2,
      perProblem: [{ id: 'a', correct: 3 }],
    });
    expect(store.evals.list(run, 'cd3')[0]).toMatchObject({
      step: 10,
      k: 8,
      perProblem: [{ id: 'a', correct: 3 }],
    });
  });
});
