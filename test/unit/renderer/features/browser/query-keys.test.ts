// The query box names keys no run has, with the nearest that exists, and completes keys.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../../../src-renderer/src/lib/query';
import {
  completions,
  nearest,
  unknownKeys,
  wordAt,
} from '../../../../../src-renderer/src/features/browser/query-keys';

const known = {
  params: ['mask.mode', 'mask.rho', 'rl.lr', 'seed'],
  metrics: ['accuracy', 'entropy/mean', 'reward/mean'],
  tags: ['baseline', 'paper'],
};
const node = (q: string) => {
  const p = parseQuery(q);
  if (!p.ok) throw new Error(p.message);
  return p.node;
};

describe('unknown keys', () => {
  it('names an unknown metric, param or tag with a did-you-mean', () => {
    expect(unknownKeys(node('metrics.acuracy > 0.5'), known)).toEqual([
      "no metric 'acuracy'; did you mean 'accuracy'?",
    ]);
    expect(unknownKeys(node('params.mask.roh = 0.2 OR tags.papr = true'), known)).toEqual([
      "no param 'mask.roh'; did you mean 'mask.rho'?",
      "no tag 'papr'; did you mean 'paper'?",
    ]);
    expect(unknownKeys(node('NOT params.zzzzzz = 1'), known)).toEqual(["no param 'zzzzzz'"]);
  });

  it('accepts known keys, .min/.max/.last suffixes and attributes', () => {
    expect(
      unknownKeys(
        node('metrics.accuracy.max > 0.5 AND params.seed = 1 AND status = running'),
        known,
      ),
    ).toEqual([]);
    expect(nearest('zz', ['accuracy'])).toBeUndefined();
  });
});

describe('completion', () => {
  it('completes scopes, then the keys of a scope, prefix matches first', () => {
    expect(completions('me', known)).toEqual(['metrics.']);
    expect(completions('metrics.', known)).toEqual([
      'metrics.accuracy',
      'metrics.entropy/mean',
      'metrics.reward/mean',
    ]);
    expect(completions('metrics.mean', known)).toEqual([
      'metrics.entropy/mean',
      'metrics.reward/mean',
    ]);
    expect(completions('params.mask.r', known)).toEqual(['params.mask.rho']);
    expect(completions('', known)).toEqual([]);
    expect(completions('st', known)).toEqual(['status', 'step']);
  });

  it('finds the word under the cursor', () => {
    expect(wordAt('status = x AND metrics.acc', 26)).toEqual({ word: 'metrics.acc', start: 15 });
    expect(wordAt('a = 1 AND ', 10)).toEqual({ word: '', start: 10 });
  });
});
