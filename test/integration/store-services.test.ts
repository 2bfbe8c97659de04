// Services through dispatch: validation at the edge, error envelopes, events after mutations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentWithRuns } from '../../src-main/contract/entities';
import type { WorkbenchEvent } from '../../src-main/contract/events';
import type { Workbench } from '../../src-main/services/workbench';
import { openWorkbench } from '../../src-main/services/workbench';
import { SCHEMA_VERSION } from '../../src-main/store';
import { seedDemoDatabase } from '../fixtures/seed';

let dir: string;
let wb: Workbench;
let events: WorkbenchEvent[];
let ids: ReturnType<typeof seedDemoDatabase>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-svc-'));
  const path = join(dir, 'demo.db');
  ids = seedDemoDatabase(path);
  wb = openWorkbench({ dbPath: path, transport: 'http' });
  events = [];
  wb.events.subscribe((e) => events.push(e));
});
afterEach(() => {
  wb.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string) =>
  (wb.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('dispatch validation', () => {
  it.each([
    ['unknown key', 'experiments.create', { name: 'x', bogus: 1 }, 'bogus'],
    ['wrong type', 'experiments.create', { name: 42 }, 'name'],
    ['empty name', 'experiments.create', { name: '   ' }, 'name'],
    ['oversized string', 'experiments.create', { name: 'x'.repeat(201) }, 'name'],
    ['bad tag', 'experiments.create', { name: 'x', tags: ['ok', 'no spaces'] }, 'tags.1'],
    ['NaN', 'runs.update', { id: NaN }, 'id'],
    ['float id', 'runs.get', { id: 1.5 }, 'id'],
    ['not an object', 'experiments.create', 'hello', 'request'],
    ['array payload', 'experiments.create', [1], 'request'],
    ['bad status', 'runs.list', { status: 'exploded' }, 'status'],
    ['huge notes', 'runs.update', { id: 1, notes: 'n'.repeat(100_001) }, 'notes'],
  ])(
    '%s → invalid_request naming the field, nothing written',
    async (_why, method, payload, field) => {
      const before = [count('experiments'), count('runs'), count('tags')];
      const result = await wb.call(method, payload);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.field).toBe(field);
      expect(result.error.message).toContain(field);
      expect([count('experiments'), count('runs'), count('tags')]).toEqual(before);
      expect(events).toEqual([]);
    },
  );

  it('unknown method → invalid_request naming it', async () => {
    for (const method of ['runs.explode', '__proto__', 'constructor', 42, undefined]) {
      const result = await wb.call(method, {});
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', field: 'method' },
      });
      if (!result.ok) expect(result.error.message).toContain(String(method));
    }
  });

  it('maps thrown errors to envelopes without stack traces', async () => {
    const missing = await wb.call('runs.get', { id: 9999 });
    expect(missing).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'run 9999 does not exist', field: 'id' },
    });
    const dup = await wb.call('experiments.create', { name: 'rho-ablation' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict', field: 'name' } });
    wb.services['app.info'] = () => {
      throw new TypeError('boom at secret/path.ts:12');
    };
    const errors: unknown[] = [];
    const { dispatch } = await import('../../src-main/services/dispatch');
    const internal = await dispatch(
      wb.services,
      'app.info',
      {},
      { onInternalError: (_m, e) => errors.push(e) },
    );
    expect(internal).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'internal error in app.info; the details are in the Forkbench log',
      },
    });
    expect(errors).toHaveLength(1);
  });

  it('methods provided by nobody answer an error instead of crashing', async () => {
    const { createServices, dispatch, EventHub } = await import('../../src-main/services');
    const bare = createServices({ store: wb.store, events: new EventHub(), transport: 'ipc' });
    const result = await dispatch(bare, 'presets.list', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'presets.list is not available in this process' },
    });
  });
});

