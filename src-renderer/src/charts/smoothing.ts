// The smoothing the charts use is shared with figure export (app and CLI): TensorBoard's
// debiased EMA lives in src-main/figures/smoothing.ts, so an exported figure shows the same
// numbers as the chart on screen.
export { MAX_SMOOTHING, clampWeight, debiasedEma } from '@figures/smoothing';
