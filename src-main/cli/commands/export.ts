// `forkbench export`: metrics (CSV, TensorBoard CSV, JSON), figures (SVG, PDF, PNG), a figure
// sheet (multi-page PDF), a run's log, a run bundle (JSONL) and the lens views' figures and data
// (--what lens-…), written atomically.
import { resolve } from 'node:path';
import type { ExportFile } from '../../contract/api-export';
import { WorkbenchError } from '../../contract/result';
import { DEFAULT_SIZE, renderSvg } from '../../figures';
import { NO_LIMITS, createExporter } from '../../services/export';
import { svgToPng } from '../../services/export/png';
import type { Store } from '../../store';
import type { CliLensFormat } from '../lens-export';
import {
  CLI_LENS_FORMATS,
  LENS_WHAT,
  formatFor,
  lensBytes,
  lensRequest,
  writeAtomic,
} from '../lens-export';
import type { Command } from '../types';
import { UsageError } from '../types';

export { writeAtomic } from '../lens-export';

const FORMATS: Record<string, string[]> = {
  metrics: ['csv', 'tb-csv', 'json'],
  figure: ['svg', 'pdf', 'png'],
  sheet: ['pdf'],
  log: ['txt'],
  bundle: ['jsonl'],
  ...Object.fromEntries(Object.keys(LENS_WHAT).map((w) => [w, CLI_LENS_FORMATS])),
};

/** Run references: ids, `run:ID`, `experiment:ID` (all its runs), or a unique run name. */
export function resolveRuns(store: Store, refs: readonly string[]): number[] {
  const ids: number[] = [];
  for (const ref of refs) {
    const exp = /^experiment:(\d+)$/.exec(ref);
    const byId = /^run:(\d+)$/.exec(ref);
    if (byId) ids.push(Number(byId[1]));
    else if (exp) {
      const id = Number(exp[1]);
      if (!store.experiments.get(id))
        throw new WorkbenchError('not_found', `experiment #${id} does not exist`);
      const runs = store.runs.list({ experimentId: id, includeArchived: true });
      if (runs.length === 0) throw new WorkbenchError('not_found', `experiment #${id} has no runs`);
      ids.push(...runs.map((r) => r.id).sort((a, b) => a - b));
    } else if (/^\d+$/.test(ref)) ids.push(Number(ref));
    else {
      const named = store.runs.list({ includeArchived: true }).filter((r) => r.name === ref);
      if (named.length > 1)
        throw new UsageError(
          `${named.length} runs are named '${ref}' (ids ${named.map((r) => r.id).join(', ')}); give an id`,
        );
      if (!named[0]) throw new WorkbenchError('not_found', `no run named '${ref}'`);
      ids.push(named[0].id);
    }
  }
  return [...new Set(ids)];
}

function numberFlag(v: unknown, flag: string, min: number, max: number): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`${flag} takes a number from ${min} to ${max}, not '${v}'`);
  return n;
}

function decoded(file: ExportFile): string | Uint8Array {
  return file.encoding === 'base64' ? new Uint8Array(Buffer.from(file.data, 'base64')) : file.data;
}

