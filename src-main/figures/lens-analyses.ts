// Figure specs of the lens's analyses, from a finished job's result: the pattern overlap per
// checkpoint (Table 1), the entropy change by base-entropy percentile (Fig. 4) and the decoding
// temperature sweep (Fig. 3).
import type { OverlapResult, TemperatureResult } from '../contract/api-analysis';
import type { LensFigureOptions } from './lens-options';
import type { FigureSpec } from './spec';
import { PAPER_COLOURS } from './spec';

const BLUE = PAPER_COLOURS[0] as string;
const ORANGE = PAPER_COLOURS[1] as string;
const RED = PAPER_COLOURS[2] as string;

/** Table 1 as curves: overlap of each checkpoint's top-ρ positions with the base's and final's. */
export function overlapFigure(r: OverlapResult, o: LensFigureOptions): FigureSpec {
  const all = r.rows.flatMap((x) => [x.overlapWithBase, x.overlapWithFinal]);
  const low = Math.max(0, Math.floor(Math.min(1, ...all) * 10) / 10);
  const rho = Math.round(r.rho * 100);
  return {
    kind: 'plot',
    title: o.title ?? `Top-${rho}% entropy-position overlap \u00b7 ${o.run}`,
    xLabel: 'step (base model at 0)',
    yLabel: `top-${rho}% overlap`,
    xScale: 'linear',
    yScale: 'linear',
    yDomain: [Math.min(low, 0.9), 1],
    yFormat: 'percent',
    series: [
      {
        label: `overlap with ${r.hasBase ? 'base' : 'first checkpoint'}`,
        colour: BLUE,
        points: r.rows.map((x): [number, number] => [x.step, x.overlapWithBase]),
        dots: true,
      },
      {
        label: 'overlap with final',
        colour: ORANGE,
        points: r.rows.map((x): [number, number] => [x.step, x.overlapWithFinal]),
        dots: true,
      },
    ],
    legend: 'top',
    theme: 'paper',
    caption: `${r.responses} responses (${r.source === 'final' ? 'sampled by the final checkpoint' : 'stored rollouts'}) \u00b7 ${r.tokens.toLocaleString('en-US')} tokens \u00b7 ${r.scope} threshold \u00b7 T = ${r.temperature}`,
  };
}

/** Fig. 4: mean |entropy change| per 5% bin of the reference's entropy, coloured by its sign. */
export function changeFigure(r: OverlapResult, o: LensFigureOptions): FigureSpec {
  const bar = (b: OverlapResult['bins'][number]): [number, number, number] => {
    const pad = (b.toPct - b.fromPct) * 0.12;
    return [b.fromPct + pad, b.toPct - pad, b.meanAbsChange];
  };
  const ref = r.hasBase ? 'base' : 'first checkpoint';
  return {
    kind: 'plot',
    title: o.title ?? `Entropy change by ${ref}-entropy percentile \u00b7 ${o.run}`,
    xLabel: `${ref} entropy percentile (5% bins)`,
    yLabel: 'mean |entropy change| (nats, log)',
    xScale: 'linear',
    yScale: 'log',
    xDomain: [0, 100],
    xTicks: [0, 20, 40, 60, 80, 100].map((v) => ({ value: v, label: `${v}%` })),
    series: [],
    bars: [
      {
        label: 'entropy rose on average',
        colour: ORANGE,
        bars: r.bins.filter((b) => b.meanChange >= 0).map(bar),
      },
      {
        label: 'entropy fell on average',
        colour: BLUE,
        bars: r.bins.filter((b) => b.meanChange < 0).map(bar),
      },
    ],
    legend: 'top',
    theme: 'paper',
    caption: `final checkpoint minus ${ref}, ${r.tokens.toLocaleString('en-US')} token positions`,
  };
}

/** Fig. 3: accuracy when tokens above tau decode at T_high and the rest at T_low (symlog x). */
export function temperatureFigure(r: TemperatureResult, o: LensFigureOptions): FigureSpec {
  const accs = [...r.varyHigh, ...r.varyLow].map((p) => p.accuracy);
  const top = Math.min(1, Math.max(0.1, Math.ceil(Math.max(0, ...accs) * 10 + 0.5) / 10));
  return {
    kind: 'plot',
    title: o.title ?? `Accuracy vs decoding temperature \u00b7 ${o.run}`,
    xLabel: 'temperature (symlog, linear below 0.2)',
    yLabel: `accuracy (avg@${r.k})`,
    xScale: 'symlog',
    linthresh: 0.2,
    yScale: 'linear',
    yDomain: [0, top],
    yFormat: 'percent',
    xTicks: r.grid.map((t) => ({ value: t, label: String(t) })),
    series: [
      {
        label: 'vary T_high (T_low = 1)',
        colour: RED,
        points: r.varyHigh.map((p): [number, number] => [p.tHigh, p.accuracy]),
        dots: true,
      },
      {
        label: 'vary T_low (T_high = 1)',
        colour: BLUE,
        points: r.varyLow.map((p): [number, number] => [p.tLow, p.accuracy]),
        dots: true,
      },
    ],
    legend: 'top',
    theme: 'paper',
    caption: `tau = ${r.threshold.toFixed(3)} nats${r.percentile === null ? '' : ` (p${r.percentile})`} \u00b7 ${r.benchmarkLabel} \u00b7 ${r.problems} problems \u00d7 k = ${r.k} \u00b7 checkpoint step ${r.step}`,
  };
}
