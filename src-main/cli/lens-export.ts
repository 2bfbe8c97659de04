// The lens part of `forkbench export` (--what lens-*) and of `forkbench analyze --out`: flags →
// an export.lens request validated by the API's own contract, then the file's bytes (PNG drawn by
// Chromium from the SVG). Also the atomic write every export ends with.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { LENS_FORMATS } from '../contract/api-export';
import type { LensExportKind } from '../contract/api-export';
import { WorkbenchError } from '../contract/result';
import { validateRequest } from '../contract/validate';
import { layoutAny, renderPdf, renderSvg } from '../figures';
import type { LensRequest } from '../services/export';
import { createLensExporter, NO_LIMITS } from '../services/export';
import { assertChromium, svgToPng } from '../services/export/png';
import type { Store } from '../store';
import { UsageError } from './types';

/** `--what lens-…` → what export.lens exports. */
export const LENS_WHAT: Record<string, LensExportKind> = {
  'lens-histogram': 'histogram',
  'lens-percentiles': 'percentiles',
  'lens-tokens': 'tokens',
  'lens-rollout': 'rollout',
  'lens-overlap': 'overlap',
  'lens-change': 'change',
  'lens-temperature': 'temperature',
  'lens-rules': 'rules',
};
/**
 * The API's lens formats plus PNG, which the CLI rasterises itself. Text formats first: with
 * `--out -` (stdout) and no --format, the first one is used, and stdout wants CSV.
 */
export const CLI_LENS_FORMATS = [
  ...LENS_FORMATS.filter((f) => f === 'csv' || f === 'json'),
  ...LENS_FORMATS.filter((f) => f !== 'csv' && f !== 'json'),
  'png',
] as const;
export type CliLensFormat = (typeof CLI_LENS_FORMATS)[number];

/** File formats by extension. */
export const BY_EXTENSION: Record<string, string> = {
  '.csv': 'csv',
  '.json': 'json',
  '.svg': 'svg',
  '.pdf': 'pdf',
  '.png': 'png',
  '.txt': 'txt',
  '.log': 'txt',
  '.jsonl': 'jsonl',
};

/**
 * The format: --format, else --out's extension, else (no extension, or stdout) the first allowed.
 * An extension that is not a known format is an error, so `x.tsv` never gets CSV by surprise.
 */
export function formatFor(out: string, allowed: readonly string[], flag: unknown): string {
  if (typeof flag === 'string') return flag;
  const ext = out === '-' ? '' : extname(out).toLowerCase();
  if (ext === '') return allowed[0] as string;
  const format = BY_EXTENSION[ext];
  if (!format)
    throw new UsageError(
      `cannot tell the format from '${basename(out)}': use ${allowed.map((f) => `.${f === 'tb-csv' ? 'csv' : f}`).join(', ')}, or --format`,
    );
  return format;
}

/** Writes next to the target, then renames: a reader never sees half a file. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new WorkbenchError('internal', `could not write ${path}: ${(err as Error).message}`);
  }
}

const FLAGS: Record<string, string> = {
  step: '--step',
  fromStep: '--from-step',
  toStep: '--to-step',
  bins: '--bins',
  minCount: '--min-count',
  topN: '--top',
  idx: '--idx',
  colourBy: '--colour-by',
  analysisId: '--analysis',
  width: '--width',
  height: '--height',
  title: '--title',
};

function intFlag(values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`--${name} takes a whole number, not '${String(v)}'`);
  return n;
}

/** The export.lens request the flags describe, checked by the contract (flag names in errors). */
export function lensRequest(
  runId: number,
  what: LensExportKind,
  format: CliLensFormat,
  values: Record<string, unknown>,
  extra: { width?: number; height?: number; title?: string } = {},
): LensRequest {
  const colourBy = values['colour-by'] ?? values['color-by'];
  const raw = {
    runId,
    what,
    // PNG is the SVG drawn by Chromium: the same rules apply.
    format: format === 'png' ? 'svg' : format,
    step: intFlag(values, 'step'),
    fromStep: intFlag(values, 'from-step'),
    toStep: intFlag(values, 'to-step'),
    bins: intFlag(values, 'bins'),
    minCount: intFlag(values, 'min-count'),
    topN: intFlag(values, 'top'),
    idx: intFlag(values, 'idx'),
    colourBy,
    analysisId: intFlag(values, 'analysis'),
    ...extra,
  };
  const payload = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const checked = validateRequest('export.lens', payload);
  if (!checked.ok) {
    const field = checked.error.field ?? '';
    const flag = FLAGS[field] ?? `--${field}`;
    let message = checked.error.message.replace(new RegExp(`^${field}: `), '');
    if (format === 'png') message = message.replace('an SVG', 'a PNG');
    throw new UsageError(`${flag}: ${message}`);
  }
  return checked.value as LensRequest;
}

