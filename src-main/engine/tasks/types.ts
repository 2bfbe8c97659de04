// What every task provides: seeded problems, prompts, demonstrations (for SFT) and a verifier.
import type { Rng } from '../rng';

export type TaskId = 'pair-search' | 'countdown' | 'arithmetic';
export type Split = 'train' | 'eval';

/** One problem as plain data (safe to store and send over IPC). */
export interface Problem {
  /** Canonical identity; also decides the train/eval split. */
  key: string;
  /** Prompt text, without BOS (the model input is BOS + encode(prompt)). */
  prompt: string;
  /** Reference answer in display form ("5*3+7", "086"). */
  answer: string;
  /** Task-specific numbers (countdown: the numbers then the target; arithmetic: the result). */
  numbers: number[];
}

export interface Verdict {
  correct: boolean;
  /** Why a completion scored 0 ("no boxed answer", "uses 4 twice", ...). */
  reason: string;
}

export interface Benchmark {
  id: string;
  taskId: TaskId;
  /** Human label the UI shows next to every accuracy figure. */
  label: string;
  problems: Problem[];
}

export interface Task {
  id: TaskId;
  label: string;
  /** Upper bound on BOS + prompt tokens over every problem the task can generate. */
  maxPromptTokens: number;
  /** Upper bound on the demonstration's tokens (EOS included). */
  maxDemoTokens: number;
  sampleProblem(rng: Rng, split: Split): Problem;
  /** Response text the SFT base model imitates (no EOS; the caller appends it). */
  demonstration(problem: Problem, rng: Rng): string;
  /** Reward 1/0. Never throws: malformed completions are simply wrong. */
  verify(problem: Problem, response: string): Verdict;
  benchmarkIds: readonly string[];
}

/** FNV-1a, 32-bit: a stable hash for split assignment (not for security). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** One problem in five goes to the held-out split, decided by its key alone. */
export function splitOf(key: string): Split {
  return hash32(key) % 5 === 0 ? 'eval' : 'train';
}

/** Draws from `draw` until the problem lands in the wanted split. */
export function sampleInSplit(draw: () => Problem, split: Split): Problem {
  for (let tries = 0; tries < 10_000; tries++) {
    const p = draw();
    if (splitOf(p.key) === split) return p;
  }
  throw new Error(`no ${split} problem found`);
}
