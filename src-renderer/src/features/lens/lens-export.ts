// Exports of the token-entropy lens views: a figure (PNG 2×/3×, SVG, PDF in the paper theme)
// or its data (CSV, JSON), built on the main side from what the view shows (export.lens, shared
// with `forkbench export --what lens-…`); PNG rasterises the SVG here, like the charts' export.
import type { LensExportKind, Request } from '@contract';
import { deliver } from '../../export/deliver';
import { deliverPng, must } from '../../export/actions';

export type LensFormat = 'png2' | 'png3' | 'svg' | 'pdf' | 'csv' | 'json';

/** An export.lens request without its format, and how toasts name it. */
export type LensExportRef = Omit<Request<'export.lens'>, 'format'> & { label: string };

export const FIGURE_AND_DATA: LensFormat[] = ['png2', 'png3', 'svg', 'pdf', 'csv', 'json'];
export const DATA_ONLY: LensFormat[] = ['csv', 'json'];

/** What each export's CSV holds (the menu's hint). */
const CSV_HINTS: Record<LensExportKind, string> = {
  histogram: 'Bins (lower, upper, count, share), then p50–p99, mean and share below 0.01 nats',
  percentiles: 'step, tokens, mean, p50, p80, p95, p99 per stored step',
  tokens: 'Both tables: rank, token, count, mean entropy',
  rollout: 'One row per token: entropy, log-prob, prob, mask, advantage',
  overlap: 'One row per checkpoint: mean entropy, overlap with base and final',
  change: 'One row per 5% bin: count, base entropy, mean and mean |change|',
  temperature: 'Every point of both sweeps: T_high, T_low, accuracy, share above tau, length',
};

export function lensItems(what: LensExportKind, multiPage = false) {
  const items: { id: LensFormat; label: string; hint: string }[] = [
    { id: 'png2', label: 'PNG (2×)', hint: 'Raster image at twice the figure size' },
    { id: 'png3', label: 'PNG (3×)', hint: 'Raster image at three times the figure size' },
    { id: 'svg', label: 'SVG', hint: 'Vector image (Inkscape, \\includesvg)' },
    {
      id: 'pdf',
      label: multiPage ? 'PDF (one page each)' : 'PDF',
      hint: 'Vector PDF for LaTeX (\\includegraphics), paper theme',
    },
    { id: 'csv', label: 'CSV (data)', hint: CSV_HINTS[what] },
    { id: 'json', label: 'JSON (data)', hint: 'The data behind the figure, as the API answers it' },
  ];
  return items;
}

export async function exportLens(ref: LensExportRef, format: LensFormat): Promise<boolean> {
  const { label, ...request } = ref;
  const action = `Could not export ${label}`;
  const png = format === 'png2' || format === 'png3';
  const file = await must('export.lens', { ...request, format: png ? 'svg' : format }, action);
  if (!file) return false;
  return png ? deliverPng(file, format === 'png3' ? 3 : 2, action) : deliver(file);
}
