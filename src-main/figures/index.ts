// Figures for papers: a FigureSpec built from metric series (buildFigureSpec), drawn as SVG
// (renderSvg) or PDF (renderPdf, one page per figure). Pure TypeScript: no DOM, node or electron,
// so the app, serve mode and the CLI share it.
export type {
  BuildOptions,
  FigureSeries,
  FigureSpec,
  LegendPlacement,
  Scale,
  SourceSeries,
} from './spec';
export { PAPER_COLOURS, buildFigureSpec, commonPrefix } from './spec';
export type { PdfOptions } from './pdf';
export { pdfString, renderPdf } from './pdf';
export { escapeXml, renderSvg } from './svg';
export type { Scene, SizeOptions } from './scene';
export { DEFAULT_SIZE, layoutFigure } from './scene';
export { formatTick, logTicks, niceTicks } from './ticks';
export type { Ticks } from './ticks';
export { fitText, textWidth } from './text';
export { MAX_SMOOTHING, clampWeight, debiasedEma } from './smoothing';
