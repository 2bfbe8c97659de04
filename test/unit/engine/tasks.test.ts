import { describe, expect, it } from 'vitest';
import { TASK_BENCHMARKS, TASK_MAX_PROMPT_TOKENS } from '../../../src-main/contract/run-config';
import { createRng } from '../../../src-main/engine/rng';
import {
  BENCHMARK_IDS,
  benchmarkTask,
  benchmarksForTask,
  createTask,
  getBenchmark,
  splitOf,
  verifyAime,
  verifyCountdown,
} from '../../../src-main/engine/tasks';
import { enumerateAttempts } from '../../../src-main/engine/tasks/countdown';
import { parseExpression } from '../../../src-main/engine/tasks/expression';
import {
  BOS_ID,
  EOS_ID,
  VOCAB_SIZE,
  decode,
  encode,
  tokenToString,
} from '../../../src-main/engine/tokenizer';

describe('tokenizer', () => {
  it('has at most 128 tokens and round-trips task text', () => {
    expect(VOCAB_SIZE).toBeLessThanOrEqual(128);
    const text = 'nums 3 5 7 to 22\ntry 3+5=8 8*7=56 no\ntry 5*3=15 15+7=22 yes\nboxed 5*3+7';
    expect(decode(encode(text))).toBe(text);
    expect(decode(encode('calc 17 +25 *3 -40\n17+25=42 so boxed 086'))).toBe(
      'calc 17 +25 *3 -40\n17+25=42 so boxed 086',
    );
  });
  it('task words are single readable tokens', () => {
    const ids = encode('try 3 no');
    expect(ids.map(tokenToString)).toEqual(['try', ' 3', ' no']);
    expect(tokenToString(EOS_ID)).toBe('<eos>');
    expect(decode([BOS_ID, ...encode('yes'), EOS_ID])).toBe('yes');
  });
  it('unknown characters become <unk> instead of throwing', () => {
    expect(decode(encode('a€b'))).toBe('a<unk>b');
  });
});

describe('expression parser (no eval)', () => {
  it('respects precedence and parentheses exactly', () => {
    expect(parseExpression('5*3+7')?.value).toEqual({ n: 22, d: 1 });
    expect(parseExpression('8-(7-4)')?.value).toEqual({ n: 5, d: 1 });
    expect(parseExpression('7-8/4')?.value).toEqual({ n: 5, d: 1 });
    expect(parseExpression('1/3')?.value).toEqual({ n: 1, d: 3 });
    expect(parseExpression('(1+2')).toBeNull();
    expect(parseExpression('4/(2-2)')).toBeNull();
    expect(parseExpression('process.exit()')).toBeNull();
    expect(parseExpression('')).toBeNull();
  });
});

describe('Countdown verifier', () => {
  const p = { nums: [3, 5, 7], target: 22 };
  it('accepts a correct equation using each number exactly once', () => {
    expect(verifyCountdown(p, 'try 5*3=15 15+7=22 yes\nboxed 5*3+7').correct).toBe(true);
    expect(verifyCountdown(p, 'boxed 7+3*5\n').correct).toBe(true);
  });
  it('rejects wrong values and wrong number usage', () => {
    expect(verifyCountdown(p, 'boxed 5*3+3').reason).toBe('must use each number exactly once');
    expect(verifyCountdown(p, 'boxed 5*3').correct).toBe(false);
    expect(verifyCountdown(p, 'boxed 5+3+7').reason).toBe('wrong value');
  });
  it('malformed completions score 0 and never throw', () => {
    for (const junk of [
      '',
      'boxed',
      'boxed ))((',
      'boxed 5*/3+7',
      'yes yes',
      'boxed 9999999*9',
      '\n\n',
    ]) {
      expect(verifyCountdown(p, junk).correct).toBe(false);
    }
  });
});

describe('AIME-format verifier', () => {
  it('needs exactly three digits after boxed', () => {
    expect(verifyAime(86, '42*3=126 so boxed 086').correct).toBe(true);
    expect(verifyAime(86, 'boxed 86').correct).toBe(false);
    expect(verifyAime(86, 'boxed 087').reason).toBe('wrong value');
    expect(verifyAime(86, 'no answer').reason).toBe('no boxed answer');
    expect(verifyAime(86, 'boxed 0860').correct).toBe(false);
  });
});

describe('tasks', () => {
  for (const id of ['countdown', 'arithmetic'] as const) {
    it(`${id}: demonstrations are correct, fit their budget, and are reproducible`, () => {
      const task = createTask(id);
      const rng = createRng(5);
      for (let i = 0; i < 300; i++) {
        const p = task.sampleProblem(rng, 'train');
        const demo = task.demonstration(p, rng);
        expect(task.verify(p, demo).correct).toBe(true);
        expect(encode(demo).length + 1).toBeLessThanOrEqual(task.maxDemoTokens);
        expect(1 + encode(p.prompt).length).toBeLessThanOrEqual(task.maxPromptTokens);
      }
      const a = createTask(id).sampleProblem(createRng(9), 'train');
      const b = createTask(id).sampleProblem(createRng(9), 'train');
      expect(a).toEqual(b);
    });
    it(`${id}: train and eval splits are disjoint`, () => {
      const task = createTask(id);
      const rng = createRng(11);
      const train = new Set<string>();
      for (let i = 0; i < 500; i++) train.add(task.sampleProblem(rng, 'train').key);
      for (const b of benchmarksForTask(id)) {
        for (const p of getBenchmark(b.id).problems) {
          expect(train.has(p.key)).toBe(false);
          expect(splitOf(p.key)).toBe('eval');
        }
      }
    });
  }

  it('Countdown demonstrations are search traces with failures and a success', () => {
    const task = createTask('countdown');
    const rng = createRng(2);
    const demos = Array.from({ length: 50 }, () =>
      task.demonstration(task.sampleProblem(rng, 'train'), rng),
    );
    expect(demos.some((d) => d.includes(' no\n'))).toBe(true);
    expect(demos.every((d) => d.includes(' yes\nboxed '))).toBe(true);
    // 2+3, 3-2, 2*3 (no negative or fractional steps)
    expect(
      enumerateAttempts([2, 3])
        .map((a) => a.value)
        .sort((x, y) => x - y),
    ).toEqual([1, 5, 6]);
  });

  it('benchmarks: labelled, fixed, solvable, and consistent with the contract', () => {
    for (const id of BENCHMARK_IDS) {
      const b = getBenchmark(id);
      expect(b.label.length).toBeGreaterThan(10);
      const task = benchmarkTask(id);
      const rng = createRng(1);
      for (const p of b.problems) {
        // Pair-search demonstrations may give up on purpose (an impatient searcher): check the
        // reference answer there, the demonstration elsewhere.
        const solution =
          b.taskId === 'pair-search' ? `boxed ${p.answer}` : task.demonstration(p, rng);
        expect(task.verify(p, solution).correct).toBe(true);
        expect(1 + encode(p.prompt).length).toBeLessThanOrEqual(TASK_MAX_PROMPT_TOKENS[b.taskId]);
      }
    }
    expect(getBenchmark('arith-hard').label).toMatch(/AIME-format answers 000–999/);
    expect(getBenchmark('countdown3-heldout').label).toBe('Countdown-3 held-out (200 problems)');
    for (const t of ['pair-search', 'countdown', 'arithmetic'] as const) {
      expect(benchmarksForTask(t).map((b) => b.id)).toEqual([...TASK_BENCHMARKS[t]]);
      expect(createTask(t).maxPromptTokens).toBeLessThanOrEqual(TASK_MAX_PROMPT_TOKENS[t]);
    }
  });
});
