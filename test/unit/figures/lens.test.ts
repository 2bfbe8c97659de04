// The lens's figure specs and CSV tables on hand-made inputs with known values: the histogram's
// bins sum to the token count and its SVG carries the percentile markers, a rollout's tokens are
// boxes in the lens's colours, symlog ticks sit in order, PDFs are valid; and the contract's rules.
import { describe, expect, it } from 'vitest';
import type {
  EntropyAnalysis,
  OverlapResult,
  RolloutView,
  TemperatureResult,
} from '../../../src-main/contract';
import { validateRequest } from '../../../src-main/contract';
import { swatch } from '../../../src-main/figures/colormap';
import { layoutAny, renderPdf, renderSvg } from '../../../src-main/figures';
import {
  changeFigure,
  histogramFigure,
  overlapFigure,
  percentilesFigure,
  rolloutFigure,
  temperatureFigure,
  tokensFigure,
} from '../../../src-main/figures/lens';
import { parseCsv } from '../../../src-main/services/export/csv';
import * as lensCsv from '../../../src-main/services/export/lens-csv';
import { checkPdf } from './pdf-check';
import { checkXml } from './xml';

const run = { run: 'top-20 (#3)' };

// 4 log-spaced bins over [1e-4, 1): edges 0, 1e-4, 1e-3, 1e-2, 1e-1, 1.
const analysis: EntropyAnalysis = {
  runId: 3,
  steps: [10, 20],
  tokens: 100,
  histogram: { edges: [0, 1e-4, 1e-3, 1e-2, 1e-1, 1], counts: [40, 0, 25, 20, 15] },
  percentiles: { p50: 0.002, p80: 0.05, p95: 0.4, p99: 0.9 },
  mean: 0.08,
  shareBelow001: 0.65,
  perStep: [
    { step: 10, tokens: 60, mean: 0.1, p50: 0.003, p80: 0.06, p95: 0.5, p99: 1 },
    { step: 20, tokens: 40, mean: 0.05, p50: 0.001, p80: 0.04, p95: 0.3, p99: 0.8 },
  ],
  tokenTable: {
    minCount: 10,
    highest: [
      { token: 7, text: 'try', count: 30, meanEntropy: 1.6 },
      { token: 9, text: ' no', count: 12, meanEntropy: 1.1 },
      { token: 11, text: 'a,"b"', count: 11, meanEntropy: 0.5 },
    ],
    lowest: [{ token: 20, text: '=', count: 50, meanEntropy: 0.001 }],
    distinct: 40,
    eligible: 4,
  },
};

const sample: RolloutView = {
  idx: 5,
  prompt: 'nums 7 8 3 to 59\n',
  response: 'try 7\n',
  reward: 1,
  advantage: 0.5,
  correct: true,
  tokens: [10, 11, 12, 2],
  entropies: [2.4, 0.01, 0.3, 0],
  logprobs: [-1.5, -0.01, -0.2, 0],
  mask: '1000',
  alternatives: null,
};
const vocab = { 10: 'try', 11: ' 7', 12: '\n', 2: '<eos>' };

function overlap(): OverlapResult {
  return {
    kind: 'overlap',
    runId: 3,
    rho: 0.2,
    scope: 'pool',
    source: 'final',
    responses: 8,
    tokens: 400,
    temperature: 1,
    hasBase: true,
    seconds: 1,
    rows: [
      { step: 0, label: 'base (b)', meanEntropy: 0.5, overlapWithBase: 1, overlapWithFinal: 0.85 },
      { step: 10, label: 'step 10', meanEntropy: 0.4, overlapWithBase: 0.85, overlapWithFinal: 1 },
    ],
    bins: Array.from({ length: 20 }, (_, b) => ({
      fromPct: b * 5,
      toPct: b * 5 + 5,
      count: 20,
      baseMean: 0.01 * (b + 1),
      meanChange: b % 4 === 0 ? 0.001 * (b + 1) : -0.001 * (b + 1),
      meanAbsChange: 0.001 * (b + 1),
    })),
  };
}

