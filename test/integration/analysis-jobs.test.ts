// Analysis jobs end to end: analysis.start forks a child (analysis-entry.ts through tsx), which
// loads two real checkpoint files and runs the model; the main process records the result in
// analysis_results and pushes analysis.updated events. No tensors in this process's services.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalysisJob,
  Method,
  OverlapResult,
  Request,
  Responses,
  Result,
  TemperatureResult,
} from '../../src-main/contract';
import type { WorkbenchEvent } from '../../src-main/contract/events';
import type { Workbench } from '../../src-main/services/workbench';
import { createWorkbench } from '../../src-main/services/workbench';
import { openStore } from '../../src-main/store';
import { makeTinyRun } from './analysis-fixture';

let dir: string;
let wb: Workbench;
let runId: number;
const events: WorkbenchEvent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fb-analysis-'));
  wb = createWorkbench(openStore(join(dir, 'forkbench.db')), 'http');
  wb.events.subscribe((e) => events.push(e));
  runId = await makeTinyRun(wb.store, dir);
});

afterAll(async () => {
  await wb?.shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** wb.call with the method's request and response types. */
function api<M extends Method>(method: M, payload: Request<M>): Promise<Result<Responses[M]>> {
  return wb.call(method, payload) as Promise<Result<Responses[M]>>;
}

function finished(id: number, timeoutMs = 120_000): Promise<AnalysisJob> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${id} did not finish`)), timeoutMs);
    const check = () => {
      const job = wb.store.analysisResults.get(id);
      if (job && job.status !== 'running') {
        clearTimeout(timer);
        off();
        void api('analysis.get', { id }).then((r) => {
          if (r.ok) resolve(r.value);
          else reject(new Error(r.error.message));
        });
      }
    };
    const off = wb.events.subscribe((e) => {
      if (e.type === 'analysis.updated' && e.job.id === id) check();
    });
    check();
  });
}

describe('analysis jobs', () => {
  it('runs an overlap job in a child process and stores Table 1 + Fig. 4', async () => {
    const t0 = performance.now();
    const started = await api('analysis.start', {
      runId,
      kind: 'overlap',
      options: { responses: 8 },
    });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(started.value.status).toBe('running');
    const job = await finished(started.value.id);
    console.log(`overlap job: ${((performance.now() - t0) / 1000).toFixed(1)} s wall`);
    expect(job.error).toBeNull();
    expect(job.status).toBe('done');
    const r = job.result as OverlapResult;
    expect(r.kind).toBe('overlap');
    expect(r.hasBase).toBe(false);
    expect(r.rows.map((x) => x.step)).toEqual([5, 10]);
    // Each model overlaps itself fully: the reference with base, the final with final.
    expect(r.rows[0]!.overlapWithBase).toBe(1);
    expect(r.rows[1]!.overlapWithFinal).toBe(1);
    // Symmetric: |A∩B|/|A| with |A| = |B| (exactly ⌈ρn⌉ positions each).
    expect(r.rows[0]!.overlapWithFinal).toBeCloseTo(r.rows[1]!.overlapWithBase, 10);
    expect(r.rows[1]!.overlapWithBase).toBeGreaterThanOrEqual(0);
    expect(r.rows[1]!.overlapWithBase).toBeLessThan(1); // two unrelated random models
    expect(r.bins).toHaveLength(20);
    expect(r.bins.reduce((n, b) => n + b.count, 0)).toBe(r.tokens);
    expect(r.responses).toBe(8);
    expect(job.options).toMatchObject({ responses: 8, source: 'final', rho: 0.2, scope: 'pool' });
    // Progress and the end were pushed as events (without the result).
    const mine = events.filter(
      (e): e is Extract<WorkbenchEvent, { type: 'analysis.updated' }> =>
        e.type === 'analysis.updated' && e.job.id === job.id,
    );
    expect(mine.some((e) => e.job.progress !== null && e.job.progress.done > 0)).toBe(true);
    expect(mine.at(-1)!.job.status).toBe('done');
    expect(mine.every((e) => e.job.result === null)).toBe(true);
    const listed = await api('analysis.list', { runId });
    expect(listed.ok && listed.value.map((j) => j.id)).toContain(job.id);
  }, 180_000);

  it('runs a small temperature sweep and reports τ and both curves', async () => {
    const started = await api('analysis.start', {
      runId,
      kind: 'temperature',
      options: { problems: 4, grid: [0, 1, 3] },
    });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const job = await finished(started.value.id);
    expect(job.error).toBeNull();
    const r = job.result as TemperatureResult;
    expect(r.step).toBe(10);
    expect(r.benchmark).toBe('arith-heldout');
    expect(r.percentile).toBe(80);
    expect(r.threshold).toBeGreaterThan(0);
    expect(r.varyHigh.map((p) => [p.tHigh, p.tLow])).toEqual([
      [0, 1],
      [1, 1],
      [3, 1],
    ]);
    expect(r.varyLow.map((p) => [p.tHigh, p.tLow])).toEqual([
      [1, 0],
      [1, 1],
      [1, 3],
    ]);
    // The shared (1, 1) point is the same measurement in both curves.
    expect(r.varyHigh[1]).toEqual(r.varyLow[1]);
    // τ is the 80th percentile at T = 1, so roughly a fifth of tokens decode at T_high.
    expect(r.varyHigh[1]!.highShare).toBeGreaterThan(0.05);
    expect(r.varyHigh[1]!.highShare).toBeLessThan(0.5);
  }, 180_000);

  it('refuses a run without checkpoints and records nothing', async () => {
    const experimentId = wb.store.experiments.create({ name: 'empty' });
    const bare = wb.store.runs.create({
      experimentId,
      name: 'bare',
      task: 'arithmetic',
      maskMode: 'all',
      seed: 0,
      config: {},
    });
    const res = await api('analysis.start', { runId: bare, kind: 'overlap' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('not_found');
    expect(wb.store.analysisResults.list(bare)).toEqual([]);
  });
});
