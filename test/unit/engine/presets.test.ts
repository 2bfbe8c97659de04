import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { getBaseModel } from '../../../src-main/engine/base-models';
import { PRESETS, getPreset, modelConfigFor } from '../../../src-main/engine/presets';

describe('presets', () => {
  it('every run of every preset is a valid config', () => {
    for (const preset of PRESETS) {
      for (const run of preset.runs) {
        const r = parseRunConfig(run.overrides);
        expect(r.ok ? '' : `${preset.id}/${run.name}: ${r.message}`).toBe('');
      }
    }
  });
  it('the rho ablation covers top 10/20/50/100%, bottom 80% and random 20%', () => {
    const runs = getPreset('rho-ablation')!.runs.map((r) => parseRunConfig(r.overrides));
    const masks = runs.map((r) => (r.ok ? `${r.value.mask.mode}:${r.value.mask.rho}` : 'bad'));
    expect(masks).toEqual(['top:0.1', 'top:0.2', 'top:0.5', 'all:1', 'bottom:0.2', 'random:0.2']);
    expect(getPreset('paper-main')!.runs).toHaveLength(2);
  });
  it('the scaling preset asks the size question: all vs top 20% at three growing sizes', () => {
    const runs = getPreset('scaling')!.runs.map((r) => parseRunConfig(r.overrides));
    const params = (m: ReturnType<typeof modelConfigFor>) =>
      m.nLayers * (4 * m.dModel ** 2 + 2 * m.mlpRatio * m.dModel ** 2) + m.vocabSize * m.dModel;
    const sizes: number[] = [];
    for (const r of runs) {
      if (!r.ok) throw new Error(r.message);
      const base = getBaseModel(String(r.value.base))!;
      expect(r.value.model).toEqual(base.model);
      sizes.push(params(modelConfigFor(r.value.model)));
    }
    expect(runs.map((r) => (r.ok ? r.value.mask.mode : ''))).toEqual([
      'all',
      'top',
      'all',
      'top',
      'all',
      'top',
    ]);
    expect(sizes[0]).toBeLessThan(sizes[2]!);
    expect(sizes[2]).toBeLessThan(sizes[4]!);
  });
});
