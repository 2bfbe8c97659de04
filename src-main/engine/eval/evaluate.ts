// Benchmark evaluation: k samples per problem at a temperature → avg@k (mean accuracy over all
// samples, the paper's Acc@16 when k = 16) and pass@k (share of problems solved at least once).
import type { EvalRecord } from '../../contract/eval-record';
import type { Executor } from '../parallel/executor';
import { createRng } from '../rng';
import type { Benchmark, Task } from '../tasks/types';
import { hash32 } from '../tasks/types';
import { BOS_ID, EOS_ID, decode, encode } from '../tokenizer';

export interface EvalOptions {
  k: number;
  temperature: number;
  maxResponseTokens: number;
  /** Problems evaluated (the first N of the benchmark); 0 or undefined = all. */
  maxProblems?: number;
  /** Seed of the sampling stream; eval never touches the training RNG. */
  seed?: number;
  /** Sequences per policy.sample call. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ProblemResult {
  key: string;
  prompt: string;
  answer: string;
  correct: number;
  k: number;
  /** First sampled completion, for inspection. */
  sample: string;
  meanLength: number;
}

/** The contract's eval record, with the engine's own detail (the trainer reports the record). */
export interface EvalResult extends Omit<EvalRecord, 'perProblem'> {
  label: string;
  temperature: number;
  /** Standard error of avg@k over problems (sample std of per-problem accuracy / √n). */
  stdErr: number;
  meanResponseLength: number;
  perProblem: ProblemResult[];
  seconds: number;
}

export async function evaluateBenchmark(
  executor: Pick<Executor, 'sample'>,
  benchmark: Benchmark,
  task: Task,
  options: EvalOptions,
): Promise<EvalResult> {
  const start = performance.now();
  const { k } = options;
  const problems = options.maxProblems
    ? benchmark.problems.slice(0, options.maxProblems)
    : benchmark.problems;
  const rng = createRng((options.seed ?? 0) ^ hash32(benchmark.id));
  const perCall = Math.max(k, Math.floor((options.batchSize ?? 128) / k) * k);
  const results: ProblemResult[] = problems.map((p) => ({
    key: p.key,
    prompt: p.prompt,
    answer: p.answer,
    correct: 0,
    k,
    sample: '',
    meanLength: 0,
  }));
  const jobs = problems.flatMap((_, i) => Array.from({ length: k }, () => i));
  for (let from = 0; from < jobs.length; from += perCall) {
    const chunk = jobs.slice(from, from + perCall);
    const out = await executor.sample(
      chunk.map((i) => [BOS_ID, ...encode((problems[i] as (typeof problems)[number]).prompt)]),
      { maxNewTokens: options.maxResponseTokens, temperature: options.temperature, eosId: EOS_ID },
      rng,
    );
    chunk.forEach((i, j) => {
      const tokens = out.tokens[j] as number[];
      const text = decode(tokens);
      const r = results[i] as ProblemResult;
      if (task.verify(problems[i] as (typeof problems)[number], text).correct) r.correct++;
      if (r.sample === '') r.sample = text;
      r.meanLength += tokens.length / k;
    });
    options.onProgress?.(Math.min(jobs.length, from + perCall), jobs.length);
  }
  const n = Math.max(1, results.length);
  const avg = results.reduce((s, r) => s + r.correct / k, 0) / n;
  const variance =
    results.reduce((s, r) => s + (r.correct / k - avg) ** 2, 0) / Math.max(1, results.length - 1);
  return {
    benchmark: benchmark.id,
    label: benchmark.label,
    k,
    temperature: options.temperature,
    avgAtK: avg,
    stdErr: Math.sqrt(variance / n),
    passAtK: results.filter((r) => r.correct > 0).length / n,
    meanResponseLength: results.reduce((s, r) => s + r.meanLength, 0) / n,
    problems: results.length,
    perProblem: results,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Metric records under eval/<benchmark>/… (verl-like names). */
export function evalMetrics(result: EvalResult): Record<string, number> {
  const p = `eval/${result.benchmark}`;
  return {
    [`${p}/avg@${result.k}`]: result.avgAtK,
    [`${p}/avg@${result.k}_se`]: result.stdErr,
    [`${p}/pass@${result.k}`]: result.passAtK,
    [`${p}/response_length`]: result.meanResponseLength,
  };
}
