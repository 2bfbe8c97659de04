import { describe, expect, it } from 'vitest';
import { spreadEvenly } from '../../../../src-main/runner/host/trainer-host';

describe('checkpoint retention', () => {
  it('keeps everything when there are few checkpoints', () => {
    expect(spreadEvenly([30, 10, 20], 6)).toEqual([30, 10, 20]);
  });

  it('keeps the first and last and spreads the rest evenly', () => {
    const steps = Array.from({ length: 11 }, (_, i) => i * 10); // 0..100
    expect(spreadEvenly(steps, 6)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('never returns duplicates', () => {
    expect(spreadEvenly([1, 2, 3, 4, 5, 6, 7], 6)).toEqual([1, 2, 3, 5, 6, 7]);
  });
});
