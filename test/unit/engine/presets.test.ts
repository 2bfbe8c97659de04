import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/run-config';
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
  it('model presets are 0.5–1M parameters', () => {
    const r = parseRunConfig(getPreset('paper-main')!.runs[0]!.overrides);
    if (!r.ok) throw new Error(r.message);
    const m = modelConfigFor(r.value.model);
    const d = m.dModel;
    const params =
      m.nLayers * (4 * d * d + 2 * m.mlpRatio * d * d + 4 * d) +
      m.vocabSize * d +
      m.contextLength * d;
    expect(params).toBeGreaterThan(5e5);
    expect(params).toBeLessThan(1e6);
  });
});
