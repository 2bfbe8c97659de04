import { describe, expect, it } from 'vitest';
import {
  defaultRunConfig,
  parseRunConfig,
  runConfigFields,
} from '../../../src-main/contract/run-config';

function fails(input: unknown, field: string, message?: RegExp) {
  const r = parseRunConfig(input);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.field).toBe(field);
  expect(r.message.startsWith(`${field}: `)).toBe(true);
  if (message) expect(r.message).toMatch(message);
}

describe('run config', () => {
  it('fills the paper / DAPO defaults', () => {
    const c = defaultRunConfig();
    expect(c.rl.epsLow).toBe(0.2);
    expect(c.rl.epsHigh).toBe(0.28);
    expect(c.rl.temperature).toBe(1);
    expect(c.rl.klCoef).toBe(0);
    expect(c.rl.entropyCoef).toBe(0);
    expect(c.rl.gradClip).toBe(1);
    expect(c.rl.dynamicSampling).toBe(true);
    expect(c.mask).toEqual({
      mode: 'top',
      rho: 0.2,
      thresholdScope: 'microbatch',
      normalizer: 'selected',
    });
    expect(c.model.contextLength).toBe(128);
  });

  it('accepts a partial override', () => {
    const r = parseRunConfig({ task: 'arithmetic', mask: { mode: 'all' }, rl: { groupSize: 4 } });
    expect(r.ok && r.value.mask.mode === 'all' && r.value.rl.groupSize === 4).toBe(true);
  });

  it('every field has a description, a unit and a default', () => {
    expect(runConfigFields.length).toBeGreaterThan(30);
    const defaults = defaultRunConfig() as unknown as Record<string, unknown>;
    for (const f of runConfigFields) {
      expect(f.description.length).toBeGreaterThan(5);
      expect(typeof f.unit).toBe('string');
      const value = f.path
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], defaults);
      expect(value).toEqual(f.default);
    }
  });

  it('refuses bad values, naming the field', () => {
    fails({ mask: { rho: 0 } }, 'mask.rho', /must be in \(0, 1\]/);
    fails({ mask: { rho: 1.2 } }, 'mask.rho', /must be in \(0, 1\]/);
    fails({ rl: { lr: -1e-4 } }, 'rl.lr');
    fails({ rl: { lr: NaN } }, 'rl.lr');
    fails({ rl: { lr: '1e-4' } }, 'rl.lr');
    fails({ rl: { steps: 2.5 } }, 'rl.steps');
    fails({ task: 'chess' }, 'task');
    fails({ mask: { mode: 'middle' } }, 'mask.mode');
    fails({ rl: { groupSize: 1 } }, 'rl.groupSize');
    fails(
      { rl: { promptsPerStep: 16, groupSize: 8, microBatchSize: 48 } },
      'rl.microBatchSize',
      /divide/,
    );
    fails({ rl: { promptsPerStep: 16, miniBatches: 3 } }, 'rl.miniBatches');
    fails({ model: { contextLength: 64 } }, 'model.contextLength', /at least 107/);
    fails(
      { task: 'arithmetic', model: { contextLength: 110 } },
      'model.contextLength',
      /at least 121/,
    );
    fails({ model: { dModel: 100, heads: 8 } }, 'model.heads');
    fails({ rl: { dualClipC: 0.5 } }, 'rl.dualClipC');
    fails({ eval: { benchmarks: ['arith-hard'] } }, 'eval.benchmarks.0', /unknown benchmark/);
    fails({ rl: { overlongBuffer: 200 } }, 'rl.overlongBuffer');
  });

  it('refuses unknown keys, naming the key', () => {
    fails({ learningRate: 1 }, 'learningRate', /unknown field/);
    fails({ mask: { ratio: 0.2 } }, 'mask.ratio', /unknown field/);
  });
});
