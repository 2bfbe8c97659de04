// The work of an analysis job: loads checkpoint files, runs the model, returns the result. Runs
// in an analysis child process (analysis-entry.ts) or in the CLI's own process; never in the
// main process of the app or the server. No SQLite: the spec carries what the store knew.
import type { OverlapResult, TemperatureResult } from '../../contract/api-analysis';
import {
  evaluateTwoTemperature,
  overlapTable,
  percentileSorted,
  sortedValues,
  teacherForceEntropies,
  temperatureSweep,
} from '../../engine/analysis';
import type { ForcedSequence } from '../../engine/analysis';
import { initBackend } from '../../engine/backend';
import { createPolicy } from '../../engine/model';
import type { Policy } from '../../engine/model';
import { createRng } from '../../engine/rng';
import { benchmarkTask, createTask, getBenchmark } from '../../engine/tasks';
import { BOS_ID, EOS_ID, encode } from '../../engine/tokenizer';
import type {
  AnalysisJobSpec,
  AnalysisResultData,
  ModelRef,
  OverlapJobSpec,
  TemperatureJobSpec,
} from '../../contract/analysis-protocol';
import { readCheckpointFile } from '../checkpoints/checkpoint-files';
import { decodeTrainerState } from '../checkpoints/state-codec';

export type ProgressFn = (done: number, total: number, message: string) => void;

function loadPolicy(ref: ModelRef, seed: number): Policy {
  const weights = decodeTrainerState(readCheckpointFile(ref.path, ref.sha256)).weights;
  const policy = createPolicy(weights.config, seed);
  policy.setWeights(weights);
  return policy;
}

const round = (v: number, digits = 6): number =>
  Number.isFinite(v) ? Number(v.toPrecision(digits)) : v;

export async function runAnalysisJob(
  spec: AnalysisJobSpec,
  progress: ProgressFn = () => undefined,
): Promise<AnalysisResultData> {
  await initBackend(spec.config.backend === 'auto' ? 'wasm' : spec.config.backend);
  return spec.kind === 'overlap' ? runOverlap(spec, progress) : runTemperature(spec, progress);
}

/** Table 1 + Fig. 4: the same fixed responses teacher-forced through every model. */
export function runOverlap(spec: OverlapJobSpec, progress: ProgressFn): OverlapResult {
  const started = performance.now();
  const { config } = spec;
  if (spec.models.length === 0) throw new Error(`run #${spec.runId} has no checkpoints`);
  const total = spec.models.length + (spec.source === 'final' ? 1 : 0);
  let done = 0;
  const sequences: ForcedSequence[] = [];
  if (spec.source === 'stored') {
    for (const s of spec.stored ?? []) if (s.response.length > 0) sequences.push(s);
  } else {
    const finalRef = spec.models[spec.models.length - 1] as ModelRef;
    progress(done, total, `sampling ${spec.responses} responses with ${finalRef.label}`);
    const policy = loadPolicy(finalRef, config.seed);
    const task = createTask(config.task);
    const rng = createRng(config.seed + 7919);
    const prompts = Array.from({ length: spec.responses }, () => [
      BOS_ID,
      ...encode(task.sampleProblem(rng, 'eval').prompt),
    ]);
    const out = policy.sample(prompts, {
      maxNewTokens: config.rl.maxResponseTokens,
      temperature: config.rl.temperature,
      eosId: EOS_ID,
      rng: () => rng.next(),
    });
    policy.dispose();
    prompts.forEach((p, i) => {
      const response = out.tokens[i] as number[];
      if (response.length > 0) sequences.push({ prompt: p, response });
    });
    progress(++done, total, `sampled ${sequences.length} responses`);
  }
  if (sequences.length === 0) throw new Error(`run #${spec.runId} has no responses to score`);
  const perModel: Float32Array[][] = [];
  for (const m of spec.models) {
    const policy = loadPolicy(m, config.seed);
    perModel.push(teacherForceEntropies(policy, sequences, config.rl.temperature).entropies);
    policy.dispose();
    progress(++done, total, `scored ${m.label}`);
  }
  const table = overlapTable(perModel, spec.rho, spec.scope, 20);
  return {
    kind: 'overlap',
    runId: spec.runId,
    rho: spec.rho,
    scope: spec.scope,
    source: spec.source,
    responses: sequences.length,
    tokens: table.tokens,
    temperature: config.rl.temperature,
    hasBase: spec.hasBase,
    rows: spec.models.map((m, i) => {
      const r = table.rows[i] as (typeof table.rows)[number];
      return {
        step: m.step,
        label: m.label,
        meanEntropy: round(r.meanEntropy),
        overlapWithBase: round(r.overlapWithBase),
        overlapWithFinal: round(r.overlapWithFinal),
      };
    }),
    bins: table.bins.map((b) => ({
      ...b,
      baseMean: round(b.baseMean),
      meanChange: round(b.meanChange),
      meanAbsChange: round(b.meanAbsChange),
    })),
    seconds: round((performance.now() - started) / 1000, 4),
  };
}

