// "Nice" axis ticks (Heckbert, Graphics Gems 1990): steps of 1, 2 or 5 × 10ⁿ that cover the data,
// plus log-scale ticks at powers of ten, and labels that show just enough digits.

export interface Ticks {
  /** The axis range, widened to whole ticks (linear) or whole decades (log). */
  min: number;
  max: number;
  values: number[];
  /** Linear: the distance between ticks; log: 0. */
  step: number;
}

function niceNum(range: number, round: boolean): number {
  const exp = Math.floor(Math.log10(range));
  const f = range / Math.pow(10, exp);
  let nf: number;
  if (round) nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * Math.pow(10, exp);
}

/** Removes floating-point noise (0.30000000000000004 → 0.3) relative to the step. */
function clean(v: number, step: number): number {
  const digits = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 2));
  return Number(v.toFixed(digits));
}

/** About `count` linear ticks covering [lo, hi], the range widened to whole steps. */
export function niceTicks(lo: number, hi: number, count = 5): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return niceTicks(0, 1, count);
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceNum((hi - lo) / Math.max(1, count - 1), true);
  const min = clean(Math.floor(lo / step + 1e-9) * step, step);
  const max = clean(Math.ceil(hi / step - 1e-9) * step, step);
  const values: number[] = [];
  for (let i = 0; ; i++) {
    const v = clean(min + i * step, step);
    if (v > max + step * 1e-9) break;
    values.push(v);
  }
  return { min, max, values, step };
}

/** Log-scale ticks: every power of ten in range (every 2nd, 3rd… when there are many). */
export function logTicks(lo: number, hi: number, count = 6): Ticks {
  if (!(lo > 0) || !Number.isFinite(lo)) lo = hi > 0 ? hi / 10 : 1;
  if (!(hi > 0) || !Number.isFinite(hi)) hi = lo * 10;
  if (hi < lo) [lo, hi] = [hi, lo];
  let a = Math.floor(Math.log10(lo) + 1e-9);
  let b = Math.ceil(Math.log10(hi) - 1e-9);
  if (a === b) {
    a -= 1;
    b += 1;
  }
  const every = Math.max(1, Math.ceil((b - a) / Math.max(1, count - 1)));
  const values: number[] = [];
  for (let e = a; e <= b; e += every) values.push(Number(`1e${e}`));
  if (every === 1 && b - a <= 2) {
    // One or two decades: label the 2 and 5 in between too.
    for (let e = a; e < b; e++) values.push(2 * Number(`1e${e}`), 5 * Number(`1e${e}`));
    values.sort((x, y) => x - y);
  }
  return { min: Number(`1e${a}`), max: Number(`1e${b}`), values, step: 0 };
}

const SUPERSCRIPT_FREE = (e: number) => `1e${e}`;

/** A tick label with the digits the step needs: 0.25, 1.5, 20k, 1e-4. */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (step === 0) {
    // log ticks: 0.01 … 1000, powers beyond as 1e5
    const e = Math.round(Math.log10(abs));
    if (Math.abs(abs - Math.pow(10, e)) / abs < 1e-9 && (e < -3 || e > 4))
      return (v < 0 ? '-' : '') + SUPERSCRIPT_FREE(e);
    return String(Number(v.toPrecision(6)));
  }
  if (abs >= 1e6 && step >= 1e5)
    return `${Number((v / 1e6).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e6)))))}M`;
  if (abs >= 1e4 && step >= 1e3)
    return `${Number((v / 1e3).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e3)))))}k`;
  if (abs < 1e-3 || abs >= 1e7)
    return v.toExponential(Math.max(0, Math.min(6, Math.round(-Math.log10(step / abs)))));
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}