export const exportCommand: Command = {
  name: 'export',
  readsOnly: true,
  summary: 'Export metrics (CSV/JSON), figures (SVG/PDF/PNG), logs or a run bundle',
  usage: `Usage: forkbench export <run|experiment:ID>... --what WHAT [--format FORMAT] --out FILE [flags]

Arguments:
  run            a run id (or run:ID), a unique run name, or experiment:ID for all runs of an
                 experiment

What and formats (the format defaults from --out's extension):
  --what metrics   csv (long: run_id,run,key,step,wall_time,value), tb-csv (TensorBoard's
                   Wall time,Step,Value: one run, one key), json
  --what figure    svg, pdf, png: one chart, the --keys overlaid, one line per run and key
  --what sheet     pdf: one page per key (every key, or --keys)
  --what log       txt: one run's log
  --what bundle    jsonl: one run's header (config, tags, notes), metrics, evals, rollouts, logs

  The token-entropy lens (one run; figures as svg, pdf, png; their data as csv, json):
  --what lens-histogram    Fig. 2a: entropy histogram with p50/p80/p95 (--step S, or
                           --from-step/--to-step; default every stored step; --bins N)
  --what lens-percentiles  Fig. 5: entropy percentiles at every stored step
  --what lens-tokens       Fig. 2b/c: forking tokens (--min-count N, default 10; --top N, 20)
  --what lens-rollout      one rollout as coloured tokens: --step S (required) --idx I
                           [--colour-by entropy|logprob|advantage|mask]; without --idx, pdf
                           (a page each), csv and json take every rollout of the step
  --what lens-overlap      Table 1: overlap per checkpoint   } the newest finished 'analyze
  --what lens-change       Fig. 4: entropy change per bin    } overlap' (or --analysis ID)
  --what lens-temperature  Fig. 3: temperature sweep (newest finished 'analyze temperature')
  --what lens-rules        token rules on one batch: strips per rule + Jaccard (--step S)

Flags:
  --out FILE       where to write (atomically); '-' prints text formats to stdout
  --keys K1,K2     metric keys (default: all; figure needs at least one)
  --smoothing W    debiased EMA weight 0…0.999 for figures (default 0.6); adds a smoothed
                   column to csv
  --scale N        PNG pixel density, 1 to 4 (default 2)
  --width PX       figure width (default ${DEFAULT_SIZE.width}); --height PX (default ${DEFAULT_SIZE.height})
  --title TEXT     figure title (default: the key)
  --log-y          logarithmic y axis
  --mean-std       figures: mean ± std across the runs instead of one line per run
  --hide-raw       figures: leave out the faint unsmoothed lines

PNG is drawn by Chrome/Chromium (CHROMIUM_PATH, or one found in the usual places); SVG and PDF
need nothing else.

Examples:
  forkbench export 3 --what metrics --keys reward/mean --format tb-csv --out reward.csv
  forkbench export run:3 --what lens-histogram --step 40 --out h.pdf
  forkbench export 3 --what lens-rollout --step 40 --idx 2 --colour-by mask --out r.png
  forkbench export experiment:1 --what figure --keys eval/countdown3-heldout/avg@8 --mean-std --out acc.pdf
  forkbench export 3 --what bundle --out run3.jsonl`,
  options: {
    what: { type: 'string' },
    format: { type: 'string' },
    keys: { type: 'string' },
    out: { type: 'string', short: 'o' },
    scale: { type: 'string' },
    smoothing: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    title: { type: 'string' },
    'log-y': { type: 'boolean' },
    'mean-std': { type: 'boolean' },
    'hide-raw': { type: 'boolean' },
    step: { type: 'string' },
    'from-step': { type: 'string' },
    'to-step': { type: 'string' },
    bins: { type: 'string' },
    'min-count': { type: 'string' },
    top: { type: 'string' },
    idx: { type: 'string' },
    'colour-by': { type: 'string' },
    'color-by': { type: 'string' },
    analysis: { type: 'string' },
  },
  positionals: { min: 1, max: 100 },
  async run({ positionals, values, openStore, stdout, env }) {
    const what = values.what;
    if (typeof what !== 'string' || !FORMATS[what])
      throw new UsageError(`--what must be one of ${Object.keys(FORMATS).join(', ')}`);
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('--out FILE is required');
    const allowed = FORMATS[what] as string[];
    const format = formatFor(out, allowed, values.format);
    if (!allowed.includes(format))
      throw new UsageError(`--what ${what} takes --format ${allowed.join(' | ')}, not '${format}'`);
    const keys =
      typeof values.keys === 'string'
        ? values.keys
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean)
        : undefined;
    const smoothing = numberFlag(values.smoothing, '--smoothing', 0, 0.999);
    const scale = numberFlag(values.scale, '--scale', 1, 4) ?? 2;
    const width = numberFlag(values.width, '--width', 160, 4000);
    const height = numberFlag(values.height, '--height', 120, 4000);
    const figureOptions = {
      ...(smoothing !== undefined ? { smoothing } : {}),
      ...(typeof values.title === 'string' ? { title: values.title } : {}),
      ...(values['log-y'] === true ? { yScale: 'log' as const } : {}),
      ...(values['mean-std'] === true ? { aggregate: 'mean-std' as const } : {}),
      ...(values['hide-raw'] === true ? { showRaw: false } : {}),
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
    };

    const store = openStore();
    const runIds = resolveRuns(store, positionals);
    const one = (): number => {
      if (runIds.length !== 1)
        throw new UsageError(`--what ${what} exports one run, not ${runIds.length}`);
      return runIds[0] as number;
    };
    const exporter = createExporter(store, NO_LIMITS);
    let file: ExportFile | undefined;
    let bytes: string | Uint8Array;
    let rowsNote = '';
    const lens = LENS_WHAT[what];
    if (lens) {
      const req = lensRequest(one(), lens, format as CliLensFormat, values, {
        ...(width !== undefined ? { width } : {}),
        ...(height !== undefined ? { height } : {}),
        ...(typeof values.title === 'string' ? { title: values.title } : {}),
      });
      const made = await lensBytes(store, req, format as CliLensFormat, { scale, env });
      bytes = made.bytes;
      if (made.rows !== undefined) rowsNote = `, ${made.rows} ${made.unit}`;
    } else if (what === 'metrics') {
      if (format === 'json') file = exporter.metricsJson({ runIds, keys });
      else
        file = exporter.metricsCsv({
          runIds,
          keys,
          format: format === 'tb-csv' ? 'tensorboard' : 'long',
          smoothing,
        });
    } else if (what === 'figure') {
      if (!keys?.length) throw new UsageError('--what figure needs --keys (one chart)');
      if (format === 'png') {
        const spec = exporter.figureSpec(runIds, keys, figureOptions);
        const size = { width: width ?? DEFAULT_SIZE.width, height: height ?? DEFAULT_SIZE.height };
        bytes = await svgToPng(renderSvg(spec, size), { ...size, scale, env });
      } else
        file = exporter.figure({ runIds, keys, format: format as 'svg' | 'pdf', ...figureOptions });
    } else if (what === 'sheet') {
      file = exporter.figureSheet({
        runIds,
        ...(keys ? { charts: keys.map((k) => ({ keys: [k] })) } : {}),
        ...figureOptions,
      });
    } else if (what === 'log') file = exporter.runLog({ runId: one() });
    else file = exporter.runBundle({ runId: one() });
    bytes = file ? decoded(file) : bytes!;

    const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    if (out === '-') {
      if (typeof bytes !== 'string')
        throw new UsageError(`--out - prints text only; write ${format} to a file`);
      stdout(bytes.replace(/\n$/, ''));
      return 0;
    }
    const path = resolve(out);
    writeAtomic(path, bytes);
    const unit = ['pdf', 'svg', 'png'].includes(format) ? 'page' : 'row';
    const rows =
      file?.rows !== undefined ? `, ${file.rows} ${unit}${file.rows === 1 ? '' : 's'}` : rowsNote;
    stdout(`wrote ${path} (${format}, ${(size / 1024).toFixed(1)} KB${rows})`);
    return 0;
  },
};
