import { beforeEach, expect, test, vi } from 'vitest';
import type { RolloutStepInfo } from '@contract';
import { installFakeClient, notFound } from '../../support/fake-client';
import { makeRun } from '../../support/runs';

vi.mock('../../../../../src-renderer/src/api/client', () => import('../../support/fake-client'));

const { StepLens, exactOrNewest, nearestOrNewest } =
  await import('../../../../../src-renderer/src/features/lens/step-lens.svelte');

const stored = [10, 20, 40].map((step) => ({ step }) as RolloutStepInfo);
const urls: string[] = [];
vi.stubGlobal('history', {
  replaceState: (_s: unknown, _t: string, url: string) => urls.push(url),
});

let fake: ReturnType<typeof installFakeClient>;
beforeEach(() => {
  urls.length = 0;
  fake = installFakeClient();
  fake.answer('runs.get', ({ id }) => ({
    ok: true,
    value: { ...makeRun(id), params: {}, metricKeys: [] },
  }));
  fake.answer('rollouts.steps', () => ({ ok: true, value: stored }));
});

/** A lens whose data for step N is "data N", answered when `release(N)` is called. */
function deferredLens(choose = exactOrNewest) {
  const pending = new Map<number, () => void>();
  const lens = new StepLens<string>({
    runId: 3,
    page: 'rules',
    choose,
    fetch: (step) =>
      new Promise((resolve) =>
        pending.set(step, () =>
          resolve(step === 99 ? notFound('no step 99') : { ok: true, value: `data ${step}` }),
        ),
      ),
  });
  const release = async (step: number) => {
    await vi.waitFor(() => expect(pending.has(step)).toBe(true));
    pending.get(step)!();
  };
  return { lens, release };
}

test('the first step: the route’s when stored, else the newest; or the nearest stored one', () => {
  expect(exactOrNewest(stored, 20)?.step).toBe(20);
  expect(exactOrNewest(stored, 25)?.step).toBe(40);
  expect(exactOrNewest(stored, null)?.step).toBe(40);
  expect(nearestOrNewest(stored, 25)?.step).toBe(20);
  expect(nearestOrNewest(stored, 31)?.step).toBe(40);
  expect(nearestOrNewest(stored, null)?.step).toBe(40);
  expect(nearestOrNewest([], 5)).toBeUndefined();
});

test('load fetches the run, its steps and the chosen step, without touching the route', async () => {
  const { lens, release } = deferredLens();
  const loaded = lens.load(20);
  await release(20);
  await loaded;
  expect(lens.run?.id).toBe(3);
  expect(lens.steps).toEqual(stored);
  expect(lens.step).toBe(20);
  expect(lens.data).toBe('data 20');
  expect(lens.loading).toBe(false);
  expect(urls).toEqual([]);
});

test('a newer pick wins over a slower older one; picks write the step into the route', async () => {
  const { lens, release } = deferredLens();
  const older = lens.pick(10);
  const newer = lens.pick(40);
  await release(40);
  expect(await newer).toBe(true);
  await release(10);
  expect(await older).toBe(false);
  expect(lens.data).toBe('data 40');
  expect(lens.step).toBe(40);
  expect(urls).toEqual(['#/runs/3/rules?step=10', '#/runs/3/rules?step=40']);
});

test('a failed step or step list is the error; a later good pick clears it', async () => {
  const { lens, release } = deferredLens();
  const bad = lens.pick(99, false);
  await release(99);
  expect(await bad).toBe(false);
  expect(lens.error?.message).toBe('no step 99');
  const good = lens.pick(10, false);
  await release(10);
  await good;
  expect(lens.error).toBeNull();

  fake.answer('rollouts.steps', () => notFound('run 3'));
  const other = deferredLens().lens;
  await other.load(null);
  expect(other.error?.message).toBe('run 3');
  expect(other.steps).toBeNull();
});
