import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src-main/engine/rng';
import {
  entropyOf,
  logProbsFromMap,
  sampleTopP,
  temper,
  topAlternatives,
  twoTemperature,
} from '../../../src-main/llm/distribution';
import { lastBoxed, verifyBoxed } from '../../../src-main/llm/verify';

describe('full-vocabulary distributions', () => {
  const logits = [2, 1, 0.5, -1, -3];
  const softmax = (xs: number[]) => {
    const m = Math.max(...xs);
    const e = xs.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const p1 = softmax(logits);
  const map = new Map(p1.map((p, t) => [t, p]));

  it('tempering the T=1 distribution equals softmax(logits / T), entropy −Σ p log p', () => {
    const logp = logProbsFromMap(map, 5);
    for (const T of [0.3, 0.6, 1, 2]) {
      const direct = softmax(logits.map((z) => z / T));
      const tempered = temper(logp, T);
      tempered.forEach((lp, i) => expect(Math.exp(lp)).toBeCloseTo(direct[i] as number, 12));
      expect(entropyOf(tempered)).toBeCloseTo(-direct.reduce((h, p) => h + p * Math.log(p), 0), 12);
    }
  });

  it('tokens missing from the map count as probability 0', () => {
    const logp = logProbsFromMap(
      new Map([
        [0, 0.5],
        [2, 0.5],
      ]),
      4,
    );
    expect(logp[1]).toBe(-Infinity);
    expect(entropyOf(logp)).toBeCloseTo(Math.log(2), 12);
  });

  it('top alternatives are ordered by probability; top-p keeps the nucleus only', () => {
    const logp = logProbsFromMap(map, 5);
    expect(topAlternatives(logp, 2).map((a) => a.token)).toEqual([0, 1]);
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(sampleTopP(logp, 0.7, rng));
    expect([...seen].sort()).toEqual([0, 1]); // p0 ≈ 0.61, p0 + p1 ≈ 0.83: two tokens reach 0.7
    const all = new Set<number>();
    for (let i = 0; i < 3000; i++) all.add(sampleTopP(logp, 1, rng));
    expect(all.size).toBe(5);
  });

  it('the two-temperature sampler switches exactly above the threshold', () => {
    expect(twoTemperature(0.672, 0.672, 2, 1)).toBe(1);
    expect(twoTemperature(0.6720001, 0.672, 2, 1)).toBe(2);
    expect(twoTemperature(0, 0.672, 2, 0.5)).toBe(0.5);
  });
});

describe('boxed-answer verifier', () => {
  it('reads the last balanced box and compares numbers and text', () => {
    expect(lastBoxed('first \\boxed{1} then \\boxed{\\frac{1}{2}}')).toBe('\\frac{1}{2}');
    expect(verifyBoxed('so \\boxed{0.5}', '1/2').correct).toBe(true);
    expect(verifyBoxed('\\boxed{1,000}', '1000').correct).toBe(true);
    expect(verifyBoxed('\\boxed{ 18 }.', '18').correct).toBe(true);
    expect(verifyBoxed('\\boxed{19}', '18')).toMatchObject({ correct: false, extracted: '19' });
    expect(verifyBoxed('the answer is 18', '18')).toMatchObject({
      correct: false,
      reason: 'no \\boxed{} answer',
    });
    expect(verifyBoxed('\\boxed{x+1', '18').extracted).toBeNull();
  });
});
