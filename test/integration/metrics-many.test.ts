// metrics.getMany through dispatch: validated at the edge (a cap on runIds with a clear error),
// unknown runs named, and the same series as metrics.get plus full-resolution summaries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Request } from '../../src-main/contract/api';
import { MAX_RUNS_PER_METRICS_CALL } from '../../src-main/contract/entities';
import type { RunMetrics } from '../../src-main/contract/entities';
import type { Result } from '../../src-main/contract/result';
import type { Workbench } from '../../src-main/services/workbench';
import { openWorkbench } from '../../src-main/services/workbench';
import { seedDemoDatabase } from '../fixtures/seed';

let dir: string;
let wb: Workbench;
let ids: ReturnType<typeof seedDemoDatabase>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-many-'));
  const path = join(dir, 'demo.db');
  ids = seedDemoDatabase(path);
  wb = openWorkbench({ dbPath: path, transport: 'http' });
});
afterEach(() => {
  wb.close();
  rmSync(dir, { recursive: true, force: true });
});

const getMany = async (request: Request<'metrics.getMany'>) =>
  (await wb.call('metrics.getMany', request)) as Result<RunMetrics[]>;

describe('metrics.getMany', () => {
  it('answers what metrics.get answers for each run, plus its summaries, in the order asked', async () => {
    const runIds = [ids.runs['top-20']!, ids.runs['all-tokens']!, ids.runs['top-10']!];
    const many = await getMany({ runIds, maxPoints: 100 });
    if (!many.ok) throw new Error(many.error.message);
    expect(many.value.map((r) => r.runId)).toEqual(runIds);
    for (const r of many.value) {
      const one = await wb.call('metrics.get', { runId: r.runId, maxPoints: 100 });
      expect(one.ok && one.value).toEqual(r.series);
      expect(r.summaries).toEqual(wb.store.metrics.summaries(r.runId));
      expect(r.summaries.map((s) => s.key)).toEqual(r.series.map((s) => s.key));
    }
  });

  it('keeps an extreme that thinning drops in the summary', async () => {
    const run = ids.runs['all-tokens']!;
    // A spike on an odd step of a 200-step series: maxPoints 100 keeps only even steps.
    wb.store.metrics.insert(run, [{ key: 'reward/mean', step: 77, value: 9 }]);
    const r = await getMany({
      runIds: [run],
      keys: ['reward/mean'],
      maxPoints: 100,
    });
    if (!r.ok) throw new Error(r.error.message);
    const [only] = r.value;
    expect(only!.series[0]!.points.some((p) => p.step === 77)).toBe(false);
    expect(only!.summaries).toEqual([expect.objectContaining({ key: 'reward/mean', max: 9 })]);
  });

  it('refuses more than the cap, an empty list and unknown runs with named fields', async () => {
    const tooMany = Array.from({ length: MAX_RUNS_PER_METRICS_CALL + 1 }, (_, i) => i + 1);
    expect(await getMany({ runIds: tooMany })).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        field: 'runIds',
        message: `runIds: at most ${MAX_RUNS_PER_METRICS_CALL} runs per call; ask in batches`,
      },
    });
    expect(await getMany({ runIds: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'runIds' },
    });
    expect(await getMany({ runIds: [ids.runs['top-20']!, 9999], maxPoints: 10 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'maxPoints' },
    });
    expect(await getMany({ runIds: [ids.runs['top-20']!, 9999] })).toEqual({
      ok: false,
      error: { code: 'not_found', field: 'runIds.1', message: 'run 9999 does not exist' },
    });
  });
});
