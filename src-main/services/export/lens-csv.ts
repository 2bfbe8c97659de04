// The token-entropy lens's data as CSV (one table per file, RFC 4180, full precision): the
// entropy histogram with its percentiles, percentiles per step, the forking-token tables, a
// step's rollouts token by token, the overlap per checkpoint, the entropy change per
// base-percentile bin and the temperature grid. Pure functions of the API's shapes.
import type {
  EntropyAnalysis,
  OverlapResult,
  RolloutView,
  StepPercentiles,
  TemperatureResult,
} from '../../contract/api-analysis';
import type { CsvValue } from './csv';
import { csvRow } from './csv';

export interface Table {
  text: string;
  /** Data rows (the header not counted). */
  rows: number;
}

function table(header: readonly string[], rows: readonly CsvValue[][]): Table {
  return {
    text: `${[csvRow(header), ...rows.map(csvRow)].join('\n')}\n`,
    rows: rows.length,
  };
}

export const HISTOGRAM_HEADER = ['kind', 'name', 'lower', 'upper', 'count', 'share'] as const;

/**
 * Fig. 2a: one `bin` row per histogram bin (lower ≤ entropy < upper, in nats; the first bin
 * starts at 0), then `percentile` rows (p50…p99, the value in `lower` and `upper`) and `summary`
 * rows (tokens, mean, share below 0.01 nats). The bins' counts sum to the token count.
 */
export function histogramCsv(
  a: Pick<EntropyAnalysis, 'histogram' | 'percentiles' | 'tokens' | 'mean' | 'shareBelow001'>,
): Table {
  const { edges, counts } = a.histogram;
  const rows: CsvValue[][] = counts.map((c, b) => [
    'bin',
    String(b),
    edges[b],
    edges[b + 1],
    c,
    a.tokens > 0 ? c / a.tokens : 0,
  ]);
  for (const [name, v] of Object.entries(a.percentiles)) rows.push(['percentile', name, v, v]);
  rows.push(['summary', 'tokens', null, null, a.tokens]);
  rows.push(['summary', 'mean', a.mean, a.mean]);
  rows.push(['summary', 'share_below_0.01', 0, 0.01, null, a.shareBelow001]);
  return table(HISTOGRAM_HEADER, rows);
}

/** Fig. 5: the stored tokens' entropy percentiles at every stored step. */
export function percentilesCsv(perStep: readonly StepPercentiles[]): Table {
  return table(
    ['step', 'tokens', 'mean', 'p50', 'p80', 'p95', 'p99'],
    perStep.map((r) => [r.step, r.tokens, r.mean, r.p50, r.p80, r.p95, r.p99]),
  );
}

/** Fig. 2b/c: both token tables, ranked (1 = highest / lowest mean entropy). */
export function tokensCsv(t: EntropyAnalysis['tokenTable']): Table {
  const rows: CsvValue[][] = [];
  for (const [name, list] of [
    ['highest', t.highest],
    ['lowest', t.lowest],
  ] as const)
    list.forEach((r, i) => rows.push([name, i + 1, r.token, r.text, r.count, r.meanEntropy]));
  return table(['table', 'rank', 'token_id', 'token', 'count', 'mean_entropy'], rows);
}

export const ROLLOUT_HEADER = [
  'step',
  'idx',
  'position',
  'token_id',
  'token',
  'entropy',
  'logprob',
  'prob',
  'mask',
  'advantage',
  'reward',
  'correct',
] as const;

/** Rollouts token by token: entropy (nats), log π and π of the token, mask (1/0, or empty). */
export function rolloutCsv(
  step: number,
  samples: readonly RolloutView[],
  vocab: Record<number, string>,
): Table {
  const rows: CsvValue[][] = [];
  for (const s of samples)
    s.tokens.forEach((id, i) => {
      const lp = s.logprobs?.[i];
      rows.push([
        step,
        s.idx,
        i,
        id,
        vocab[id] ?? '',
        s.entropies[i],
        lp,
        lp === undefined ? null : Number(Math.exp(lp).toPrecision(6)),
        s.mask ? s.mask[i] : null,
        s.advantage,
        s.reward,
        s.correct ? 1 : 0,
      ]);
    });
  return table(ROLLOUT_HEADER, rows);
}

/** Table 1: each checkpoint's overlap with the base's and the final's top-ρ positions. */
export function overlapCsv(r: OverlapResult): Table {
  return table(
    ['checkpoint', 'step', 'mean_entropy', 'overlap_with_base', 'overlap_with_final'],
    r.rows.map((x) => [x.label, x.step, x.meanEntropy, x.overlapWithBase, x.overlapWithFinal]),
  );
}

/** Fig. 4: entropy change (final − reference) per bin of the reference's entropy percentile. */
export function changeCsv(r: OverlapResult): Table {
  return table(
    ['from_pct', 'to_pct', 'count', 'base_mean_entropy', 'mean_change', 'mean_abs_change'],
    r.bins.map((b) => [b.fromPct, b.toPct, b.count, b.baseMean, b.meanChange, b.meanAbsChange]),
  );
}

/** Fig. 3: every point of both sweeps (`vary_high`: T_low = 1; `vary_low`: T_high = 1). */
export function temperatureCsv(r: TemperatureResult): Table {
  const rows: CsvValue[][] = [];
  for (const [sweep, list] of [
    ['vary_high', r.varyHigh],
    ['vary_low', r.varyLow],
  ] as const)
    for (const p of list)
      rows.push([sweep, p.tHigh, p.tLow, p.accuracy, p.highShare, p.meanLength, r.threshold]);
  return table(
    ['sweep', 't_high', 't_low', 'accuracy', 'high_share', 'mean_length', 'threshold'],
    rows,
  );
}
