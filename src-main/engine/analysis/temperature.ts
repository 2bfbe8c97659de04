// Paper Fig. 3 at small scale: accuracy when tokens above an entropy threshold τ are decoded at
// T_high and the others at T_low (Eq. 5), over two sweeps: T_high varies with T_low = 1 (red),
// T_low varies with T_high = 1 (blue). Engine code: tensors only, no I/O.
import type { Policy } from '../model/types';
import { createRng } from '../rng';
import type { Problem, Task } from '../tasks/types';
import { BOS_ID, EOS_ID, decode, encode } from '../tokenizer';
import { sampleTwoTemperature } from './teacher-force';

/** The paper's temperatures (Fig. 3 x axis, symlog with linthresh 0.2). */
export const TEMPERATURE_GRID: readonly number[] = [0, 0.05, 0.3, 0.6, 1, 2, 3, 5];

export interface SweepPoint {
  tHigh: number;
  tLow: number;
}

/**
 * The decoding settings both curves need, each once: (t, 1) and (1, t) for t in the grid, in
 * grid order, the shared (1, 1) point only once. Duplicates in the grid are dropped.
 */
export function temperatureSweep(grid: readonly number[]): SweepPoint[] {
  const out: SweepPoint[] = [];
  const seen = new Set<string>();
  const add = (tHigh: number, tLow: number) => {
    const key = `${tHigh}/${tLow}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ tHigh, tLow });
  };
  for (const t of grid) add(t, 1);
  for (const t of grid) add(1, t);
  return out;
}

export interface TwoTemperatureEval {
  /** Mean correctness over every sample (avg@k). */
  accuracy: number;
  /** Share of decoded tokens above τ. */
  highShare: number;
  meanLength: number;
}

export interface TwoTemperatureEvalOptions {
  threshold: number;
  tHigh: number;
  tLow: number;
  k: number;
  maxNewTokens: number;
  seed: number;
  /** Sequences per decoding call (default 64). */
  batchSize?: number;
}

/** Decodes k samples per problem with sampleTwoTemperature and scores them with the task. */
export function evaluateTwoTemperature(
  policy: Policy,
  problems: readonly Problem[],
  task: Task,
  options: TwoTemperatureEvalOptions,
): TwoTemperatureEval {
  const rng = createRng(options.seed);
  const jobs = problems.flatMap((p) => Array.from({ length: options.k }, () => p));
  const batch = Math.max(1, options.batchSize ?? 64);
  let correct = 0;
  let tokens = 0;
  let high = 0;
  for (let from = 0; from < jobs.length; from += batch) {
    const chunk = jobs.slice(from, from + batch);
    const out = sampleTwoTemperature(
      policy,
      chunk.map((p) => [BOS_ID, ...encode(p.prompt)]),
      {
        threshold: options.threshold,
        tHigh: options.tHigh,
        tLow: options.tLow,
        maxNewTokens: options.maxNewTokens,
        eosId: EOS_ID,
        rng: () => rng.next(),
      },
    );
    chunk.forEach((p, j) => {
      if (task.verify(p, decode(out.tokens[j] as number[])).correct) correct++;
      const h = out.high[j] as Uint8Array;
      tokens += h.length;
      for (const v of h) high += v;
    });
  }
  const n = Math.max(1, jobs.length);
  return {
    accuracy: correct / n,
    highShare: tokens ? high / tokens : 0,
    meanLength: tokens / n,
  };
}
