// Reward shaping and group filtering from DAPO.

/**
 * Overlong reward shaping (DAPO; verl's dapo reward manager): responses longer than
 * maxLength − buffer get a linear penalty from 0 down to −penaltyFactor at maxLength.
 * Returns the (non-positive) amount to add to the reward.
 */
export function overlongPenalty(
  length: number,
  maxLength: number,
  buffer: number,
  penaltyFactor: number,
): number {
  if (buffer <= 0 || penaltyFactor === 0) return 0;
  const expected = maxLength - buffer;
  const exceed = length - expected;
  if (exceed <= 0) return 0;
  return -Math.min(exceed / buffer, 1) * penaltyFactor;
}

/**
 * Dynamic sampling (DAPO, filter metric "acc"): indices of groups with 0 < #correct < G, i.e.
 * groups whose advantages are not all zero.
 */
export function informativeGroups(correct: readonly boolean[], groupSize: number): number[] {
  const kept: number[] = [];
  for (let g = 0; g * groupSize < correct.length; g++) {
    const group = correct.slice(g * groupSize, (g + 1) * groupSize);
    const wins = group.filter(Boolean).length;
    if (wins > 0 && wins < group.length) kept.push(g);
  }
  return kept;
}

/** KL(π‖π_ref) per token with the k3 estimator (Schulman): exp(r) − r − 1, r = log π_ref − log π. */
export function klK3(logProb: number, refLogProb: number): number {
  const r = refLogProb - logProb;
  return Math.exp(r) - r - 1;
}
