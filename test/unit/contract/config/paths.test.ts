import { describe, expect, it } from 'vitest';
import {
  flattenConfig,
  getPath,
  mergeDeep,
  setPath,
} from '../../../../src-main/contract/config/paths';

describe('config paths', () => {
  it('reads, writes and flattens dotted paths, arrays whole', () => {
    const c: Record<string, unknown> = { mask: { mode: 'top' }, eval: { benchmarks: ['a', 'b'] } };
    setPath(c, 'mask.rho', 0.2);
    setPath(c, 'rl.clip.high', 0.28);
    expect(getPath(c, 'mask.rho')).toBe(0.2);
    expect(getPath(c, 'rl.clip.high')).toBe(0.28);
    expect(getPath(c, 'mask.rho.deeper')).toBeUndefined();
    expect(getPath(c, 'nothing.here')).toBeUndefined();
    expect(flattenConfig(c)).toEqual({
      'mask.mode': 'top',
      'mask.rho': 0.2,
      'eval.benchmarks': ['a', 'b'],
      'rl.clip.high': 0.28,
    });
  });

  it('refuses paths and keys that reach the prototype', () => {
    for (const bad of ['__proto__.polluted', 'a.constructor.prototype', 'mask.prototype', 'a..b'])
      expect(() => setPath({}, bad, 1)).toThrow(/config path/);
    expect(() => mergeDeep({}, JSON.parse('{"__proto__": {"polluted": 1}}'))).toThrow(
      /"__proto__" is not allowed/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(getPath({}, 'constructor')).toBeUndefined();
    expect(getPath({ a: 1 }, '__proto__')).toBeUndefined();
  });

  it('merges objects key by key and leaves its inputs alone', () => {
    const base = { mask: { mode: 'top', rho: 0.2 }, seed: 1 };
    const merged = mergeDeep(base, { mask: { rho: 0.5 }, tags: ['x'] });
    expect(merged).toEqual({ mask: { mode: 'top', rho: 0.5 }, seed: 1, tags: ['x'] });
    expect(base.mask.rho).toBe(0.2);
  });
});
