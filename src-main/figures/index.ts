// Figures for papers: a FigureSpec built from metric series (buildFigureSpec) or from the
// token-entropy lens's data (lens.ts, tokens.ts), drawn as SVG (renderSvg) or PDF (renderPdf, one
// page per figure). Pure TypeScript: no DOM, node or electron, so the app, serve mode and the CLI
// share it.
export type {
  AxisTick,
  BuildOptions,
  FigureBars,
  FigureMarker,
  FigureSeries,
  FigureSpec,
  LegendPlacement,
  Scale,
  SourceSeries,
} from './spec';
export { PAPER_COLOURS, buildFigureSpec, commonPrefix } from './spec';
export type { AnyFigureSpec } from './layout';
export { layoutAny } from './layout';
export type { FigureToken, TokenBlock, TokenFigureSpec } from './tokens';
export { layoutTokens, visibleToken } from './tokens';
export * from './lens';
export type { PdfOptions } from './pdf';
export { pdfString, renderPdf } from './pdf';
export { escapeXml, renderSvg } from './svg';
export type { Scene, SizeOptions } from './scene';
export { DEFAULT_SIZE, layoutFigure } from './scene';
export { formatTick, logTicks, niceTicks } from './ticks';
export type { Ticks } from './ticks';
export { fitText, monoWidth, textWidth } from './text';
export { MAX_SMOOTHING, clampWeight, debiasedEma } from './smoothing';
