import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDuration,
  formatInt,
  formatNumber,
  runDuration,
} from '../../../../src-renderer/src/lib/format';

describe('formatNumber (3 significant digits)', () => {
  it.each([
    [0.123456, '0.123'],
    [0.5, '0.500'],
    [1, '1.00'],
    [12.345, '12.3'],
    [123.456, '123'],
    [4096, '4096'],
    [99_999.4, '99999'],
    [99_999.6, '1.00e5'],
    [1234.5, '1235'],
    [99.96, '100'],
    [123_456, '1.23e5'],
    [0.00012345, '1.23e-4'],
    [-0.0421, '−0.0421'],
    [0, '0'],
  ])('%s → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('names missing and non-finite values', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});

describe('formatInt', () => {
  it('groups thousands', () => {
    expect(formatInt(1234567)).toBe('1\u202f234\u202f567');
    expect(formatInt(300)).toBe('300');
    expect(formatInt(null)).toBe('—');
  });
});

describe('formatAge', () => {
  const now = Date.parse('2025-06-03T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  it.each([
    [2_000, 'just now'],
    [42_000, '42 s ago'],
    [3 * 60_000 + 5_000, '3 min ago'],
    [5 * 3_600_000, '5 h ago'],
    [2 * 86_400_000, '2 d ago'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatAge(ago(ms), now)).toBe(text);
  });
  it('falls back to a date after a month, and a dash for nothing', () => {
    expect(formatAge(ago(40 * 86_400_000), now)).toMatch(/^2025-04-2\d$/);
    expect(formatAge(null, now)).toBe('—');
    expect(formatAge('not a date', now)).toBe('—');
  });
});

describe('durations', () => {
  it('formats spans', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000 + 3_000)).toBe('12 min 3 s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(-1)).toBe('—');
  });
  it('measures a running run up to now', () => {
    const now = Date.parse('2025-06-03T12:00:00Z');
    expect(runDuration('2025-06-03T11:59:00Z', null, now)).toBe('1 min 0 s');
    expect(runDuration('2025-06-03T11:00:00Z', '2025-06-03T11:00:30Z', now)).toBe('30 s');
    expect(runDuration(null, null, now)).toBe('—');
  });
});
