// Pair search: find the two numbers (at different positions) whose sum is the target.
//
// Prompt:    "nums 3 8 5 2 7 to 13\n"
// Response:  "try 3+2=5 no\ntry 8+5=13 yes\nboxed 8+5"   (EOS appended)
//
// The demonstrations are stream-of-search traces from an impatient searcher: it tries pairs in
// a random order and, after each failure gives up with a fixed chance and boxes the
// last pair it tried. So the SFT base has two kinds of forks: which pair to try next, and —
// after every "no" — whether to "try" again or commit with "boxed". Imitating the searcher, its
// pass@1 sits well below pass@k, and what RL can sharpen (keep searching, do not repeat a pair)
// is a decision that transfers to unseen problems. The sums are single-digit facts, all seen in
// training; a problem is the ordered list of numbers with its target, a space of ~10^5 prompts,
// split by hash so held-out prompts are never trained on.
import type { Rng } from '../rng';
import type { Problem, Split, Task, Verdict } from './types';
import { sampleInSplit } from './types';

export interface PairSearchOptions {
  /** How many numbers the prompt lists. */
  count: number;
  maxNumber: number;
  /** The searcher's impatience: after each failed try it gives up with this probability. */
  giveUpChance: number;
  /** Most tries a demonstration shows (it gives up after the last). */
  maxTries: number;
}

export const PAIR_SEARCH_DEFAULTS: PairSearchOptions = {
  count: 5,
  maxNumber: 9,
  giveUpChance: 0.5,
  maxTries: 6,
};

/** "nums 3 8 5 2 7 to 13\n" → numbers then target. */
function parsePrompt(prompt: string): { nums: number[]; target: number } {
  const [left, right] = prompt.trim().slice('nums '.length).split(' to ');
  return { nums: (left ?? '').split(' ').map(Number), target: Number(right) };
}

interface Pair {
  i: number;
  j: number;
}

function allPairs(count: number): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) out.push({ i, j });
  return out;
}

export function createPairSearchTask(options: Partial<PairSearchOptions> = {}): Task {
  const opt = { ...PAIR_SEARCH_DEFAULTS, ...options };
  const pairs = allPairs(opt.count);

  const draw = (rng: Rng): Problem => {
    const nums = Array.from({ length: opt.count }, () => rng.range(1, opt.maxNumber));
    const { i, j } = rng.pick(pairs);
    const target = (nums[i] as number) + (nums[j] as number);
    const prompt = `nums ${nums.join(' ')} to ${target}\n`;
    return {
      key: prompt.trim(),
      prompt,
      answer: `${nums[i]}+${nums[j]}`,
      numbers: [...nums, target],
    };
  };

  return {
    id: 'pair-search',
    label: `Pair search: which two of ${opt.count} numbers (1–${opt.maxNumber}) add up to the target`,
    // BOS "nums" (" d")*count " to" " d" "d" "\n"
    maxPromptTokens: 1 + 1 + opt.count + 1 + 2 + 1,
    // Per try "try a+b=cd no\n" ≤ 9 tokens; "boxed a+b" 4; EOS.
    maxDemoTokens: opt.maxTries * 9 + 4 + 1,
    sampleProblem: (rng: Rng, which: Split) => sampleInSplit(() => draw(rng), which),
    demonstration(problem: Problem, rng: Rng): string {
      const { nums, target } = parsePrompt(problem.prompt);
      const lines: string[] = [];
      let last: Pair = pairs[0] as Pair;
      for (const pair of rng.shuffle([...pairs]).slice(0, opt.maxTries)) {
        // Either order of the two numbers, as a searcher would write them.
        last = rng.int(2) === 0 ? pair : { i: pair.j, j: pair.i };
        const a = nums[last.i] as number;
        const b = nums[last.j] as number;
        const hit = a + b === target;
        lines.push(`try ${a}+${b}=${a + b} ${hit ? 'yes' : 'no'}`);
        if (hit || rng.next() < opt.giveUpChance) break;
      }
      lines.push(`boxed ${nums[last.i]}+${nums[last.j]}`);
      return lines.join('\n');
    },
    verify: (problem: Problem, response: string) =>
      verifyPairSearch(parsePrompt(problem.prompt), response),
    benchmarkIds: ['pair-heldout'],
  };
}

/** Scores "a+b" after the LAST "boxed": two of the given numbers (by count) summing to the target. */
export function verifyPairSearch(
  problem: { nums: number[]; target: number },
  response: string,
): Verdict {
  const at = response.lastIndexOf('boxed');
  if (at < 0) return { correct: false, reason: 'no boxed answer' };
  const line = (response.slice(at + 'boxed'.length).split('\n')[0] ?? '').trim();
  const match = /^(\d+)\s*\+\s*(\d+)$/.exec(line);
  if (!match) return { correct: false, reason: 'answer is not "a+b"' };
  const a = Number(match[1]);
  const b = Number(match[2]);
  const pool = [...problem.nums];
  for (const v of [a, b]) {
    const k = pool.indexOf(v);
    if (k < 0) return { correct: false, reason: `${v} is not one of the numbers left` };
    pool.splice(k, 1);
  }
  if (a + b !== problem.target) return { correct: false, reason: 'wrong sum' };
  return { correct: true, reason: 'correct' };
}
