// Figure specs of the token-entropy lens, built from the same data its views draw: the entropy
// histogram (Fig. 2a), percentiles over training (Fig. 5), forking tokens (Fig. 2b/c) and one
// rollout as coloured tokens; the analyses' figures are in lens-analyses.ts. Pure: the exporter
// and the tests feed them.
import type {
  EntropyAnalysis,
  RolloutView,
  StepPercentiles,
  TokenEntropyRow,
} from '../contract/api-analysis';
import type { ColourBy } from './colormap';
import type { FigureSeries, FigureSpec } from './spec';
import { PAPER_COLOURS } from './spec';
import { formatTick } from './ticks';
import type { LensFigureOptions } from './lens-options';
import type { TokenFigureSpec } from './tokens';

const BLUE = PAPER_COLOURS[0] as string;
const ORANGE = PAPER_COLOURS[1] as string;
const RED = PAPER_COLOURS[2] as string;
const GREEN = PAPER_COLOURS[3] as string;
const GREY = '#9a9a9a';
/** p50, p80, p95, p99: the same colours in the histogram's markers and the percentile curves. */
export const PERCENTILE_COLOURS = { p50: GREEN, p80: BLUE, p95: ORANGE, p99: RED } as const;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const sig = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : 'n/a');

/** "step 40", "steps 0–120 (13 stored)", "no steps". */
export function stepsText(steps: readonly number[]): string {
  if (steps.length === 0) return 'no steps';
  if (steps.length === 1) return `step ${steps[0]}`;
  return `steps ${steps[0]}\u2013${steps[steps.length - 1]} (${steps.length} stored)`;
}

export type { LensFigureOptions } from './lens-options';

export type HistogramData = Pick<
  EntropyAnalysis,
  'steps' | 'tokens' | 'histogram' | 'percentiles' | 'mean' | 'shareBelow001'
>;

/**
 * Fig. 2a: log-spaced bins (edges[0] = 0, edges[1] = the smallest bin's lower edge; bin 0 holds
 * [0, edges[1]) and is drawn one bin-width to the left of the log axis), log counts, markers at
 * p50 / p80 / p95 and 0.01 nats.
 */
export function histogramFigure(d: HistogramData, o: LensFigureOptions): FigureSpec {
  const { edges, counts } = d.histogram;
  const min = edges[1] ?? 1e-4;
  const max = edges[edges.length - 1] ?? 1;
  const ratio = edges.length > 3 ? (edges[2] as number) / min : 10;
  const x0 = min / ratio ** 1.4;
  const x1 = min / ratio ** 0.4;
  const shrink = ratio ** 0.05;
  const main: [number, number, number][] = [];
  counts.forEach((c, b) => {
    if (b > 0 && c > 0)
      main.push([(edges[b] as number) * shrink, (edges[b + 1] as number) / shrink, c]);
  });
  const maxCount = Math.max(1, ...counts);
  const markerX = (v: number) => (v >= min ? v : x0 * (x1 / x0) ** Math.max(0, v / min));
  const ticks = [{ value: Math.sqrt(x0 * x1), label: `<${formatTick(min, 0)}` }];
  for (let e = Math.ceil(Math.log10(min) - 1e-9) + 1; 10 ** e <= max * 1.0001; e++)
    ticks.push({ value: 10 ** e, label: formatTick(10 ** e, 0) });
  const p = d.percentiles;
  return {
    kind: 'plot',
    title: o.title ?? `Token entropy distribution \u00b7 ${o.run} \u00b7 ${stepsText(d.steps)}`,
    xLabel: 'token entropy (nats, log scale)',
    yLabel: 'tokens (log scale)',
    xScale: 'log',
    yScale: 'log',
    xDomain: [x0, max],
    yDomain: [0.5, 10 ** Math.max(1, Math.ceil(Math.log10(maxCount) - 1e-9))],
    xTicks: ticks,
    series: [],
    bars: [
      {
        label: `below ${formatTick(min, 0)} nats (incl. 0)`,
        colour: GREY,
        bars: counts[0] ? [[x0, x1, counts[0]]] : [],
      },
      { label: 'tokens per log-spaced bin', colour: BLUE, bars: main },
    ],
    markers: [
      { x: markerX(p.p50), label: `p50 ${sig(p.p50)}`, colour: PERCENTILE_COLOURS.p50 },
      { x: markerX(p.p80), label: `p80 ${sig(p.p80)}`, colour: PERCENTILE_COLOURS.p80 },
      { x: markerX(p.p95), label: `p95 ${sig(p.p95)}`, colour: PERCENTILE_COLOURS.p95 },
      { x: 0.01, label: '0.01', colour: '#555555' },
    ],
    legend: 'top',
    theme: 'paper',
    caption: `${d.tokens.toLocaleString('en-US')} tokens \u00b7 ${pct(d.shareBelow001)} below 0.01 nats (paper 50.64%) \u00b7 mean ${sig(d.mean)} nats`,
  };
}

