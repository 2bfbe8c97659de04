import { describe, expect, it } from 'vitest';
import type { MetricPoint, Run } from '../../../../src-main/contract/entities';
import { appendPoints, applyPoints } from '../../../../src-renderer/src/lib/live';

const pt = (step: number, value: number): MetricPoint => ({ step, wallTime: step, value });

describe('appendPoints', () => {
  it('appends only points past the last step and adds new keys', () => {
    const series = { a: [pt(1, 1), pt(2, 2)] };
    const next = appendPoints(series, { a: [pt(2, 9), pt(3, 3)], b: [pt(3, 7)] });
    expect(next.a!.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(next.a![1]!.value).toBe(2); // a repeated step keeps the fetched value
    expect(next.b).toEqual([pt(3, 7)]);
    expect(series.a).toHaveLength(2); // input untouched
  });
});

describe('applyPoints', () => {
  const run = {
    step: 10,
    summary: [{ key: 'reward/mean', lastStep: 10, last: 0.5, min: 0.1, max: 0.6 }],
  } as unknown as Run;
  it('updates step, last, min and max of summarised keys', () => {
    const next = applyPoints(run, {
      'reward/mean': [pt(11, 0.05), pt(12, 0.7)],
      other: [pt(13, 1)],
    });
    expect(next.step).toBe(13);
    expect(next.summary).toEqual([
      { key: 'reward/mean', lastStep: 12, last: 0.7, min: 0.05, max: 0.7 },
    ]);
    expect(run.summary[0]!.last).toBe(0.5); // input untouched
  });
});
