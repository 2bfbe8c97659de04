import { beforeEach, expect, test, vi } from 'vitest';
import { MAX_RUNS_PER_METRICS_CALL } from '@contract/entities';
import type { RunMetrics } from '@contract';
import { installFakeClient, notFound } from '../../support/fake-client';
import { makeRun, points } from '../../support/runs';

vi.mock('../../../../../src-renderer/src/api/client', () => import('../../support/fake-client'));

const { CompareData } =
  await import('../../../../../src-renderer/src/features/compare/compare.svelte');

const metricsOf = (runId: number): RunMetrics => ({
  runId,
  series: [{ runId, key: 'accuracy', points: points([[1, runId / 100]]) }],
  summaries: [{ key: 'accuracy', lastStep: 1, last: runId / 100, min: 0, max: runId / 100 }],
});

let fake: ReturnType<typeof installFakeClient>;
beforeEach(() => {
  fake = installFakeClient();
  fake.answer('runs.get', ({ id }) =>
    id === 404
      ? notFound(`run ${id}`)
      : { ok: true, value: { ...makeRun(id), params: {}, metricKeys: [] } },
  );
  fake.answer('metrics.getMany', ({ runIds }) => ({ ok: true, value: runIds.map(metricsOf) }));
});

async function started(query: string) {
  const data = new CompareData();
  const stop = data.start(new URLSearchParams(query));
  await vi.waitFor(() => expect(data.loading).toBe(false));
  return { data, stop };
}

test('runs=… loads each run in id order with its series and summaries; missing ids are named', async () => {
  const { data } = await started('runs=9,3,404,x,-1');
  expect(data.runs.map((r) => r.id)).toEqual([3, 9]);
  expect(data.series[9]?.['accuracy']?.[0]?.value).toBe(0.09);
  expect(data.summaries[3]?.['accuracy']?.last).toBe(0.03);
  expect(data.error).toBe('Not found: run #404');
});

test('an experiment compares all its runs, batched per metrics call, titled by its name', async () => {
  const n = MAX_RUNS_PER_METRICS_CALL + 5;
  fake.answer('experiments.get', ({ id }) => ({
    ok: true,
    value: {
      id,
      name: 'ρ sweep',
      runs: Array.from({ length: n }, (_, i) => makeRun(i + 1)),
    } as never,
  }));
  const { data } = await started('experiment=7');
  expect(data.title).toBe('ρ sweep');
  expect(data.runs).toHaveLength(n);
  const batches = fake.calls
    .filter((c) => c.method === 'metrics.getMany')
    .map((c) => (c.request as { runIds: number[]; maxPoints: number }).runIds.length);
  expect(batches).toEqual([MAX_RUNS_PER_METRICS_CALL, 5]);
  expect(data.error).toBeNull();
});

test('a failed metrics batch says so while the runs still show', async () => {
  fake.answer('metrics.getMany', () => notFound('gone'));
  const { data } = await started('runs=1,2');
  expect(data.runs.map((r) => r.id)).toEqual([1, 2]);
  expect(data.series[1]).toEqual({});
  expect(data.error).toBe('Could not load metrics: gone');
});

test('live events extend the compared runs only', async () => {
  const { data, stop } = await started('runs=1,2');
  fake.emit({ type: 'metrics.appended', runId: 2, points: { accuracy: points([[2, 0.9]]) } });
  fake.emit({ type: 'metrics.appended', runId: 5, points: { accuracy: points([[2, 0.1]]) } });
  expect(data.series[2]?.['accuracy']?.map((p) => p.value)).toEqual([0.02, 0.9]);
  expect(data.summaries[2]?.['accuracy']).toMatchObject({ last: 0.9, max: 0.9, lastStep: 2 });
  expect(data.series[5]).toBeUndefined();

  fake.emit({ type: 'run.updated', run: makeRun(1, { status: 'finished' }) });
  expect(data.runs.find((r) => r.id === 1)?.status).toBe('finished');
  stop();
  expect(fake.listenerCount()).toBe(0);
});