function temperature(): TemperatureResult {
  const grid = [0, 0.05, 0.3, 1, 3];
  const pt = (tHigh: number, tLow: number, accuracy: number) => ({
    tHigh,
    tLow,
    accuracy,
    highShare: 0.2,
    meanLength: 12,
  });
  return {
    kind: 'temperature',
    runId: 3,
    step: 40,
    benchmark: 'b',
    benchmarkLabel: 'Bench',
    problems: 10,
    k: 2,
    grid,
    threshold: 0.6,
    percentile: 80,
    varyHigh: grid.map((t, i) => pt(t, 1, 0.2 + 0.05 * i)),
    varyLow: grid.map((t, i) => pt(1, t, 0.5 - 0.1 * i)),
    seconds: 2,
  };
}

const texts = (svg: string, cls: string) =>
  [...svg.matchAll(new RegExp(`class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);

describe('entropy histogram (Fig. 2a)', () => {
  it('CSV: one row per bin whose counts sum to the token count, then percentiles', () => {
    const [header, ...rows] = parseCsv(lensCsv.histogramCsv(analysis).text);
    expect(header).toEqual(['kind', 'name', 'lower', 'upper', 'count', 'share']);
    const bins = rows.filter((r) => r[0] === 'bin');
    expect(bins).toHaveLength(5);
    expect(bins.reduce((n, r) => n + Number(r[4]), 0)).toBe(analysis.tokens);
    expect(bins[0]).toEqual(['bin', '0', '0', '0.0001', '40', '0.4']);
    expect(bins[4]?.slice(2, 5)).toEqual(['0.1', '1', '15']);
    const p = Object.fromEntries(
      rows.filter((r) => r[0] === 'percentile').map((r) => [r[1], r[2]]),
    );
    expect(p).toEqual({ p50: '0.002', p80: '0.05', p95: '0.4', p99: '0.9' });
    expect(rows.find((r) => r[1] === 'share_below_0.01')?.[5]).toBe('0.65');
  });

  it('SVG: a bar per non-empty bin, labelled percentile markers, log axes', () => {
    const spec = histogramFigure(analysis, run);
    const svg = renderSvg(spec);
    expect(checkXml(svg)).toBeNull();
    expect(svg.match(/class="bar"/g)).toHaveLength(4); // the empty bin is not drawn
    const markers = texts(svg, 'marker');
    expect(markers).toEqual(expect.arrayContaining(['p50 0.002', 'p80 0.05', 'p95 0.4', '0.01']));
    expect(svg.match(/class="marker" data-label/g)).toHaveLength(4);
    expect(texts(svg, 'tick')).toEqual(
      expect.arrayContaining(['&#60;1e-4', '0.001', '0.01', '0.1']),
    );
    expect(svg).toContain('>token entropy (nats, log scale)</text>');
    expect(svg).toContain('65.0% below 0.01 nats');
    // Taller bars for bigger counts: bin 2 (25 tokens) above bin 4 (15).
    const scene = layoutAny(spec);
    const bars = scene.prims.filter((p) => p.kind === 'polygon' && p.role === 'bar');
    const tops = bars.map((b) => (b.kind === 'polygon' ? b.points[0]![1] : 0));
    expect(tops[1]).toBeLessThan(tops[3] as number);
  });

  it('PDF: one valid page with the markers in Helvetica', () => {
    const pdf = renderPdf(histogramFigure(analysis, run));
    expect(new TextDecoder('latin1').decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(checkPdf(pdf).pages).toBe(1);
    expect(new TextDecoder('latin1').decode(pdf)).toContain('(p80 0.05) Tj');
  });
});

describe('percentiles (Fig. 5) and forking tokens (Fig. 2b/c)', () => {
  it('percentiles: a row per stored step; four dotted curves plus dashed run metrics', () => {
    const t = lensCsv.percentilesCsv(analysis.perStep);
    expect(t.rows).toBe(2);
    expect(parseCsv(t.text)[2]).toEqual(['20', '40', '0.05', '0.001', '0.04', '0.3', '0.8']);
    const spec = percentilesFigure(
      analysis.perStep,
      [{ key: 'entropy/p80', points: [{ step: 5, value: 0.07 }] }],
      run,
    );
    expect(spec.series.map((s) => s.label)).toEqual([
      'entropy/p80 (run metric)',
      'p50',
      'p80',
      'p95',
      'p99',
    ]);
    expect(spec.series[0]?.dashed).toBe(true);
    expect(spec.series[0]?.colour).toBe(spec.series[2]?.colour);
    const svg = renderSvg(spec);
    expect(svg.match(/class="dot"/g)).toHaveLength(4 * 2 + 4); // points + legend swatches
  });

  it('tokens: both tables ranked, quoted where needed; boxes in the entropy colours', () => {
    const rows = parseCsv(lensCsv.tokensCsv(analysis.tokenTable).text);
    expect(rows[0]).toEqual(['table', 'rank', 'token_id', 'token', 'count', 'mean_entropy']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['highest', '1', 'try'],
      ['highest', '2', ' no'],
      ['highest', '3', 'a,"b"'],
      ['lowest', '1', '='],
    ]);
    const svg = renderSvg(tokensFigure(analysis, run));
    expect(checkXml(svg)).toBeNull();
    expect(svg.match(/class="token" data-label/g)).toHaveLength(4);
    expect(svg).toContain(`fill="${swatch('entropy', 1.6, 'light', 'hex').background}"`);
    expect(texts(svg, 'token')).toEqual(['try', '·no', 'a,&#34;b&#34;', '=']);
  });
});

describe('a rollout as coloured tokens', () => {
  it('CSV: a row per token with entropy, log-prob, prob = exp(log-prob), mask', () => {
    const rows = parseCsv(lensCsv.rolloutCsv(40, [sample], vocab).text);
    expect(rows[0]?.join(',')).toBe(
      'step,idx,position,token_id,token,entropy,logprob,prob,mask,advantage,reward,correct',
    );
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual([
      '40',
      '5',
      '0',
      '10',
      'try',
      '2.4',
      '-1.5',
      '0.22313',
      '1',
      '0.5',
      '1',
      '1',
    ]);
    expect(rows[3]?.[4]).toBe('\n');
    expect(rows[2]?.[7]).toBe('0.99005'); // e^-0.01 = 0.9900498… to 6 significant digits
  });

  it('figure: one box per token in the fixed scale, newline as ¶, a colour legend', () => {
    const spec = rolloutFigure({ step: 40, sample, vocab, colourBy: 'entropy' }, run);
    const svg = renderSvg(spec);
    expect(checkXml(svg)).toBeNull();
    expect(svg).toContain('>top-20 (#3) · step 40 · rollout #5</text>');
    expect(svg.match(/class="token" data-label/g)).toHaveLength(4);
    expect(svg).toContain(`fill="${swatch('entropy', 2.4, 'light', 'hex').background}"`);
    expect(texts(svg, 'token')).toEqual(['try', '7', '¶', '&#60;eos&#62;']);
    expect(svg).toContain('>entropy (nats)</text>');
    expect(svg.match(/class="swatch"/g)!.length).toBeGreaterThan(40); // the gradient bar
    // The newline ends the line: <eos> starts the next one.
    const scene = layoutAny(spec);
    const tokenText = scene.prims.filter(
      (p): p is Extract<typeof p, { kind: 'text' }> => p.kind === 'text' && p.role === 'token',
    );
    expect(tokenText[3]!.y).toBeGreaterThan(tokenText[0]!.y);
    const mask = renderSvg(rolloutFigure({ step: 40, sample, vocab, colourBy: 'mask' }, run));
    expect(mask).toContain('got gradient (in the run&#39;s mask)');
    const pdf = renderPdf([spec, spec]);
    expect(checkPdf(pdf).pages).toBe(2);
    expect(new TextDecoder('latin1').decode(pdf)).toContain('/BaseFont /Courier');
  });
});

describe('overlap (Table 1), entropy change (Fig. 4), temperature (Fig. 3)', () => {
  it('CSV tables hold every checkpoint, bin and sweep point', () => {
    const r = overlap();
    expect(parseCsv(lensCsv.overlapCsv(r).text)).toEqual([
      ['checkpoint', 'step', 'mean_entropy', 'overlap_with_base', 'overlap_with_final'],
      ['base (b)', '0', '0.5', '1', '0.85'],
      ['step 10', '10', '0.4', '0.85', '1'],
    ]);
    const bins = parseCsv(lensCsv.changeCsv(r).text);
    expect(bins).toHaveLength(21);
    expect(bins[1]).toEqual(['0', '5', '20', '0.01', '0.001', '0.001']);
    const t = parseCsv(lensCsv.temperatureCsv(temperature()).text);
    expect(t).toHaveLength(11);
    expect(t[1]).toEqual(['vary_high', '0', '1', '0.2', '0.2', '12', '0.6']);
    expect(t[6]).toEqual(['vary_low', '1', '0', '0.5', '0.2', '12', '0.6']);
  });

  it('figures: percent axes, bars split by the sign of the change, symlog ticks in order', () => {
    const ov = renderSvg(overlapFigure(overlap(), run));
    expect(texts(ov, 'tick')).toEqual(expect.arrayContaining(['85%', '90%', '100%']));
    const change = changeFigure(overlap(), run);
    expect(change.bars?.map((b) => b.bars.length)).toEqual([5, 15]);
    expect(renderSvg(change).match(/class="bar"/g)).toHaveLength(20);
    const scene = layoutAny(temperatureFigure(temperature(), run));
    const ticks = scene.prims.filter(
      (p) => p.kind === 'text' && p.role === 'tick' && p.anchor === 'middle',
    );
    expect(ticks.map((p) => (p.kind === 'text' ? p.text : ''))).toEqual([
      '0',
      '0.05',
      '0.3',
      '1',
      '3',
    ]);
    const xs = ticks.map((p) => (p.kind === 'text' ? p.x : 0));
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1] as number);
    // symlog: 0 → 0.05 is a quarter of the linear part, 0.3 → 3 one decade each side of 1.
    expect((xs[4]! - xs[3]!) / (xs[3]! - xs[2]!)).toBeCloseTo(
      Math.log10(3) / Math.log10(1 / 0.3),
      2,
    );
    expect(checkPdf(renderPdf(temperatureFigure(temperature(), run))).pages).toBe(1);
  });
});

describe('export.lens request validation', () => {
  const check = (payload: object) => validateRequest('export.lens', payload);
  it('accepts a valid request and names the field at fault otherwise', () => {
    expect(check({ runId: 1, what: 'histogram', format: 'svg', step: 4 }).ok).toBe(true);
    const cases: [object, string][] = [
      [{ runId: 1, what: 'bogus', format: 'svg' }, 'what'],
      [{ runId: 1, what: 'rollout', format: 'csv' }, 'step'],
      [{ runId: 1, what: 'rollout', format: 'svg', step: 3 }, 'idx'],
      [{ runId: 1, what: 'histogram', format: 'png' }, 'format'],
      [{ runId: 1, what: 'histogram', format: 'csv', step: 3, fromStep: 1 }, 'step'],
      [{ runId: 1, what: 'tokens', format: 'csv', fromStep: 9, toStep: 3 }, 'fromStep'],
    ];
    for (const [payload, field] of cases) {
      const r = check(payload);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.field).toBe(field);
    }
    expect(check({ runId: 1, what: 'rollout', format: 'pdf', step: 3 }).ok).toBe(true);
  });
});
