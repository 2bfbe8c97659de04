// Countdown: reach the target with + - * / using EACH given number EXACTLY ONCE (as in TinyZero's
// Countdown). Intermediate results must be non-negative integers in the demonstrations; the
// verifier accepts any expression whose exact rational value equals the target.
//
// Prompt:    "nums 3 5 7 to 22\n"
// Response:  "try 3+5=8 8*7=56 no\ntry 5*3=15 15+7=22 yes\nboxed 5*3+7"   (EOS appended)
// The demonstrations are search traces: a few random failed attempts, then a success, so the
// SFT base model has genuine forks ("try" which pair, which op; "no" or "yes").
import type { Rng } from '../rng';
import type { Expr, Op } from './expression';
import { formatExpr, parseExpression } from './expression';
import type { Problem, Split, Task, Verdict } from './types';
import { sampleInSplit } from './types';
import { encode } from '../tokenizer';

export interface CountdownOptions {
  /** How many numbers (3 or 4). */
  count: number;
  maxNumber: number;
  maxTarget: number;
  /** Most failed attempts a demonstration shows before the solution. */
  maxFailures: number;
  /** Token budget of a demonstration (EOS included); failures are dropped to fit. */
  maxDemoTokens: number;
}

export const COUNTDOWN_DEFAULTS: CountdownOptions = {
  count: 3,
  maxNumber: 9,
  maxTarget: 99,
  maxFailures: 4,
  maxDemoTokens: 96,
};

interface Step {
  a: number;
  op: Op;
  b: number;
  c: number;
}
interface Attempt {
  steps: Step[];
  expr: Expr;
  value: number;
}

const OPS: Op[] = ['+', '-', '*', '/'];

function combine(a: number, op: Op, b: number): number | null {
  if (op === '+') return a + b;
  if (op === '-') return a >= b ? a - b : null;
  if (op === '*') return a * b;
  return b !== 0 && a % b === 0 ? a / b : null;
}

/** Every way to combine the numbers pairwise down to one, with integer non-negative steps. */
export function enumerateAttempts(nums: number[]): Attempt[] {
  const out: Attempt[] = [];
  const rec = (pool: { value: number; expr: Expr }[], steps: Step[]): void => {
    if (pool.length === 1) {
      const only = pool[0] as { value: number; expr: Expr };
      out.push({ steps, expr: only.expr, value: only.value });
      return;
    }
    for (let i = 0; i < pool.length; i++) {
      for (let j = 0; j < pool.length; j++) {
        if (i === j) continue;
        const x = pool[i] as { value: number; expr: Expr };
        const y = pool[j] as { value: number; expr: Expr };
        for (const op of OPS) {
          // Commutative ops: one order only, so attempts are not duplicated.
          if ((op === '+' || op === '*') && i > j) continue;
          const c = combine(x.value, op, y.value);
          if (c === null) continue;
          const rest = pool.filter((_, k) => k !== i && k !== j);
          rest.push({ value: c, expr: { kind: 'bin', op, left: x.expr, right: y.expr } });
          rec(rest, [...steps, { a: x.value, op, b: y.value, c }]);
        }
      }
    }
  };
  rec(
    nums.map((n) => ({ value: n, expr: { kind: 'num', value: n } as Expr })),
    [],
  );
  return out;
}

function attemptLine(attempt: Attempt, success: boolean): string {
  const steps = attempt.steps.map((s) => `${s.a}${s.op}${s.b}=${s.c}`).join(' ');
  return `try ${steps} ${success ? 'yes' : 'no'}`;
}

export function countdownKey(nums: number[], target: number): string {
  return `${[...nums].sort((x, y) => x - y).join(',')}>${target}`;
}

export function createCountdownTask(options: Partial<CountdownOptions> = {}): Task {
  const opt = { ...COUNTDOWN_DEFAULTS, ...options };

  const draw = (rng: Rng): Problem => {
    for (;;) {
      const nums = Array.from({ length: opt.count }, () => rng.range(1, opt.maxNumber));
      const attempts = enumerateAttempts(nums).filter(
        (a) => a.value >= 1 && a.value <= opt.maxTarget && !nums.includes(a.value),
      );
      if (attempts.length === 0) continue;
      const chosen = rng.pick(attempts);
      return {
        key: countdownKey(nums, chosen.value),
        prompt: `nums ${nums.join(' ')} to ${chosen.value}\n`,
        answer: formatExpr(chosen.expr),
        numbers: [...nums, chosen.value],
      };
    }
  };

  const split = (p: Problem): { nums: number[]; target: number } => ({
    nums: p.numbers.slice(0, -1),
    target: p.numbers[p.numbers.length - 1] as number,
  });

  return {
    id: 'countdown',
    label: `Countdown-${opt.count}: reach the target using each number exactly once`,
    // BOS "nums" (" d")*count " to" " d" "d" "\n"
    maxPromptTokens: 1 + 1 + opt.count * String(opt.maxNumber).length + 1 + 3 + 1,
    maxDemoTokens: opt.maxDemoTokens,
    sampleProblem: (rng: Rng, which: Split) => sampleInSplit(() => draw(rng), which),
    demonstration(problem: Problem, rng: Rng): string {
      const { nums, target } = split(problem);
      const all = enumerateAttempts(nums);
      const wins = all.filter((a) => a.value === target);
      const losses = all.filter((a) => a.value !== target);
      const win = wins.length > 0 ? rng.pick(wins) : null;
      const failures = rng.shuffle([...losses]).slice(0, rng.int(opt.maxFailures + 1));
      const tail = win ? [attemptLine(win, true), `boxed ${formatExpr(win.expr)}`] : [];
      if (!win) tail.push(`boxed ${problem.answer}`);
      for (;;) {
        const text = [...failures.map((a) => attemptLine(a, false)), ...tail].join('\n');
        if (failures.length === 0 || encode(text).length + 1 <= opt.maxDemoTokens) return text;
        failures.pop();
      }
    },
    verify: (problem: Problem, response: string) => verifyCountdown(split(problem), response),
    benchmarkIds: opt.count === 3 ? ['countdown3-heldout'] : ['countdown4-heldout'],
  };
}

/** Scores the expression after the LAST "boxed" (up to the end of its line). Never throws. */
export function verifyCountdown(
  problem: { nums: number[]; target: number },
  response: string,
): Verdict {
  const at = response.lastIndexOf('boxed');
  if (at < 0) return { correct: false, reason: 'no boxed answer' };
  const line = response.slice(at + 'boxed'.length).split('\n')[0] ?? '';
  const parsed = parseExpression(line);
  if (!parsed) return { correct: false, reason: 'malformed expression' };
  const used = [...parsed.literals].sort((x, y) => x - y);
  const given = [...problem.nums].sort((x, y) => x - y);
  if (used.length !== given.length || used.some((v, i) => v !== given[i])) {
    return { correct: false, reason: 'must use each number exactly once' };
  }
  if (parsed.value.d !== 1 || parsed.value.n !== problem.target) {
    return { correct: false, reason: 'wrong value' };
  }
  return { correct: true, reason: 'correct' };
}
