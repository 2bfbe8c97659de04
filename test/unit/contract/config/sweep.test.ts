import { describe, expect, it } from 'vitest';
import { resolvePreset } from '../../../../src-main/contract/config/presets';
import {
  parseGridFlag,
  planSweep,
  stepsSummary,
  validatePlan,
} from '../../../../src-main/contract/config/sweep';
import { defaultRunConfig } from '../../../../src-main/contract/run-config';
import { PRESETS } from '../../../../src-main/engine/presets';

const base = (): Record<string, unknown> =>
  defaultRunConfig() as unknown as Record<string, unknown>;

describe('planSweep', () => {
  it('expands arms × grid × seeds and names runs by what differs', () => {
    const runs = planSweep({
      base: { mask: { mode: 'top', rho: 0.2 }, seed: 1 },
      grid: { 'mask.mode': ['top', 'bottom'] },
      seeds: [0, 1, 2],
    });
    expect(runs.map((r) => r.name)).toEqual([
      'top ρ=0.2 · seed 0',
      'top ρ=0.2 · seed 1',
      'top ρ=0.2 · seed 2',
      'bottom ρ=0.2 · seed 0',
      'bottom ρ=0.2 · seed 1',
      'bottom ρ=0.2 · seed 2',
    ]);
    expect(runs[4]?.config).toEqual({ mask: { mode: 'bottom', rho: 0.2 }, seed: 1 });
  });

  it('names a run that nothing tells apart by task, mask and seed', () => {
    const [only] = planSweep({ base: base(), seeds: [3] });
    expect(only?.name).toMatch(/^\S+ (all|\w+ ρ=[\d.]+) · seed 3$/);
  });

  it('lets a named mask arm speak for the whole mask (never "all tokens all")', () => {
    const runs = planSweep({
      base: base(),
      arms: [
        { name: 'all tokens', overrides: { 'mask.mode': 'all' } },
        { name: 'top 20%', overrides: { 'mask.mode': 'top', 'mask.rho': 0.2 } },
      ],
      seeds: [1, 2],
    });
    expect(runs.map((r) => r.name)).toEqual([
      'all tokens · seed 1',
      'all tokens · seed 2',
      'top 20% · seed 1',
      'top 20% · seed 2',
    ]);
  });

  it('applies grid axes after the arms and `steps` last', () => {
    const preset = resolvePreset(PRESETS.find((p) => p.id === 'quick-ablation')!);
    const b = structuredClone(preset.config) as unknown as Record<string, unknown>;
    (b.rl as Record<string, unknown>).steps = 30;
    const edited = planSweep({ base: b, arms: preset.arms, seeds: [1] });
    expect(edited.map((r) => (r.config.rl as { steps: number }).steps)).toEqual([30, 30, 30, 30]);
    expect(stepsSummary(edited)).toBe('30 steps each');
    const axis = planSweep({ base: b, arms: preset.arms, grid: { 'rl.steps': [5] }, seeds: [1] });
    expect(stepsSummary(axis)).toBe('5 steps each');
    const both = planSweep({ base: b, grid: { 'rl.steps': [5, 9] }, steps: 7 });
    expect(stepsSummary(both)).toBe('7 steps each');
    expect(stepsSummary(planSweep({ base: b, grid: { 'rl.steps': [5, 9] } }))).toBe('5–9 steps');
  });

  it('validates every planned run and names the first refused one', () => {
    const planned = planSweep({ base: base(), grid: { 'mask.rho': [0.2, 2] } });
    const checked = validatePlan(planned);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.invalid.index).toBe(1);
      expect(checked.invalid.field).toBe('mask.rho');
      expect(checked.invalid.message).toMatch(/^mask\.rho: /);
    }
    expect(validatePlan(planSweep({ base: base(), seeds: [1, 2] })).ok).toBe(true);
  });

  it('parses CLI grid flags', () => {
    expect(parseGridFlag('mask.mode=top,bottom')).toEqual(['mask.mode', ['top', 'bottom']]);
    expect(parseGridFlag('rl.lr=1e-3,0.01')).toEqual(['rl.lr', [0.001, 0.01]]);
    expect(() => parseGridFlag('mask.mode')).toThrow(/expected key=value1,value2/);
    expect(() => parseGridFlag('seed=,')).toThrow(/no values/);
  });
});

describe('resolvePreset', () => {
  it('puts what every run shares in the base and only the differences in the arms', () => {
    const def = PRESETS.find((x) => x.id === 'quick-ablation')!;
    const p = resolvePreset(def);
    const first = def.runs[0]!.overrides as { task: string; rl: { steps: number } };
    expect(p.kind).toBe('sweep');
    expect(p.config.rl.steps).toBe(first.rl.steps);
    expect(p.config.task).toBe(first.task);
    expect(p.arms?.map((a) => a.name)).toEqual([
      'all tokens',
      'top 20%',
      'bottom 80%',
      'random 20%',
    ]);
    for (const arm of p.arms ?? [])
      expect(Object.keys(arm.overrides).every((k) => k.startsWith('mask.'))).toBe(true);
  });

  it('plans, for every preset, the configs its definition lists', () => {
    for (const def of PRESETS) {
      const p = resolvePreset(def);
      const planned = planSweep({
        base: p.config as unknown as Record<string, unknown>,
        arms: p.arms,
      });
      const checked = validatePlan(planned);
      expect(checked.ok).toBe(true);
      if (!checked.ok) continue;
      const expected = def.runs.map((r) => validatePlan(planSweep({ base: r.overrides })));
      expect(checked.configs).toEqual(expected.map((e) => (e.ok ? e.configs[0] : null)));
    }
  });
});
