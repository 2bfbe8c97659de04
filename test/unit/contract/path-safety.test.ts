// The shared guards against polluting keys, deep nesting and unstorable strings.
import { describe, expect, it } from 'vitest';
import {
  dottedPathProblem,
  getDottedPath,
  payloadProblem,
  setDottedPath,
  stringProblem,
} from '../../../src-main/contract/path-safety';

describe('dotted paths', () => {
  it('refuses __proto__, constructor and prototype in any segment', () => {
    for (const path of ['__proto__.x', 'mask.__proto__.polluted', 'a.constructor', 'prototype'])
      expect(dottedPathProblem(path)).toMatch(/not allowed/);
    expect(dottedPathProblem('mask..rho')).toMatch(/empty segment/);
    expect(dottedPathProblem('mask.rho')).toBeUndefined();
  });

  it('setDottedPath throws instead of reaching Object.prototype', () => {
    const target: Record<string, unknown> = { mask: {} };
    expect(() => setDottedPath(target, 'mask.__proto__.polluted', 1)).toThrow(/__proto__/);
    expect(() => setDottedPath(target, 'constructor.prototype.polluted', 1)).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    setDottedPath(target, 'mask.rho', 0.2);
    expect(target).toEqual({ mask: { rho: 0.2 } });
  });

  it('getDottedPath follows own properties only', () => {
    expect(getDottedPath({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(getDottedPath({ a: {} }, 'a.constructor')).toBeUndefined();
    expect(getDottedPath({}, 'toString')).toBeUndefined();
  });
});

describe('payloadProblem', () => {
  it('finds a __proto__ key that JSON.parse made an own property', () => {
    const payload = JSON.parse('{"config":{"mask":{"__proto__":{"polluted":1}}}}') as unknown;
    expect(payloadProblem(payload)).toEqual({
      field: 'config.mask.__proto__',
      message: 'config.mask.__proto__: key "__proto__" is not allowed',
    });
  });

  it('refuses nesting past the limit without recursing', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const problem = payloadProblem(JSON.parse(deep));
    expect(problem?.message).toMatch(/nested deeper than 32 levels/);
    expect(payloadProblem({ a: [[{ b: 1 }]] })).toBeUndefined();
  });

  it('refuses NUL and lone surrogates in values and keys', () => {
    expect(stringProblem('a\u0000b')).toMatch(/NUL/);
    expect(stringProblem('x\ud800')).toMatch(/surrogate/);
    expect(stringProblem('\udc00x')).toMatch(/surrogate/);
    expect(stringProblem('😀 ok')).toBeUndefined();
    expect(payloadProblem({ search: '\u0000' })?.field).toBe('search');
    expect(payloadProblem({ tags: ['ok', 'bad\ud83d'] })?.field).toBe('tags.1');
    expect(payloadProblem({ ['k\u0000']: 1 })?.message).toMatch(/a key contains a NUL/);
  });
});
