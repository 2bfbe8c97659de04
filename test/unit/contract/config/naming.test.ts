import { describe, expect, it } from 'vitest';
import { armOf } from '../../../../src-main/contract/config/naming';

describe('armOf', () => {
  it('drops the seed suffix a sweep adds, and nothing else', () => {
    expect(armOf('top 20% · seed 12')).toBe('top 20%');
    expect(armOf('Clip-Cov · seed 0')).toBe('Clip-Cov');
    expect(armOf('seed 3 warm-up')).toBe('seed 3 warm-up');
    expect(armOf('pair-search all')).toBe('pair-search all');
  });
});
