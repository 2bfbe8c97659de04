// The sweep form counts runs before expanding them: long pasted lists must not freeze the page.
import { describe, expect, it } from 'vitest';
import {
  MAX_SWEEP_RUNS,
  sweepRunCount,
  sweepSizeError,
} from '../../../../../src-renderer/src/features/forms/sweep-count';

describe('sweep size', () => {
  it('counts arms × seeds × axes without expanding, and refuses over the limit', () => {
    const t0 = performance.now();
    const count = sweepRunCount(4, 100, [100, 100, 100]);
    expect(count).toBe(400_000_000);
    expect(sweepSizeError(count)).toBe('the sweep expands to 400000000 runs (at most 500)');
    expect(performance.now() - t0).toBeLessThan(50);
    expect(sweepSizeError(sweepRunCount(0, 1, Array(200).fill(1000)))).toMatch(/more than 10\^15/);
  });

  it('lets exactly the limit through', () => {
    expect(sweepRunCount(0, 20, [25])).toBe(MAX_SWEEP_RUNS);
    expect(sweepSizeError(MAX_SWEEP_RUNS)).toBeNull();
    expect(sweepSizeError(sweepRunCount(2, 20, [25]))).toMatch(/expands to 1000 runs/);
  });
});
