// `forkbench export`: metrics (CSV, TensorBoard CSV, JSON), figures (SVG, PDF, PNG), a figure
// sheet (multi-page PDF), a run's log and a run bundle (JSONL), written atomically.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ExportFile } from '../../contract/api-export';
import { WorkbenchError } from '../../contract/result';
import { DEFAULT_SIZE, renderSvg } from '../../figures';
import { NO_LIMITS, createExporter } from '../../services/export';
import { svgToPng } from '../../services/export/png';
import type { Store } from '../../store';
import type { Command } from '../types';
import { UsageError } from '../types';

const FORMATS: Record<string, string[]> = {
  metrics: ['csv', 'tb-csv', 'json'],
  figure: ['svg', 'pdf', 'png'],
  sheet: ['pdf'],
  log: ['txt'],
  bundle: ['jsonl'],
};
const BY_EXTENSION: Record<string, string> = {
  '.csv': 'csv',
  '.json': 'json',
  '.svg': 'svg',
  '.pdf': 'pdf',
  '.png': 'png',
  '.txt': 'txt',
  '.log': 'txt',
  '.jsonl': 'jsonl',
};

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

/** Run references: ids, `experiment:ID` (all its runs), or a unique run name. */
export function resolveRuns(store: Store, refs: readonly string[]): number[] {
  const ids: number[] = [];
  for (const ref of refs) {
    const exp = /^experiment:(\d+)$/.exec(ref);
    if (exp) {
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
  summary: 'Export metrics (CSV/JSON), figures (SVG/PDF/PNG), logs or a run bundle',
  usage: `Usage: forkbench export <run|experiment:ID>... --what WHAT [--format FORMAT] --out FILE [flags]

Arguments:
  run            a run id, a unique run name, or experiment:ID for all runs of an experiment

What and formats (the format defaults from --out's extension):
  --what metrics   csv (long: run_id,run,key,step,wall_time,value), tb-csv (TensorBoard's
                   Wall time,Step,Value: one run, one key), json
  --what figure    svg, pdf, png: one chart, the --keys overlaid, one line per run and key
  --what sheet     pdf: one page per key (every key, or --keys)
  --what log       txt: one run's log
  --what bundle    jsonl: one run's header (config, tags, notes), metrics, evals, rollouts, logs

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
  },
  positionals: { min: 1, max: 100 },
  async run({ positionals, values, openStore, stdout, env }) {
    const what = values.what;
    if (typeof what !== 'string' || !FORMATS[what])
      throw new UsageError(`--what must be one of ${Object.keys(FORMATS).join(', ')}`);
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('--out FILE is required');
    const allowed = FORMATS[what] as string[];
    const format =
      typeof values.format === 'string'
        ? values.format
        : (BY_EXTENSION[extname(out).toLowerCase()] ?? allowed[0]);
    if (!format || !allowed.includes(format))
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
    if (what === 'metrics') {
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
    const rows =
      file?.rows !== undefined ? `, ${file.rows} ${what === 'sheet' ? 'pages' : 'rows'}` : '';
    stdout(`wrote ${path} (${format}, ${(size / 1024).toFixed(1)} KB${rows})`);
    return 0;
  },
};
