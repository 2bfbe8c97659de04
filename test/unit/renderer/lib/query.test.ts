import { describe, expect, it } from 'vitest';
import type { Run } from '../../../../src-main/contract/entities';
import { evaluateQuery, parseQuery } from '../../../../src-renderer/src/lib/query';

const run = (over: Partial<Run> & { config?: Record<string, unknown> }): Run =>
  ({
    id: 1,
    name: 'top20-seed0',
    status: 'finished',
    task: 'countdown',
    maskMode: 'top',
    seed: 0,
    step: 100,
    tags: ['paper'],
    backend: 'wasm',
    config: { mask: { mode: 'top', rho: 0.2 }, rl: { lr: 5e-5 } },
    summary: [{ key: 'accuracy', lastStep: 100, last: 0.6, min: 0.1, max: 0.7 }],
    ...over,
  }) as unknown as Run;

function matches(q: string, r: Run): boolean {
  const p = parseQuery(q);
  if (!p.ok) throw new Error(p.message);
  return evaluateQuery(p.node, r);
}

describe('parseQuery', () => {
  it('parses MLflow-style AND with params and metrics', () => {
    const r = run({});
    expect(matches('params.mask.rho = 0.2 AND metrics.accuracy > 0.5', r)).toBe(true);
    expect(matches('params.mask.rho = 0.2 AND metrics.accuracy > 0.65', r)).toBe(false);
  });

  it('honours OR, NOT and parentheses with AND binding tighter', () => {
    const r = run({});
    expect(matches('params.mask.mode = all OR params.mask.mode = top', r)).toBe(true);
    expect(matches('status = failed OR task = countdown AND seed = 0', r)).toBe(true);
    expect(matches('(status = failed OR task = countdown) AND seed = 1', r)).toBe(false);
    expect(matches('NOT status = failed', r)).toBe(true);
  });

  it('compares strings, quoted values, LIKE and tags', () => {
    const r = run({});
    expect(matches("name LIKE 'top%'", r)).toBe(true);
    expect(matches('name ILIKE "TOP20%"', r)).toBe(true);
    expect(matches('tag = paper', r)).toBe(true);
    expect(matches('tag != paper', r)).toBe(false);
    expect(matches('tags.paper = true', r)).toBe(true);
    expect(matches('metrics.accuracy.max >= 0.7', r)).toBe(true);
    expect(matches('params.rl.lr < 1e-4', r)).toBe(true);
    expect(matches('metrics.`accuracy` = 0.6', r)).toBe(true);
  });

  it('never matches a missing value', () => {
    expect(matches('metrics.reward/mean > 0', run({}))).toBe(false);
    expect(matches('params.nope = 1', run({}))).toBe(false);
  });

  it('empty matches everything', () => {
    const p = parseQuery('   ');
    expect(p).toEqual({ ok: true, node: null });
  });

  it('reports parse errors with a position', () => {
    const cases: [string, RegExp][] = [
      ['params.mask.rho =', /expected a value/],
      ['(status = failed', /missing “\)”/],
      ['status = failed)', /unmatched/],
      ['bogus = 1', /unknown field “bogus”/],
      ['status failed', /expected an operator/],
      ["name = 'open", /unterminated/],
      ['status = a AND', /expected a condition/],
      ['params. = 1', /needs a name|unknown field/],
    ];
    for (const [q, re] of cases) {
      const p = parseQuery(q);
      expect(p.ok, q).toBe(false);
      if (!p.ok) {
        expect(p.message).toMatch(re);
        expect(p.position).toBeGreaterThanOrEqual(0);
        expect(p.position).toBeLessThanOrEqual(q.length);
      }
    }
  });
});
