// Shared by the renderer charts (re-exported from src-renderer/src/charts/smoothing.ts), figure
// export and the CLI. Pure: no DOM, node or electron.
// TensorBoard's debiased exponential moving average (webapp/widgets/line_chart_v2/data_transformer.ts):
// last = last·w + (1−w)·y, n += 1, ŷ = last / (1 − wⁿ). Non-finite values pass through without
// advancing n, and a constant series is returned unchanged — so the same slider value gives the
// same numbers as TensorBoard (and W&B's "TensorBoard EMA").

/** Largest weight the slider offers; TensorBoard stores up to 0.999. */
export const MAX_SMOOTHING = 0.999;

export function clampWeight(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(weight, MAX_SMOOTHING);
}

/** Debiased EMA of `values` with smoothing weight `weight` in [0, 0.999]. Returns a new array. */
export function debiasedEma(values: readonly number[], weight: number): number[] {
  const w = clampWeight(weight);
  if (values.length === 0) return [];
  const first = values[0];
  const isConstant = values.every((v) => v === first);
  if (w === 0 || isConstant) return values.slice();
  const out = new Array<number>(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i] as number;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * w + (1 - w) * y;
    n += 1;
    out[i] = last / (1 - Math.pow(w, n));
  }
  return out;
}
