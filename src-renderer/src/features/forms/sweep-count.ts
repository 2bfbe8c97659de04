// How many runs a sweep form would queue, by multiplication (no expansion), and the message
// when that is more than the server accepts. Pasting long value lists must not freeze the page.

import { MAX_SWEEP_RUNS } from '@contract/config/sweep';

/** The most runs one sweep may queue (the server refuses more). */
export { MAX_SWEEP_RUNS };

/** arms × seeds × every axis length (Infinity past 2^1024; never builds a combination). */
export function sweepRunCount(arms: number, seeds: number, axisLengths: readonly number[]): number {
  return axisLengths.reduce((n, len) => n * len, Math.max(1, arms) * seeds);
}

/** The error for a sweep over the limit, or null. */
export function sweepSizeError(count: number): string | null {
  if (count <= MAX_SWEEP_RUNS) return null;
  const shown = count > 1e15 ? 'more than 10^15' : String(count);
  return `the sweep expands to ${shown} runs (at most ${MAX_SWEEP_RUNS})`;
}
