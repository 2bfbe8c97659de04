// Sweep run names say each setting once: an arm that sets the mask is not followed by the mask
// again ("all tokens all · seed 2" was the bug), while the grid's own keys are still named.
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../../../src-main/contract/config/sweep';

const base = { mask: { mode: 'top', rho: 1 }, seed: 0, rl: { lr: 1e-3 } };
const arms = [
  { name: 'all tokens', overrides: { 'mask.mode': 'all' } },
  { name: 'top 20%', overrides: { 'mask.mode': 'top', 'mask.rho': 0.2 } },
];

describe('sweep run names', () => {
  it('an arm that sets the mask does not repeat it', () => {
    const names = planSweep({ base, arms, grid: { seed: [1, 2] } }).map((r) => r.name);
    expect(names).toEqual([
      'all tokens · seed 1',
      'all tokens · seed 2',
      'top 20% · seed 1',
      'top 20% · seed 2',
    ]);
  });

  it('grid keys other than the mask are still named after the arm', () => {
    const names = planSweep({ base, arms, grid: { 'rl.lr': [1e-3, 3e-4] } }).map((r) => r.name);
    expect(names).toEqual([
      'all tokens lr=0.001',
      'all tokens lr=0.0003',
      'top 20% lr=0.001',
      'top 20% lr=0.0003',
    ]);
  });

  it('without arms the mask is named from the config', () => {
    const names = planSweep({ base, grid: { 'mask.mode': ['all', 'top'], seed: [1] } }).map(
      (r) => r.name,
    );
    expect(names).toEqual(['all', 'top ρ=1']);
  });
});
