// Axes of a plot: the range (the data's extent, a fixed domain, or widened to whole ticks), the
// ticks (nice linear steps, decades, symlog's 0 ± powers of ten, or given ones) with their
// labels, and the map from data to page coordinates for linear, log and symlog scales.
import type { AxisTick, Scale } from './spec';
import type { Ticks } from './ticks';
import { formatTick, logTicks, niceTicks } from './ticks';

export interface Axis {
  lo: number;
  hi: number;
  scale: Scale;
  linthresh: number;
  values: number[];
  labels: string[];
  /** Linear: the distance between ticks; log, symlog and given ticks: 0. */
  step: number;
}

export interface AxisInput {
  values: Iterable<number>;
  scale: Scale;
  linthresh?: number;
  domain?: [number, number];
  ticks?: AxisTick[];
  /** Widen the range to whole ticks (y axes) instead of the exact extent (x axes). */
  widen: boolean;
  format?: 'number' | 'percent';
}

export function extent(values: Iterable<number>, scale: Scale): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (scale === 'log' && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** matplotlib's symlog: v / t within ±t, sign(v)·(1 + log10(|v| / t)) beyond. */
export function symlog(v: number, t: number): number {
  const a = Math.abs(v);
  return a <= t ? v / t : Math.sign(v) * (1 + Math.log10(a / t));
}

function transform(axis: Pick<Axis, 'scale' | 'linthresh'>): (v: number) => number {
  if (axis.scale === 'log') return Math.log10;
  if (axis.scale === 'symlog') return (v) => symlog(v, axis.linthresh);
  return (v) => v;
}

/** Data → page coordinate along an axis drawn from `from` to `to`. */
export function mapper(axis: Axis, from: number, to: number): (v: number) => number {
  const f = transform(axis);
  const a = f(axis.lo);
  const b = f(axis.hi);
  return (v) => from + ((f(v) - a) / (b - a || 1)) * (to - from);
}

/** 0, then ± powers of ten (and ± the threshold) across the range. */
function symlogTicks(lo: number, hi: number, t: number): Ticks {
  const values = new Set<number>([0, t, -t]);
  for (let e = Math.floor(Math.log10(t)); e <= 12; e++) {
    const p = Number(`1e${e}`);
    if (p >= t) [p, -p].forEach((v) => values.add(v));
    if (p > Math.max(Math.abs(lo), Math.abs(hi))) break;
  }
  return { min: lo, max: hi, values: [...values].sort((x, y) => x - y), step: 0 };
}

export function formatValue(v: number, step: number, format: AxisInput['format']): string {
  if (format !== 'percent') return formatTick(v, step);
  const decimals =
    step > 0 ? Math.max(0, Math.min(6, -Math.floor(Math.log10(step * 100) + 1e-9))) : 1;
  return `${Number((v * 100).toFixed(decimals))}%`;
}

export function buildAxis(input: AxisInput, count: number): Axis {
  const { scale } = input;
  const linthresh = input.linthresh ?? 1;
  const found = input.domain ?? extent(input.values, scale);
  let [lo, hi] = found ?? (scale === 'log' ? [1, 10] : [0, 1]);
  if (!input.widen && hi === lo) {
    lo = scale === 'log' ? lo / 10 : lo - 1;
    hi = scale === 'log' ? hi * 10 : hi + 1;
  }
  const ticks =
    scale === 'symlog'
      ? symlogTicks(lo, hi, linthresh)
      : scale === 'log'
        ? logTicks(lo, hi, count)
        : niceTicks(lo, hi, count);
  if (input.widen && !input.domain) {
    lo = ticks.min;
    hi = ticks.max;
  }
  const eps = Math.abs(hi - lo) * 1e-9;
  const inside = (v: number) => v >= lo - eps && v <= hi + eps;
  if (input.ticks) {
    const given = input.ticks.filter((t) => inside(t.value));
    return {
      lo,
      hi,
      scale,
      linthresh,
      step: 0,
      values: given.map((t) => t.value),
      labels: given.map((t) => t.label ?? formatValue(t.value, 0, input.format)),
    };
  }
  const values = ticks.values.filter(inside);
  return {
    lo,
    hi,
    scale,
    linthresh,
    step: ticks.step,
    values,
    labels: values.map((v) => formatValue(v, ticks.step, input.format)),
  };
}
