// Arithmetic chains with AIME-format answers: apply a few integer operations LEFT TO RIGHT and
// give the result as exactly three digits (000–999), like AIME answers.
//
// Prompt:    "calc 17 +25 *3 -40\n"
// Response:  "17+25=42 42*3=126 126-40=86 so boxed 086"   (EOS appended)
// Every intermediate value stays in 0..999. Training uses 2–3 operations; the hard held-out set
// uses 4–5, so it measures length generalisation, not memorisation.
import type { Rng } from '../rng';
import type { Problem, Split, Task, Verdict } from './types';
import { sampleInSplit } from './types';

export interface ArithmeticOptions {
  minOps: number;
  maxOps: number;
  maxOperand: number;
}

export const ARITHMETIC_DEFAULTS: ArithmeticOptions = { minOps: 2, maxOps: 3, maxOperand: 99 };
export const ARITHMETIC_HARD: ArithmeticOptions = { minOps: 4, maxOps: 5, maxOperand: 99 };

interface ChainStep {
  op: '+' | '-' | '*';
  operand: number;
}

export function formatAime(value: number): string {
  return String(value).padStart(3, '0');
}

function drawChain(rng: Rng, opt: ArithmeticOptions): { start: number; steps: ChainStep[] } {
  for (;;) {
    const start = rng.range(1, opt.maxOperand);
    const steps: ChainStep[] = [];
    let value = start;
    const n = rng.range(opt.minOps, opt.maxOps);
    for (let i = 0; i < n; i++) {
      const op = rng.pick(['+', '-', '*'] as const);
      // Multipliers stay single-digit so the chain is doable step by step.
      const operand = op === '*' ? rng.range(2, 9) : rng.range(1, opt.maxOperand);
      const next = op === '+' ? value + operand : op === '-' ? value - operand : value * operand;
      if (next < 0 || next > 999) break;
      steps.push({ op, operand });
      value = next;
    }
    if (steps.length === n) return { start, steps };
  }
}

function evaluateChain(start: number, steps: ChainStep[]): number[] {
  const values = [start];
  for (const s of steps) {
    const v = values[values.length - 1] as number;
    values.push(s.op === '+' ? v + s.operand : s.op === '-' ? v - s.operand : v * s.operand);
  }
  return values;
}

/** Parses "calc 17 +25 *3 -40" back into a chain (prompts are produced by this module). */
function parsePrompt(prompt: string): { start: number; steps: ChainStep[] } {
  const parts = prompt.trim().split(/\s+/).slice(1);
  const start = Number(parts[0]);
  const steps = parts.slice(1).map((p) => ({
    op: p[0] as ChainStep['op'],
    operand: Number(p.slice(1)),
  }));
  return { start, steps };
}

export function createArithmeticTask(options: Partial<ArithmeticOptions> = {}): Task {
  const opt = { ...ARITHMETIC_DEFAULTS, ...options };
  const digits = String(opt.maxOperand).length;

  const draw = (rng: Rng): Problem => {
    const { start, steps } = drawChain(rng, opt);
    const prompt = `calc ${start} ${steps.map((s) => `${s.op}${s.operand}`).join(' ')}\n`;
    const result = evaluateChain(start, steps).at(-1) as number;
    return { key: prompt.trim(), prompt, answer: formatAime(result), numbers: [result] };
  };

  return {
    id: 'arithmetic',
    label: `Arithmetic chains (${opt.minOps}–${opt.maxOps} ops, left to right), AIME-format answers 000–999`,
    // BOS "calc" start(digits) then per op: " " op operand(digits); "\n"
    maxPromptTokens: 1 + 1 + digits + opt.maxOps * (2 + digits) + 1,
    // Per step "vvv op ooo = rrr" ≤ 12 tokens; " so boxed ddd" = 5; EOS.
    maxDemoTokens: opt.maxOps * 12 + 5 + 1,
    sampleProblem: (rng: Rng, which: Split) => sampleInSplit(() => draw(rng), which),
    demonstration(problem: Problem): string {
      const { start, steps } = parsePrompt(problem.prompt);
      const values = evaluateChain(start, steps);
      const lines = steps.map((s, i) => `${values[i]}${s.op}${s.operand}=${values[i + 1]}`);
      return `${lines.join(' ')} so boxed ${problem.answer}`;
    },
    verify: (problem: Problem, response: string) =>
      verifyAime(problem.numbers[0] as number, response),
    benchmarkIds:
      opt.minOps >= ARITHMETIC_HARD.minOps ? ['arith-hard'] : ['arith-heldout', 'arith-hard'],
  };
}

/** Reads the three digits after the LAST "boxed". Exactly three digits; never throws. */
export function verifyAime(expected: number, response: string): Verdict {
  const at = response.lastIndexOf('boxed');
  if (at < 0) return { correct: false, reason: 'no boxed answer' };
  const match = /^\s*(\S*)/.exec(response.slice(at + 'boxed'.length));
  const answer = match?.[1] ?? '';
  if (!/^\d{3}$/.test(answer)) return { correct: false, reason: 'answer is not three digits' };
  if (answer !== formatAime(expected)) return { correct: false, reason: 'wrong value' };
  return { correct: true, reason: 'correct' };
}
