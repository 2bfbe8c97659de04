import { describe, expect, it } from 'vitest';
import type { Run } from '../../../../../src-main/contract/entities';
import { nextSort, sortRuns } from '../../../../../src-renderer/src/features/browser/sort';

const run = (id: number, name: string, reward: number | null, status: Run['status']): Run =>
  ({
    id,
    name,
    status,
    seed: id,
    step: reward === null ? null : id * 10,
    createdAt: `2025-01-0${id}T00:00:00Z`,
    config: {},
    maskMode: 'top',
    summary:
      reward === null ? [] : [{ key: 'reward/mean', lastStep: 1, last: reward, min: 0, max: 1 }],
  }) as unknown as Run;

const runs = [
  run(1, 'b-run', 0.5, 'finished'),
  run(2, 'a-run', null, 'queued'),
  run(3, 'C-run', 0.9, 'running'),
];

describe('sortRuns', () => {
  it('sorts by a metric, missing values last in both directions', () => {
    expect(sortRuns(runs, { key: 'reward', dir: -1 }).map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortRuns(runs, { key: 'reward', dir: 1 }).map((r) => r.id)).toEqual([1, 3, 2]);
  });
  it('sorts names case-insensitively and status by urgency', () => {
    expect(sortRuns(runs, { key: 'name', dir: 1 }).map((r) => r.name)).toEqual([
      'a-run',
      'b-run',
      'C-run',
    ]);
    expect(sortRuns(runs, { key: 'status', dir: 1 }).map((r) => r.status)).toEqual([
      'running',
      'queued',
      'finished',
    ]);
  });
  it('returns a copy in server order without a spec', () => {
    const out = sortRuns(runs, null);
    expect(out).toEqual(runs);
    expect(out).not.toBe(runs);
  });
});

describe('nextSort', () => {
  it('cycles first direction, reverse, off', () => {
    const a = nextSort(null, 'reward');
    expect(a).toEqual({ key: 'reward', dir: -1 });
    const b = nextSort(a, 'reward');
    expect(b).toEqual({ key: 'reward', dir: 1 });
    expect(nextSort(b, 'reward')).toBeNull();
    expect(nextSort(b, 'name')).toEqual({ key: 'name', dir: 1 });
  });
});