/** The bytes of a lens export in `format`; rows for CSV, pages for PDF. */
export async function lensBytes(
  store: Store,
  req: LensRequest,
  format: CliLensFormat,
  png: { scale: number; env: NodeJS.ProcessEnv },
): Promise<{ bytes: string | Uint8Array; rows?: number; unit: string }> {
  const exporter = createLensExporter(store, NO_LIMITS);
  if (format === 'png') {
    const { specs } = exporter.figures(req);
    const spec = specs[0];
    if (!spec || specs.length !== 1)
      throw new UsageError(
        '--idx: a PNG holds one rollout (PDF, CSV and JSON take the whole step)',
      );
    const size = { width: req.width, height: req.height };
    const scene = layoutAny(spec, size);
    const svg = renderSvg(spec, size);
    return {
      bytes: await svgToPng(svg, { width: scene.width, height: scene.height, ...png }),
      unit: 'rows',
    };
  }
  const file = exporter.lens({ ...req, format });
  const bytes =
    file.encoding === 'base64' ? new Uint8Array(Buffer.from(file.data, 'base64')) : file.data;
  return {
    bytes,
    ...(file.rows === undefined ? {} : { rows: file.rows }),
    unit: format === 'pdf' ? (file.rows === 1 ? 'page' : 'pages') : 'rows',
  };
}

/** `forkbench analyze … --out FILE`: the format from the extension, checked before the analysis runs. */
export function analysisOutFormat(out: string, env: NodeJS.ProcessEnv): 'json' | CliLensFormat {
  const allowed = ['json', 'csv', 'svg', 'pdf', 'png'];
  const format = formatFor(out, allowed, undefined);
  if (!allowed.includes(format))
    throw new UsageError(
      `--out: an analysis writes ${allowed.map((f) => `.${f}`).join(', ')}, not .${format}`,
    );
  if (format === 'png') assertChromium(env);
  return format as 'json' | CliLensFormat;
}

/**
 * A recorded analysis as a file: the overlap's Table 1 (CSV; the PDF adds Fig. 4 as a second
 * page) or the temperature sweep (Fig. 3), through the same lens exporter as the app.
 */
export async function analysisFile(
  store: Store,
  kind: 'overlap' | 'temperature',
  runId: number,
  analysisId: number,
  format: CliLensFormat,
  png: { scale: number; env: NodeJS.ProcessEnv },
): Promise<string | Uint8Array> {
  const req = (what: LensExportKind) =>
    lensRequest(runId, what, format, { analysis: String(analysisId) });
  if (kind === 'overlap' && format === 'pdf') {
    const exporter = createLensExporter(store, NO_LIMITS);
    const specs = [
      ...exporter.figures(req('overlap')).specs,
      ...exporter.figures(req('change')).specs,
    ];
    return renderPdf(specs, { title: specs[0]?.title ?? 'overlap' });
  }
  return (await lensBytes(store, req(kind), format, png)).bytes;
}
