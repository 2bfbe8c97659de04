// Fig. 3 on a real model: every problem decoded k times per setting with the two-temperature
// sampler (T_high where the full-vocabulary entropy at T=1 is above τ, T_low elsewhere; T = 0
// is greedy). The T_high = T_low = 1 point runs first and measures τ as the `percentile` of its
// own token entropies unless τ is given. avg@k per setting with its standard error over problems.
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { TemperaturePoint, TemperatureResult } from '../../contract/api-analysis';
import { percentileSorted, sortedValues } from '../../engine/analysis';
import { createRng } from '../../engine/rng';
import { entropyOf, sampleTopP, temper, topAlternatives, twoTemperature } from '../distribution';
import type { LlmToHost, TemperatureSweepSpec } from '../protocol';
import { verifyBoxed } from '../verify';
import type { LoadedModel } from './model';
import { loadedMessage, distributionsAfter } from './model';
import { promptBuilder } from './prompt';

interface Decoded {
  correct: boolean;
  length: number;
  high: number;
  entropies: number[];
}

async function decode(
  m: LoadedModel,
  seq: LlamaContextSequence,
  prompt: Token[],
  spec: TemperatureSweepSpec,
  tHigh: number,
  tLow: number,
  tau: number,
  seed: number,
  answer: string,
): Promise<Decoded> {
  const rng = createRng(seed);
  await seq.clearHistory();
  const tokens: Token[] = [];
  const entropies: number[] = [];
  let high = 0;
  let feed = prompt;
  while (
    tokens.length < spec.sampling.maxTokens &&
    seq.nextTokenIndex + feed.length < m.contextSize
  ) {
    const last = feed.length - 1;
    const logp1 = (await distributionsAfter(seq, feed, new Set([last]), m.vocabSize)).get(
      last,
    ) as Float64Array;
    const h = entropyOf(logp1);
    entropies.push(h);
    const t = twoTemperature(h, tau, tHigh, tLow);
    if (h > tau) high++;
    const token = (
      t <= 0
        ? (topAlternatives(logp1, 1)[0]?.token ?? 0)
        : sampleTopP(temper(logp1, t), spec.sampling.topP, rng)
    ) as Token;
    tokens.push(token);
    if (m.model.isEogToken(token)) break;
    feed = [token];
  }
  const text = m.model.detokenize(
    tokens.filter((t) => !m.model.isEogToken(t)),
    false,
  );
  return { correct: verifyBoxed(text, answer).correct, length: tokens.length, high, entropies };
}

export async function runTemperatureSweep(
  m: LoadedModel,
  spec: TemperatureSweepSpec,
  post: (message: LlmToHost) => void,
): Promise<{ tokens: number; result: TemperatureResult }> {
  const builder = await promptBuilder(m.model, spec.sampling);
  const prompts = spec.problems.map((p) => builder.build(p.prompt).tokens);
  prompts.forEach((p, i) => {
    if (p.length + 1 >= m.contextSize)
      throw new Error(
        `problem ${spec.problems[i]?.id}: its prompt is ${p.length} tokens, the context holds ${m.contextSize}`,
      );
  });
  post(loadedMessage(m, builder.wrapper));
  const settings: [number, number][] = [[1, 1]];
  for (const g of spec.grid) if (g !== 1) settings.push([g, 1]);
  for (const g of spec.grid) if (g !== 1) settings.push([1, g]);
  const perSetting = spec.problems.length * spec.k;
  const total = settings.length * perSetting;
  const t0 = performance.now();
  let done = 0;
  let tokens = 0;
  let tau = spec.threshold ?? Infinity;
  const points = new Map<string, TemperaturePoint>();
  const seqs = Array.from({ length: Math.max(1, Math.min(spec.parallel, perSetting)) }, () =>
    m.context.getSequence(),
  );
  for (const [si, [tHigh, tLow]] of settings.entries()) {
    const results: { problem: number; d: Decoded }[] = [];
    let next = 0;
    await Promise.all(
      seqs.map(async (seq) => {
        for (let j = next++; j < perSetting; j = next++) {
          const problem = Math.floor(j / spec.k);
          const seed = (spec.sampling.seed * 7919 + si * 104_729 + j) >>> 0;
          const d = await decode(
            m,
            seq,
            prompts[problem] as Token[],
            spec,
            tHigh,
            tLow,
            tau,
            seed,
            spec.problems[problem]?.answer ?? '',
          );
          results.push({ problem, d });
          tokens += d.length;
          done++;
          post({ type: 'progress', done, total, tokens, elapsedMs: performance.now() - t0 });
        }
      }),
    );
    if (si === 0 && spec.threshold === undefined)
      tau = percentileSorted(sortedValues(results.flatMap((r) => r.d.entropies)), spec.percentile);
    const perProblem = spec.problems.map((_, p) => {
      const mine = results.filter((r) => r.problem === p);
      return mine.filter((r) => r.d.correct).length / Math.max(1, mine.length);
    });
    const n = perProblem.length;
    const acc = perProblem.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(perProblem.reduce((a, b) => a + (b - acc) ** 2, 0) / (n - 1)) : 0;
    const len = results.reduce((a, r) => a + r.d.length, 0);
    // The calibration point decided with τ = ∞: count its share against the measured τ.
    const high =
      si === 0
        ? results.reduce((a, r) => a + r.d.entropies.filter((h) => h > tau).length, 0)
        : results.reduce((a, r) => a + r.d.high, 0);
    points.set(`${tHigh}:${tLow}`, {
      tHigh,
      tLow,
      accuracy: acc,
      stderr: sd / Math.sqrt(n),
      highShare: len ? high / len : 0,
      meanLength: len / results.length,
    });
  }
  seqs.forEach((s) => s.dispose());
  const at = (h: number, l: number) => points.get(`${h}:${l}`) as TemperaturePoint;
  const grid = [...new Set([...spec.grid, 1])].sort((a, b) => a - b);
  return {
    tokens,
    result: {
      kind: 'temperature',
      runId: spec.runId,
      step: 0,
      benchmark: spec.promptSetLabel,
      benchmarkLabel: `${spec.promptSetLabel} (real model, boxed answers)`,
      problems: spec.problems.length,
      k: spec.k,
      grid,
      threshold: tau,
      percentile: spec.threshold === undefined ? spec.percentile : null,
      varyHigh: grid.map((g) => at(g, 1)),
      varyLow: grid.map((g) => at(1, g)),
      seconds: (performance.now() - t0) / 1000,
    },
  };
}