describe('services', () => {
  it('app.info describes the process', async () => {
    const r = await wb.call('app.info', {});
    expect(r).toMatchObject({
      ok: true,
      value: { transport: 'http', schemaVersion: SCHEMA_VERSION, dbPath: join(dir, 'demo.db') },
    });
  });

  it('experiments.list nests runs; search matches experiment or run names and tags', async () => {
    const all = await wb.call('experiments.list', {});
    if (!all.ok) throw new Error(all.error.message);
    const list = all.value as ExperimentWithRuns[];
    expect(list.map((e) => e.name).sort()).toEqual(['quick-demo', 'rho-ablation']);
    expect(list.find((e) => e.name === 'rho-ablation')!.runs).toHaveLength(6);

    const byRunTag = await wb.call('experiments.list', { search: 'control' });
    if (!byRunTag.ok) throw new Error('list failed');
    const found = byRunTag.value as typeof list;
    expect(found.map((e) => e.name)).toEqual(['rho-ablation']);
    expect(found[0]!.runs.map((r) => r.name).sort()).toEqual(['bottom-80', 'random-20']);

    const byExpTag = await wb.call('experiments.list', { search: 'demo' });
    expect(byExpTag.ok && (byExpTag.value as typeof list).map((e) => e.name)).toEqual([
      'quick-demo',
    ]);
  });

  it('create / update / delete publish events', async () => {
    const created = await wb.call('experiments.create', { name: ' new ', tags: ['a'] });
    expect(created).toMatchObject({ ok: true, value: { name: 'new', tags: ['a'], runCount: 0 } });
    const id = created.ok ? (created.value as { id: number }).id : 0;
    await wb.call('experiments.update', { id, archived: true, tags: ['b', 'c'] });
    expect(wb.store.experiments.get(id)).toMatchObject({ archived: true, tags: ['b', 'c'] });
    const runId = ids.runs['all-tokens']!;
    const upd = await wb.call('runs.update', { id: runId, notes: 'hello', tags: ['x'] });
    expect(upd).toMatchObject({ ok: true, value: { notes: 'hello', tags: ['x'] } });
    expect(events.map((e) => e.type)).toEqual([
      'experiment.changed',
      'experiment.changed',
      'run.updated',
    ]);
  });

  it('refuses to delete a running run or its experiment; deletes others', async () => {
    const running = ids.runs['top-20']!;
    expect(await wb.call('runs.delete', { id: running })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await wb.call('experiments.delete', { id: ids.experiments.rhoAblation })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await wb.call('runs.delete', { id: ids.runs['top-10']! })).toEqual({
      ok: true,
      value: { deleted: true },
    });
    expect(events.map((e) => e.type)).toEqual(['run.deleted', 'experiment.changed']);
    expect(await wb.call('experiments.delete', { id: ids.experiments.quickDemo })).toEqual({
      ok: true,
      value: { deleted: true },
    });
  });

  it('runs.get gives params and metric keys; metrics.get gives series', async () => {
    const id = ids.runs['top-20']!;
    const detail = await wb.call('runs.get', { id });
    expect(detail).toMatchObject({
      ok: true,
      value: { params: { 'mask.rho': 0.2, 'mask.mode': 'top' }, step: 119 },
    });
    if (detail.ok)
      expect((detail.value as { metricKeys: string[] }).metricKeys).toContain('entropy/p95');
    const series = await wb.call('metrics.get', {
      runId: id,
      keys: ['reward/mean', 'eval/countdown3-heldout/avg@8'],
      sinceStep: 100,
    });
    if (!series.ok) throw new Error(series.error.message);
    const [reward, evalAvg] = series.value as { key: string; points: { step: number }[] }[];
    expect(reward!.points).toHaveLength(20);
    expect(reward!.points[0]!.step).toBe(100);
    expect(evalAvg!.points.map((p) => p.step)).toEqual([100, 119]);
    expect(await wb.call('metrics.get', { runId: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', field: 'runId' },
    });
  });

  it('logs.get pages a run log', async () => {
    const r = await wb.call('logs.get', { runId: ids.runs['top-10']!, afterSeq: 1 });
    expect(r.ok && (r.value as { level: string }[]).map((l) => l.level)).toEqual(['info', 'error']);
  });
});
