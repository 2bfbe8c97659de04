import { beforeEach, expect, test, vi } from 'vitest';
import { installFakeClient, notFound } from '../../support/fake-client';
import { makeDetail, makeRun, points } from '../../support/runs';

vi.mock('../../../../../src-renderer/src/api/client', () => import('../../support/fake-client'));

const { RunPage } = await import('../../../../../src-renderer/src/features/run/run-page.svelte');
const { toasts } = await import('../../../../../src-renderer/src/ui/toasts.svelte');

let fake: ReturnType<typeof installFakeClient>;
beforeEach(() => {
  fake = installFakeClient();
  fake.answer('runs.get', ({ id }) => ({
    ok: true,
    value: makeDetail(id, { step: 2, metricKeys: ['reward/mean'] }),
  }));
  fake.answer('metrics.get', ({ runId }) => ({
    ok: true,
    value: [
      {
        runId,
        key: 'reward/mean',
        points: points([
          [1, 0.1],
          [2, 0.2],
        ]),
      },
    ],
  }));
  fake.answer('experiments.get', ({ id }) => ({
    ok: true,
    value: { id, name: 'rho sweep', runs: [] } as never,
  }));
});

test('load fills the run, its series by key and the experiment name', async () => {
  const page = new RunPage(12);
  await page.load();
  expect(page.loading).toBe(false);
  expect(page.detail?.name).toBe('run-12');
  expect(page.series['reward/mean']?.map((p) => p.value)).toEqual([0.1, 0.2]);
  expect(page.experimentName).toBe('rho sweep');
  expect(page.error).toBeNull();
  // A second load (retry, resync) does not ask for the experiment again.
  await page.load();
  expect(fake.calls.filter((c) => c.method === 'experiments.get')).toHaveLength(1);
});

test('a missing run is an error; failed metrics keep the run and say why', async () => {
  fake.answer('runs.get', ({ id }) => notFound(`run ${id} does not exist`));
  const missing = new RunPage(5);
  await missing.load();
  expect(missing.error).toEqual({ code: 'not_found', message: 'run 5 does not exist' });
  expect(missing.detail).toBeNull();

  fake.answer('runs.get', ({ id }) => ({ ok: true, value: makeDetail(id) }));
  fake.answer('metrics.get', () => notFound('no metrics'));
  const page = new RunPage(6);
  await page.load();
  expect(page.detail?.id).toBe(6);
  expect(page.metricsError?.message).toBe('no metrics');
});

test('events append points, advance the step, add new keys, merge updates and flag deletion', async () => {
  const page = new RunPage(12);
  const stop = page.start();
  await vi.waitFor(() => expect(page.detail).not.toBeNull());

  fake.emit({ type: 'metrics.appended', runId: 99, points: { 'reward/mean': points([[3, 9]]) } });
  expect(page.series['reward/mean']).toHaveLength(2); // another run's points

  fake.emit({
    type: 'metrics.appended',
    runId: 12,
    points: { 'reward/mean': points([[3, 0.3]]), accuracy: points([[3, 0.5]]) },
  });
  expect(page.series['reward/mean']?.map((p) => p.step)).toEqual([1, 2, 3]);
  expect(page.series['accuracy']?.map((p) => p.value)).toEqual([0.5]);
  expect(page.detail?.step).toBe(3);
  expect(page.detail?.metricKeys).toEqual(['reward/mean', 'accuracy']);

  fake.emit({ type: 'run.updated', run: makeRun(12, { status: 'finished', step: 3 }) });
  expect(page.detail?.status).toBe('finished');
  expect(page.detail?.metricKeys).toEqual(['reward/mean', 'accuracy']); // detail fields kept

  fake.emit({ type: 'run.deleted', runId: 12 });
  expect(page.deleted).toBe(true);

  stop();
  expect(fake.listenerCount()).toBe(0);
});

test('update merges what the server saved, or toasts why it could not', async () => {
  fake.answer('runs.update', ({ id, tags }) => ({ ok: true, value: makeRun(id, { tags }) }));
  const page = new RunPage(12);
  await page.load();
  expect(await page.update({ tags: ['best'] }, 'tags')).toBe(true);
  expect(page.detail?.tags).toEqual(['best']);

  fake.answer('runs.update', () => ({
    ok: false,
    error: { code: 'invalid_request', message: 'too long', field: 'notes' },
  }));
  expect(await page.update({ notes: 'x'.repeat(9) }, 'notes')).toBe(false);
  expect(toasts.items.at(-1)).toMatchObject({
    kind: 'error',
    title: 'Could not save notes',
    message: 'Invalid request: too long (field: notes)',
  });
});
