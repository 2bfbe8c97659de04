// Task registry and the fixed held-out benchmarks (generated from fixed seeds, so every run and
// every machine sees the same problems).
import { createRng } from '../rng';
import { ARITHMETIC_HARD, createArithmeticTask } from './arithmetic';
import { createCountdownTask } from './countdown';
import { createPairSearchTask } from './pair-search';
import type { Benchmark, Problem, Task, TaskId } from './types';

export * from './types';
export { createArithmeticTask, formatAime, verifyAime } from './arithmetic';
export { createCountdownTask, verifyCountdown } from './countdown';
export { createPairSearchTask, verifyPairSearch } from './pair-search';

export function createTask(id: TaskId): Task {
  if (id === 'pair-search') return createPairSearchTask();
  if (id === 'countdown') return createCountdownTask();
  return createArithmeticTask();
}

interface BenchmarkSpec {
  taskId: TaskId;
  label: string;
  size: number;
  seed: number;
  make: () => Task;
}

const BENCHMARKS: Record<string, BenchmarkSpec> = {
  'pair-heldout': {
    taskId: 'pair-search',
    label: 'Pair search held-out: unseen prompts, 5 numbers 1–9 (400 problems)',
    size: 400,
    seed: 5001,
    make: () => createPairSearchTask(),
  },
  'countdown3-heldout': {
    taskId: 'countdown',
    label: 'Countdown-3 held-out (200 problems)',
    size: 200,
    seed: 3001,
    make: () => createCountdownTask({ count: 3 }),
  },
  'countdown4-heldout': {
    taskId: 'countdown',
    label: 'Countdown-4 held-out, harder: four numbers (100 problems)',
    size: 100,
    seed: 3002,
    make: () => createCountdownTask({ count: 4, maxFailures: 2 }),
  },
  'arith-heldout': {
    taskId: 'arithmetic',
    label: 'Arith chains held-out, 2–3 ops — AIME-format answers 000–999 (200 problems)',
    size: 200,
    seed: 4001,
    make: () => createArithmeticTask(),
  },
  'arith-hard': {
    taskId: 'arithmetic',
    label: 'Arith chains, hard held-out (4–5 ops) — AIME-format answers 000–999 (100 problems)',
    size: 100,
    seed: 4002,
    make: () => createArithmeticTask(ARITHMETIC_HARD),
  },
};

export const BENCHMARK_IDS = Object.keys(BENCHMARKS);

const cache = new Map<string, Benchmark>();

export function getBenchmark(id: string): Benchmark {
  const hit = cache.get(id);
  if (hit) return hit;
  const spec = BENCHMARKS[id];
  if (!spec) throw new Error(`unknown benchmark "${id}"`);
  const task = spec.make();
  const rng = createRng(spec.seed);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  // A benchmark larger than its task's held-out space would never fill: fail loudly instead.
  for (let draws = 0; problems.length < spec.size; draws++) {
    if (draws > spec.size * 1000)
      throw new Error(`benchmark "${id}" has fewer than ${spec.size} distinct held-out problems`);
    const p = task.sampleProblem(rng, 'eval');
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    problems.push(p);
  }
  const bench: Benchmark = { id, taskId: spec.taskId, label: spec.label, problems };
  cache.set(id, bench);
  return bench;
}

/** The task that generated a benchmark's problems (its verifier scores them). */
export function benchmarkTask(id: string): Task {
  const spec = BENCHMARKS[id];
  if (!spec) throw new Error(`unknown benchmark "${id}"`);
  return spec.make();
}

export function benchmarksForTask(taskId: TaskId): { id: string; label: string }[] {
  return Object.entries(BENCHMARKS)
    .filter(([, s]) => s.taskId === taskId)
    .map(([id, s]) => ({ id, label: s.label }));
}
