// The lens charts' log10 y axis (Fig. 4's entropy change, Fig. 5's percentiles): a scale from
// lo (bottom) to hi (top) and a tick on every power of ten between them.

/** Maps a value to its y pixel, `top` for hi and `top + height` for lo; values under lo sit on lo. */
export function logScale(lo: number, hi: number, top: number, height: number) {
  const span = Math.log10(hi) - Math.log10(lo);
  return (v: number): number =>
    top + height * (1 - (Math.log10(Math.max(lo, v)) - Math.log10(lo)) / span);
}

/** 10^e for every whole e from lo's to hi's (rounded) decade. */
export function decadeTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.round(Math.log10(lo)); e <= Math.round(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}
