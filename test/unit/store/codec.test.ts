import { describe, expect, it } from 'vitest';
import {
  decodeFloats,
  decodeTokens,
  encodeFloats,
  encodeTokens,
  fromFloat16Bits,
  toFloat16Bits,
} from '../../../src-main/store/codec';

describe('codec', () => {
  it('float16 matches known bit patterns', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(fromFloat16Bits(0x3555)).toBeCloseTo(0.33325, 5);
    expect(fromFloat16Bits(toFloat16Bits(NaN))).toBeNaN();
  });

  it('float16 round-trips within half-precision error', () => {
    for (const v of [0, 0.001, 0.1, 0.69314, 1.5, 2.302585, 7.9, 100.25]) {
      const back = decodeFloats(encodeFloats([v], 'float16'), 'float16')[0]!;
      expect(Math.abs(back - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 1e-7);
    }
  });

  it('tokens use the narrowest type', () => {
    expect(encodeTokens([0, 255]).dtype).toBe('uint8');
    expect(encodeTokens([-1, 300]).dtype).toBe('int16');
    expect(encodeTokens([70_000]).dtype).toBe('int32');
    const { bytes, dtype } = encodeTokens([1, 40_000, 3]);
    expect(decodeTokens(bytes.subarray(0), dtype)).toEqual([1, 40_000, 3]);
    expect(() => encodeTokens([1.5])).toThrow(/integer/);
  });
});
