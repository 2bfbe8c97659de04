// The token-entropy lens: stored rollout samples token by token, and the distribution and
// forking-token analyses over them (engine/analysis does the maths; this reads the store).
import type {
  EntropyAnalysis,
  RolloutView,
  StepPercentiles,
  TokenEntropyRow,
} from '../contract/api-analysis';
import type { StoredRollout } from '../contract/rollout';
import {
  logHistogram,
  mean,
  percentileSorted,
  shareBelow,
  sortedValues,
  tokenEntropyTable,
} from '../engine/analysis';
import { tokenToString } from '../engine/tokenizer';
import { notFound } from './experiments';
import type { Handler, ServiceDeps } from './types';

/** 4 significant digits: enough for a colour and a tooltip, a third of the JSON of full floats. */
const sig4 = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(4)) : 0);
const dec4 = (v: number): number => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : -99);
/** A probability to 4 decimals (the tooltip shows 3): tiny ones cost one character. */
const prob4 = (v: number): number => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0);

// The one place a record changes for the wire: rounding, and the mask as a '0'/'1' string.
function toView(s: StoredRollout): RolloutView {
  const alt = s.alternatives;
  return {
    idx: s.idx,
    prompt: s.prompt,
    response: s.response,
    reward: s.reward,
    advantage: s.advantage,
    correct: s.correct,
    tokens: s.tokens,
    entropies: s.entropies.map((e) => sig4(Math.max(0, e))),
    logprobs: s.logprobs ? s.logprobs.map(dec4) : null,
    mask: s.mask ? s.mask.join('') : null,
    alternatives: alt ? { k: alt.k, tokens: alt.tokens, probs: alt.probs.map(prob4) } : null,
  };
}

/**
 * Display text of token ids: a real model's decoded pieces (analysis runs keep them in each
 * sample's extra.pieces), else Forkbench's own tokenizer.
 */
function tokenNamer(samples: readonly StoredRollout[]): (token: number) => string {
  const pieces = new Map<number, string>();
  for (const s of samples) {
    const p = s.extra?.['pieces'];
    if (p && typeof p === 'object')
      for (const [k, v] of Object.entries(p as Record<string, unknown>))
        if (typeof v === 'string') pieces.set(Number(k), v);
  }
  return (t) => pieces.get(t) ?? tokenToString(t);
}

function percentileRow(step: number, values: Float32Array): StepPercentiles {
  const sorted = sortedValues(values);
  return {
    step,
    tokens: sorted.length,
    mean: mean(sorted),
    p50: percentileSorted(sorted, 50),
    p80: percentileSorted(sorted, 80),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
  };
}

function concatEntropies(samples: readonly StoredRollout[]): Float32Array {
  const out = new Float32Array(samples.reduce((n, s) => n + s.entropies.length, 0));
  let o = 0;
  for (const s of samples) {
    out.set(s.entropies, o);
    o += s.entropies.length;
  }
  return out;
}

export function analysisServices({ store }: Pick<ServiceDeps, 'store'>) {
  function mustRun(runId: number) {
    const run = store.runs.get(runId);
    if (!run) throw notFound('run', runId, 'runId');
    return run;
  }

  // Per-step percentiles never change once a step is stored (a rewind deletes whole steps), so
  // they are cached by run, step and size.
  const stepCache = new Map<string, StepPercentiles>();

  const steps: Handler<'rollouts.steps'> = ({ runId }) => {
    mustRun(runId);
    return store.rollouts
      .stepSummaries(runId)
      .map(({ step, samples, tokens }) => ({ step, samples, tokens }));
  };

  const list: Handler<'rollouts.list'> = ({ runId, step, filter = {} }) => {
    mustRun(runId);
    const all = store.rollouts.list(runId, step);
    if (all.length === 0) throw notFound('rollout step', step, 'step');
    const kept = all.filter(
      (s) =>
        (filter.correct === undefined || s.correct === filter.correct) &&
        (filter.minReward === undefined || s.reward >= filter.minReward) &&
        (filter.maxReward === undefined || s.reward <= filter.maxReward) &&
        (filter.minLength === undefined || s.tokens.length >= filter.minLength) &&
        (filter.maxLength === undefined || s.tokens.length <= filter.maxLength),
    );
    const vocab: Record<number, string> = {};
    const name = tokenNamer(kept);
    for (const s of kept) {
      for (const t of s.tokens) vocab[t] ??= name(t);
      for (const t of s.alternatives?.tokens ?? []) vocab[t] ??= name(t);
    }
    const summary = store.rollouts.stepSummaries(runId).find((r) => r.step === step);
    const bytes = summary?.bytes ?? 0;
    const tokens = summary?.tokens ?? 0;
    return {
      runId,
      step,
      total: all.length,
      samples: kept.map(toView),
      vocab,
      storage: { bytes, tokens, bytesPerToken: tokens ? bytes / tokens : 0 },
    };
  };

  const entropy: Handler<'analysis.entropy'> = (req) => {
    mustRun(req.runId);
    const summaries = store.rollouts.stepSummaries(req.runId);
    const from = req.step ?? req.fromStep ?? -Infinity;
    const to = req.step ?? req.toStep ?? Infinity;
    const perStep: StepPercentiles[] = [];
    const selected: StoredRollout[] = [];
    const selectedSteps: number[] = [];
    for (const { step, samples, tokens } of summaries) {
      const inRange = step >= from && step <= to;
      const key = `${req.runId}:${step}:${samples}:${tokens}`;
      const cached = stepCache.get(key);
      if (cached && !inRange) {
        perStep.push(cached);
        continue;
      }
      const rows = store.rollouts.list(req.runId, step);
      const row = cached ?? percentileRow(step, concatEntropies(rows));
      stepCache.set(key, row);
      perStep.push(row);
      if (inRange) {
        selected.push(...rows);
        selectedSteps.push(step);
      }
    }
    const values = concatEntropies(selected);
    const sorted = sortedValues(values);
    const hist = logHistogram(values, { bins: req.bins ?? 40, min: 1e-4 });
    const minCount = req.minCount ?? 10;
    const table = tokenEntropyTable(selected, { minCount, topN: req.topN ?? 25 });
    const name = tokenNamer(selected);
    const named = (rows: typeof table.highest): TokenEntropyRow[] =>
      rows.map((r) => ({ ...r, text: name(r.token) }));
    const result: EntropyAnalysis = {
      runId: req.runId,
      steps: selectedSteps,
      tokens: sorted.length,
      histogram: { edges: hist.edges, counts: hist.counts },
      percentiles: {
        p50: percentileSorted(sorted, 50),
        p80: percentileSorted(sorted, 80),
        p95: percentileSorted(sorted, 95),
        p99: percentileSorted(sorted, 99),
      },
      mean: mean(sorted),
      shareBelow001: shareBelow(sorted, 0.01),
      perStep,
      tokenTable: {
        minCount,
        highest: named(table.highest),
        lowest: named(table.lowest),
        distinct: table.distinct,
        eligible: table.eligible,
      },
    };
    return result;
  };

  return {
    'rollouts.steps': steps,
    'rollouts.list': list,
    'analysis.entropy': entropy,
  };
}
