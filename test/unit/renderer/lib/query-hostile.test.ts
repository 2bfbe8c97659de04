// The query box against pathological input: LIKE with many %, deep nesting, huge input.
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../../src-main/contract/entities';
import { evaluateQuery, likeMatches, parseQuery } from '../../../../src-renderer/src/lib/query';

const run = { id: 1, name: 'a'.repeat(40), tags: [], config: {}, summary: [] } as unknown as Run;

/** The old regex translation: correct, but exponential on many %. Reference on short input. */
function likeByRegex(text: string, pattern: string): boolean {
  const esc = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc.replace(/%/g, '.*').replace(/_/g, '.')}$`, 's').test(text);
}

describe('LIKE', () => {
  it('agrees with the regex translation on 3000 seeded random cases', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = (alphabet: string, len: number) =>
      Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const text = pick('ab.', rand(8));
      const pattern = pick('ab%_.', rand(6));
      expect(likeMatches(text, pattern), `${text} LIKE ${pattern}`).toBe(
        likeByRegex(text, pattern),
      );
    }
  });

  it('eleven % against a long name answers at once (it took 4.9 s)', () => {
    const q = parseQuery(`name LIKE '${'%a'.repeat(11)}%b'`);
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    const t0 = performance.now();
    expect(evaluateQuery(q.node, run)).toBe(false);
    const slow = performance.now() - t0;
    // The same query with one % is the baseline; 11 must stay within a small factor of it.
    const one = parseQuery(`name LIKE '%b'`);
    if (!one.ok) return;
    const t1 = performance.now();
    for (let i = 0; i < 10; i++) evaluateQuery(one.node, run);
    const base = (performance.now() - t1) / 10;
    expect(slow).toBeLessThan(Math.max(50, base * 1000));
  });
});

describe('nesting and size', () => {
  it('deep parentheses and NOT chains get a message, not a RangeError', () => {
    for (const q of [
      `${'('.repeat(50_000)}name = 1${')'.repeat(50_000)}`,
      `${'NOT '.repeat(20_000)}name = 1`,
    ]) {
      const r = parseQuery(q.slice(0, 3900));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/nested deeper than 32 levels/);
    }
    expect(parseQuery(`${'('.repeat(32)}name = 1${')'.repeat(32)}`).ok).toBe(true);
  });

  it('refuses an over-long query and a NUL', () => {
    const long = parseQuery(`name = '${'x'.repeat(5000)}'`);
    expect(!long.ok && long.message).toMatch(/longer than 4000 characters/);
    const nul = parseQuery("name = 'a\u0000'");
    expect(!nul.ok && nul.message).toMatch(/NUL/);
  });
});