/** One of the run's own logged percentile series (entropy/p80…), drawn dashed. */
export interface MetricSeriesInput {
  key: string;
  points: readonly { step: number; value: number }[];
}

/** Fig. 5: percentiles of the stored tokens per stored step (dots), run metrics dashed. */
export function percentilesFigure(
  perStep: readonly StepPercentiles[],
  metrics: readonly MetricSeriesInput[],
  o: LensFigureOptions,
): FigureSpec {
  const keys = ['p50', 'p80', 'p95', 'p99'] as const;
  const series: FigureSeries[] = [];
  for (const m of metrics) {
    const k = keys.find((x) => m.key.endsWith(x));
    series.push({
      label: `${m.key} (run metric)`,
      colour: k ? PERCENTILE_COLOURS[k] : GREY,
      points: m.points.map((q): [number, number] => [q.step, q.value]),
      dashed: true,
      width: 1,
      opacity: 0.8,
    });
  }
  for (const k of keys)
    series.push({
      label: k,
      colour: PERCENTILE_COLOURS[k],
      points: perStep.map((r): [number, number] => [r.step, r[k]]),
      dots: true,
    });
  return {
    kind: 'plot',
    title: o.title ?? `Entropy percentiles over training \u00b7 ${o.run}`,
    xLabel: 'step',
    yLabel: 'entropy (nats, log scale)',
    xScale: 'linear',
    yScale: 'log',
    series,
    legend: 'top',
    theme: 'paper',
    caption: `stored response tokens at ${perStep.length} steps${metrics.length ? '; dashed: the run\u2019s logged metrics' : ''}`,
  };
}

export interface TokenTableData {
  steps: readonly number[];
  tokens: number;
  tokenTable: EntropyAnalysis['tokenTable'];
}

/** Fig. 2b/c: the highest and lowest mean-entropy tokens as boxes sized by mean entropy. */
export function tokensFigure(d: TokenTableData, o: LensFigureOptions): TokenFigureSpec {
  const t = d.tokenTable;
  const maxH = Math.max(1e-6, ...t.highest.map((r) => r.meanEntropy));
  const boxes = (rows: readonly TokenEntropyRow[]) =>
    rows.map((r) => ({
      text: r.text,
      value: r.meanEntropy,
      size: 8 + 12 * (r.meanEntropy / maxH),
    }));
  return {
    kind: 'tokens',
    title: o.title ?? `Forking tokens \u00b7 ${o.run} \u00b7 ${stepsText(d.steps)}`,
    lines: [
      {
        text: `${t.eligible} of ${t.distinct} distinct tokens seen more than ${t.minCount} times \u00b7 ${d.tokens.toLocaleString('en-US')} tokens; size and colour: mean entropy`,
      },
    ],
    blocks: [
      { heading: 'Highest mean entropy (forks)', tokens: boxes(t.highest), layout: 'cloud' },
      { heading: 'Lowest mean entropy (followers)', tokens: boxes(t.lowest), layout: 'cloud' },
    ],
    colourBy: 'entropy',
    theme: 'paper',
  };
}

export interface RolloutFigureInput {
  step: number;
  sample: RolloutView;
  vocab: Record<number, string>;
  colourBy: ColourBy;
}

/** One rollout's response as coloured token boxes (the rollout view), with its facts. */
export function rolloutFigure(r: RolloutFigureInput, o: LensFigureOptions): TokenFigureSpec {
  const s = r.sample;
  const meanH = s.entropies.length
    ? s.entropies.reduce((a, b) => a + b, 0) / s.entropies.length
    : 0;
  const inMask = s.mask ? [...s.mask].filter((c) => c === '1').length : null;
  const facts = [
    s.correct ? 'correct' : 'wrong',
    `reward ${s.reward.toFixed(2)}`,
    `advantage ${s.advantage > 0 ? '+' : ''}${s.advantage.toFixed(2)}`,
    `${s.tokens.length} tokens`,
    `mean entropy ${meanH.toFixed(3)}`,
    ...(inMask === null ? [] : [`${inMask} in the mask`]),
  ];
  const value = (i: number) =>
    r.colourBy === 'entropy'
      ? (s.entropies[i] ?? 0)
      : r.colourBy === 'logprob'
        ? (s.logprobs?.[i] ?? 0)
        : s.advantage;
  return {
    kind: 'tokens',
    title: o.title ?? `${o.run} \u00b7 step ${r.step} \u00b7 rollout #${s.idx}`,
    lines: [
      { text: facts.join(' \u00b7 ') },
      { text: `prompt: ${s.prompt.trim().replace(/\n/g, ' \u00b6 ')}`, mono: true },
    ],
    blocks: [
      {
        layout: 'flow',
        tokens: s.tokens.map((id, i) => ({
          text: r.vocab[id] ?? '?',
          value: value(i),
          selected: s.mask?.[i] === '1',
        })),
      },
    ],
    colourBy: r.colourBy,
    theme: 'paper',
  };
}

export * from './lens-analyses';
