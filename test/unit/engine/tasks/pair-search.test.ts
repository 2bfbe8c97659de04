import { describe, expect, it } from 'vitest';
import { TASK_MAX_PROMPT_TOKENS } from '../../../../src-main/contract/run-config';
import { createRng } from '../../../../src-main/engine/rng';
import { createTask, getBenchmark, splitOf } from '../../../../src-main/engine/tasks';
import {
  PAIR_SEARCH_DEFAULTS,
  createPairSearchTask,
  verifyPairSearch,
} from '../../../../src-main/engine/tasks/pair-search';
import { encode } from '../../../../src-main/engine/tokenizer';

const problem = { nums: [3, 8, 5, 2, 7], target: 13 };

describe('pair-search verifier', () => {
  it('accepts two of the numbers that sum to the target, in either order', () => {
    expect(verifyPairSearch(problem, 'boxed 8+5').correct).toBe(true);
    expect(verifyPairSearch(problem, 'try 3+2=5 no\ntry 5+8=13 yes\nboxed 5+8').correct).toBe(true);
    expect(verifyPairSearch({ nums: [4, 4, 1], target: 8 }, 'boxed 4+4').correct).toBe(true);
  });
  it('scores the last boxed line only', () => {
    expect(verifyPairSearch(problem, 'boxed 8+5\nboxed 3+2').correct).toBe(false);
    expect(verifyPairSearch(problem, 'boxed 3+2\nboxed 8+5').correct).toBe(true);
  });
  it('refuses malformed, reused and foreign numbers with a reason, never throwing', () => {
    const cases: [string, string][] = [
      ['', 'no boxed answer'],
      ['try 8+5=13 yes', 'no boxed answer'],
      ['boxed 13', 'answer is not "a+b"'],
      ['boxed 8+5+0', 'answer is not "a+b"'],
      ['boxed 8-5', 'answer is not "a+b"'],
      ['boxed', 'answer is not "a+b"'],
      ['boxed 6+7', '6 is not one of the numbers left'],
      ['boxed 3+3', '3 is not one of the numbers left'],
      ['boxed 3+2', 'wrong sum'],
    ];
    for (const [response, reason] of cases)
      expect(verifyPairSearch(problem, response)).toEqual({ correct: false, reason });
  });
});

describe('pair-search task', () => {
  const task = createPairSearchTask();
  it('prompts list the numbers and a target that one pair reaches', () => {
    const rng = createRng(1);
    for (let i = 0; i < 200; i++) {
      const p = task.sampleProblem(rng, i % 2 ? 'train' : 'eval');
      expect(p.prompt).toMatch(/^nums( [1-9]){5} to \d{1,2}\n$/);
      expect(task.verify(p, `boxed ${p.answer}`).correct).toBe(true);
      expect(encode(p.prompt).length + 1).toBeLessThanOrEqual(task.maxPromptTokens);
    }
    expect(task.maxPromptTokens).toBe(TASK_MAX_PROMPT_TOKENS['pair-search']);
  });
  it('demonstrations are search traces that end in a boxed pair, within the token budget', () => {
    const rng = createRng(2);
    let solved = 0;
    let gaveUp = 0;
    for (let i = 0; i < 2000; i++) {
      const p = task.sampleProblem(rng, 'train');
      const demo = task.demonstration(p, rng);
      expect(demo).toMatch(/^(try \d\+\d=\d{1,2} (yes|no)\n)+boxed \d\+\d$/);
      expect(encode(demo).length + 1).toBeLessThanOrEqual(task.maxDemoTokens);
      const tries = demo.split('\n').length - 1;
      expect(tries).toBeLessThanOrEqual(PAIR_SEARCH_DEFAULTS.maxTries);
      if (task.verify(p, demo).correct) solved++;
      else if (demo.includes(' no\nboxed')) gaveUp++;
      // Every arithmetic line is right and says yes exactly when it reaches the target.
      const target = p.numbers[p.numbers.length - 1];
      for (const line of demo.split('\n').slice(0, -1)) {
        const [, a, b, c, verdict] = /^try (\d)\+(\d)=(\d+) (yes|no)$/.exec(line)!;
        expect(Number(a) + Number(b)).toBe(Number(c));
        expect(verdict).toBe(Number(c) === target ? 'yes' : 'no');
      }
    }
    // The impatient searcher solves about a third and gives up on the rest (measured 0.34).
    expect(solved / 2000).toBeGreaterThan(0.28);
    expect(solved / 2000).toBeLessThan(0.42);
    expect(solved + gaveUp).toBe(2000);
  });
  it('the held-out benchmark is 400 distinct eval-split prompts, none drawn for training', () => {
    const bench = getBenchmark('pair-heldout');
    expect(bench.problems).toHaveLength(400);
    const keys = new Set(bench.problems.map((p) => p.key));
    expect(keys.size).toBe(400);
    for (const k of keys) expect(splitOf(k)).toBe('eval');
    const rng = createRng(7);
    const t = createTask('pair-search');
    for (let i = 0; i < 5000; i++) expect(keys.has(t.sampleProblem(rng, 'train').key)).toBe(false);
  });
});