/** Fig. 3: accuracy under two-temperature decoding, both sweeps, on a held-out benchmark. */
export function runTemperature(spec: TemperatureJobSpec, progress: ProgressFn): TemperatureResult {
  const started = performance.now();
  const { config } = spec;
  const bench = getBenchmark(spec.benchmark);
  const task = benchmarkTask(spec.benchmark);
  const problems = bench.problems.slice(0, spec.problems);
  const points = temperatureSweep(spec.grid);
  const total = points.length + (spec.threshold === undefined ? 1 : 0);
  let done = 0;
  const policy = loadPolicy(spec.model, config.seed);
  try {
    let threshold = spec.threshold;
    if (threshold === undefined) {
      // τ: the checkpoint's own token entropies at T = 1 on held-out prompts (not the benchmark's).
      progress(done, total, 'measuring τ');
      const rng = createRng(spec.seed + 104729);
      const prompts = Array.from({ length: Math.max(32, spec.problems) }, () => [
        BOS_ID,
        ...encode(createTask(config.task).sampleProblem(rng, 'eval').prompt),
      ]);
      const out = policy.sample(prompts, {
        maxNewTokens: config.rl.maxResponseTokens,
        temperature: 1,
        eosId: EOS_ID,
        rng: () => rng.next(),
      });
      const all = sortedValues(
        Float64Array.from(out.entropies.flatMap((e) => Array.from(e as ArrayLike<number>))),
      );
      threshold = percentileSorted(all, spec.percentile);
      progress(++done, total, `τ = ${threshold.toFixed(4)} nats`);
    }
    const results = new Map<string, TemperatureResult['varyHigh'][number]>();
    for (const p of points) {
      const r = evaluateTwoTemperature(policy, problems, task, {
        threshold,
        tHigh: p.tHigh,
        tLow: p.tLow,
        k: spec.k,
        maxNewTokens: config.rl.maxResponseTokens,
        seed: spec.seed,
      });
      results.set(`${p.tHigh}/${p.tLow}`, {
        tHigh: p.tHigh,
        tLow: p.tLow,
        accuracy: round(r.accuracy),
        highShare: round(r.highShare),
        meanLength: round(r.meanLength),
      });
      progress(
        ++done,
        total,
        `T_high ${p.tHigh}, T_low ${p.tLow}: ${(r.accuracy * 100).toFixed(1)}%`,
      );
    }
    const pick = (tHigh: number, tLow: number) =>
      results.get(`${tHigh}/${tLow}`) as TemperatureResult['varyHigh'][number];
    const grid = [...new Set(spec.grid)];
    return {
      kind: 'temperature',
      runId: spec.runId,
      step: spec.model.step,
      benchmark: bench.id,
      benchmarkLabel: bench.label,
      problems: problems.length,
      k: spec.k,
      grid,
      threshold: round(threshold),
      percentile: spec.threshold === undefined ? spec.percentile : null,
      varyHigh: grid.map((t) => pick(t, 1)),
      varyLow: grid.map((t) => pick(1, t)),
      seconds: round((performance.now() - started) / 1000, 4),
    };
  } finally {
    policy.dispose();
  }
}
