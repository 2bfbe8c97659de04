import { describe, expect, it } from 'vitest';
import type { SourceSeries } from '../../../src-main/figures';
import {
  buildFigureSpec,
  commonPrefix,
  debiasedEma,
  layoutFigure,
  renderPdf,
  renderSvg,
  textWidth,
} from '../../../src-main/figures';
import { debiasedEma as rendererEma } from '../../../src-renderer/src/charts/smoothing';
import { checkPdf } from './pdf-check';
import { checkXml } from './xml';

function series(runId: number, runName: string, key: string, n = 50, f = (i: number) => i / n) {
  return {
    runId,
    runName,
    key,
    points: Array.from({ length: n }, (_, i) => ({ step: i * 10, value: f(i) })),
  } satisfies SourceSeries;
}

const noisy = (i: number) => 0.1 + 0.5 * (1 - Math.exp(-i / 12)) + 0.05 * Math.sin(i * 1.7);

describe('figure spec', () => {
  it('smooths like the charts (the renderer re-exports the same function)', () => {
    expect(rendererEma).toBe(debiasedEma);
    const s = series(1, 'a', 'reward/mean', 40, noisy);
    const spec = buildFigureSpec([s], { smoothing: 0.6 });
    const ema = debiasedEma(
      s.points.map((p) => p.value),
      0.6,
    );
    const smoothed = spec.series.find((x) => x.legend !== false)!;
    expect(smoothed.points.map((p) => p[1])).toEqual(ema);
    const raw = spec.series.find((x) => x.legend === false)!;
    expect(raw.opacity).toBeLessThan(1);
    expect(spec.title).toBe('reward/mean');
    expect(spec.legend).toBe('none');
    expect(spec.caption).toContain('debiased EMA 0.6');
  });

  it('labels runs, keys, or both; skips empty runs', () => {
    const two = buildFigureSpec([series(1, 'top-20', 'acc'), series(2, 'all', 'acc')], {
      smoothing: 0,
    });
    expect(two.series.map((s) => s.label)).toEqual(['top-20', 'all']);
    expect(two.legend).toBe('top');
    expect(two.series[0]!.colour).not.toBe(two.series[1]!.colour);
    const keys = buildFigureSpec([series(1, 'r', 'entropy/p50'), series(1, 'r', 'entropy/p95')], {
      smoothing: 0,
    });
    expect(keys.series.map((s) => s.label)).toEqual(['p50', 'p95']);
    expect(keys.title).toBe('entropy');
    const empty = buildFigureSpec([
      series(1, 'r', 'acc'),
      { ...series(2, 'q', 'acc'), points: [] },
    ]);
    expect(empty.series.some((s) => s.label.startsWith('q'))).toBe(false);
    expect(commonPrefix(['eval/countdown3-heldout/avg@8', 'eval/countdown3-heldout/pass@8'])).toBe(
      'eval/countdown3-heldout',
    );
  });

  it('aggregates runs as mean ± std over the shared steps', () => {
    const spec = buildFigureSpec(
      [series(1, 'a', 'acc', 10, () => 1), series(2, 'b', 'acc', 5, () => 3)],
      { aggregate: 'mean-std', smoothing: 0 },
    );
    const [line] = spec.series;
    expect(line!.label).toBe('mean ± std (n=2)');
    expect(line!.points).toHaveLength(5);
    expect(line!.points[0]).toEqual([0, 2]);
    expect(line!.band![0]).toEqual([0, 1, 3]);
  });
});

describe('SVG', () => {
  const spec = buildFigureSpec(
    [
      series(1, 'top-20 <ρ=0.2> & "q"', 'reward/mean', 200, noisy),
      series(2, 'all-tokens', 'reward/mean', 150, (i) => noisy(i) * 0.8),
    ],
    { smoothing: 0.6, aggregate: 'none' },
  );
  const svg = renderSvg(spec, { width: 480, height: 300 });

  it('is well-formed XML with a white page of the asked size', () => {
    expect(checkXml(svg)).toBeNull();
    expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="480" height="300"/);
    expect(svg).toContain('<rect width="480" height="300" fill="#ffffff"/>');
  });

  it('draws one path per series and legend entry, and escapes labels', () => {
    expect(svg.match(/class="series"/g)).toHaveLength(4); // raw + smoothed per run
    expect(svg.match(/class="legend" data-label/g)).toHaveLength(2);
    expect(svg).toContain('top-20 &#60;ρ=0.2&#62; &#38; &#34;q&#34;');
    expect(svg).toContain('>reward/mean</text>');
    expect(svg).toContain('>step</text>');
  });

  it('lays out labels without overlaps', () => {
    const scene = layoutFigure(spec, { width: 320, height: 220 });
    const ticks = scene.prims.filter(
      (p): p is Extract<typeof p, { kind: 'text' }> =>
        p.kind === 'text' && p.role === 'tick' && p.anchor === 'middle',
    );
    const boxes = ticks.map((t): [number, number] => [
      t.x - textWidth(t.text, t.size) / 2,
      t.x + textWidth(t.text, t.size) / 2,
    ]);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]![0]).toBeGreaterThan(boxes[i - 1]![1]);
    for (const p of scene.prims)
      if (p.kind === 'text' && !p.rotate) {
        const w = textWidth(p.text, p.size);
        const x0 = p.anchor === 'middle' ? p.x - w / 2 : p.anchor === 'end' ? p.x - w : p.x;
        expect(x0).toBeGreaterThanOrEqual(0);
        expect(x0 + w).toBeLessThanOrEqual(scene.width + 0.5);
      }
  });
});

describe('PDF', () => {
  const a = buildFigureSpec([series(1, 'run (1) \\ x', 'reward/mean', 80, noisy)]);
  const b = buildFigureSpec([series(1, 'r', 'entropy/mean', 80, (i) => Math.exp(-i / 30))], {
    yScale: 'log',
    title: 'entropy · mean – “nats”',
  });

  it('writes one page with a valid xref table and trailer', () => {
    const pdf = renderPdf(a);
    expect(checkPdf(pdf).pages).toBe(1);
    const text = new TextDecoder('latin1').decode(pdf);
    expect(text).toContain('/BaseFont /Helvetica ');
    expect(text).toContain('/MediaBox [0 0 480 300]');
    expect(text).toContain('(reward/mean) Tj');
  });

  it('writes a multi-page figure sheet and encodes text for WinAnsi', () => {
    const pdf = renderPdf([a, b, a], { width: 400, height: 260 });
    expect(checkPdf(pdf).pages).toBe(3);
    // A wrong offset is caught.
    const t = new TextDecoder('latin1')
      .decode(pdf)
      .replace(/\n0000000(\d{3}) 00000 n /, '\n0000000999 00000 n ');
    expect(() => checkPdf(new Uint8Array(Array.from(t, (c) => c.charCodeAt(0))))).toThrow(
      /xref entry/,
    );
    const text = new TextDecoder('latin1').decode(pdf);
    expect(text).toContain('/MediaBox [0 0 400 260]');
    expect(text).toContain('(entropy \\267 mean \\226 \\223nats\\224) Tj');
    expect(text).toMatch(/\/GS\d+ << \/Type \/ExtGState \/CA 0.25 >>/);
  });
});
