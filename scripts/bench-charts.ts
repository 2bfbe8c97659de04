// Chart pipeline benchmark: debiased EMA over the full series, then per-bucket min/max
// downsampling, for 100 runs × 10,000 steps (the compare view's worst case). Prints JSON.
// Usage: npx tsx scripts/bench-charts.ts [runs] [steps]
import { minMaxDownsample } from '../src-renderer/src/charts/downsample';
import { debiasedEma } from '../src-main/figures/smoothing';
import { aggregateSeries } from '../src-renderer/src/features/compare/group';

const runs = Number(process.argv[2] ?? 100);
const steps = Number(process.argv[3] ?? 10_000);
const series = Array.from({ length: runs }, (_, r) =>
  Array.from({ length: steps }, (_, i) => ({
    step: i + 1,
    wallTime: 1.7e9 + i * 2,
    value: Math.sin(i / 300 + r) + Math.random() * 0.2,
  })),
);

function time(fn: () => void, repeat = 3): number {
  const t: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const a = performance.now();
    fn();
    t.push(performance.now() - a);
  }
  return Math.min(...t);
}

const smoothMs = time(() => {
  for (const s of series)
    debiasedEma(
      s.map((p) => p.value),
      0.6,
    );
});
const smoothed = series.map((s) => {
  const ys = debiasedEma(
    s.map((p) => p.value),
    0.6,
  );
  return s.map((p, i) => ({ x: p.step, y: ys[i] as number }));
});
const budget = Math.max(150, Math.min(1000, Math.floor(40_000 / runs)));
const downsampleMs = time(() => {
  for (const s of smoothed) minMaxDownsample(s, budget);
});
const zoomMs = time(() => {
  for (const s of smoothed) minMaxDownsample(s.slice(2000, 4000), budget);
});
const aggregateMs = time(() => {
  aggregateSeries(series.slice(0, 10));
});

console.log(
  JSON.stringify(
    {
      runs,
      steps,
      pointsPerLine: budget,
      smoothMs: +smoothMs.toFixed(1),
      downsampleMs: +downsampleMs.toFixed(1),
      totalMs: +(smoothMs + downsampleMs).toFixed(1),
      zoomRedownsampleMs: +zoomMs.toFixed(1),
      aggregate10RunsMs: +aggregateMs.toFixed(1),
      node: process.version,
    },
    null,
    2,
  ),
);
