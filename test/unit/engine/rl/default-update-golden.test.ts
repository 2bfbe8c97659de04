// The default config (tokenRule.kind = none) must produce exactly the update it produced before
// the token-rule layer existed: the numbers below were recorded from the pre-rule code (commit
// 955840e) on the same rollouts, weights and RNG, and must match bit for bit.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src-main/engine/backend';
import { oneUpdate, ruleConfig } from './rule-fixture';

beforeAll(async () => {
  await initBackend('wasm');
}, 60_000);

function fingerprint(after: Float32Array[]): number[] {
  let sum = 0;
  let sumSq = 0;
  for (const w of after)
    for (const v of w) {
      sum += v;
      sumSq += v * v;
    }
  return [sum, sumSq, after[0]![3]!, after[after.length - 1]![1]!];
}

describe('default config update', () => {
  it.each([
    ['top 20% per micro-batch', { mode: 'top', rho: 0.2 }],
    ['all tokens', { mode: 'all' }],
  ] as const)(
    '%s: identical to the pre-rule code',
    async (_, mask) => {
      const { stats, after } = await oneUpdate(ruleConfig({ mask }));
      const got = [stats.loss, stats.gradNorm, stats.selected, ...fingerprint(after)];
      expect(got).toEqual(GOLDEN[mask.mode]);
    },
    60_000,
  );
});

const GOLDEN: Record<string, number[]> = {
  top: [
    -0.19374997541308403, 1.0831313617429221, 38, 95.04351125762787, 100.2772032208461,
    -0.01075515616685152, -0.00004999975863029249,
  ],
  all: [
    -0.09037162479944527, 0.4708686948961203, 181, 95.03850785297527, 100.27754416763571,
    -0.01075515616685152, -0.000049999525799648836,
  ],
};
