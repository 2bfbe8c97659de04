// From a set of files to the runs they hold: classify each file by name and content, give it the
// run folder it belongs to (engine layouts: verl logs/, rollouts/, tensorboard/; TRL output_dir
// with checkpoint-N/, completions/, runs/<date_host>/), then parse and merge each run's files.
import { createHash } from 'node:crypto';
import { forkbenchKey, tensorboardDialect, trlTagToKey } from './metric-names';
import type { SourceEngine } from './metric-names';
import { parseJsonish } from './jsonish';
import { readEventFile } from './tb-events';
import { parseTrainerState, parseTrlCompletions, parseTrlJsonl } from './trl';
import type { FileKind, ImportedSample, ParsedFile, RawPoint, SkippedLine } from './types';
import { parseVerlConsole, parseVerlJsonl, parseVerlRollouts } from './verl';

export interface InputFile {
  /** Path with / separators: absolute for files on disk, the relative path for uploads. */
  path: string;
  bytes: Uint8Array;
  /** Seconds since the epoch; the wall time of points whose format has none. */
  mtime: number;
}

export interface PlannedFile {
  path: string;
  kind: FileKind;
  sha256: string;
  bytes: number;
  skipped: SkippedLine[];
  /** Read for this run's curves (false: a TensorBoard copy of metrics read from JSON). */
  used: boolean;
}

export interface PlannedRun {
  /** The run folder (and log stem), which identifies the run across imports. */
  root: string;
  name: string;
  engine: SourceEngine;
  files: PlannedFile[];
  /** Forkbench metric key → the engine's key it came from. */
  keyMap: Record<string, string>;
  points: RawPoint[];
  samples: ImportedSample[];
  config: Record<string, unknown>;
  /** Hash of the files' contents: the same files give the same hash. */
  fingerprint: string;
}

export interface ImportPlan {
  runs: PlannedRun[];
  /** Files no parser recognised. */
  ignored: string[];
}

const dirname = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/'))) || '.';
const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function sniffJsonl(bytes: Uint8Array): FileKind | null {
  for (const line of text(bytes.subarray(0, 65536)).split('\n')) {
    if (!line.trim()) continue;
    let row: unknown;
    try {
      row = parseJsonish(line);
    } catch {
      continue;
    }
    if (!row || typeof row !== 'object') return null;
    const r = row as Record<string, unknown>;
    if ('step' in r && 'data' in r) return 'verl-jsonl';
    if ('input' in r && 'output' in r) return 'verl-rollouts';
    if ('prompt' in r && 'completion' in r) return 'trl-completions';
    if ('step' in r) return 'trl-jsonl';
    return null;
  }
  return null;
}

export function classify(path: string, bytes: Uint8Array): FileKind | null {
  const name = basename(path);
  if (name.startsWith('events.out.tfevents.')) return 'tb-events';
  if (name === 'trainer_state.json') return 'trl-state';
  if (basename(dirname(path)) === 'validation') return null; // eval generations, not rollouts
  if (name.endsWith('.jsonl')) return sniffJsonl(bytes);
  if (/\.(log|txt|out)$/.test(name) && /step:\d+ - \S+:/.test(text(bytes.subarray(0, 1 << 20))))
    return 'verl-console';
  return null;
}

/** The run folder a file belongs to, after the engines' layouts. */
export function runRoot(path: string, kind: FileKind): string {
  const dir = dirname(path);
  const base = basename(dir);
  const stem = basename(path)
    .replace(/\.[^.]+$/, '')
    .replace(/([-.]\d{8,}|\.\d+)$/, '');
  switch (kind) {
    case 'tb-events':
      if (basename(dirname(dir)) === 'runs') return dirname(dirname(dir));
      return base === 'tensorboard' ? dirname(dir) : dir;
    case 'trl-state':
      return /^checkpoint-\d+$/.test(base) ? dirname(dir) : dir;
    case 'trl-completions':
      return base === 'completions' ? dirname(dir) : dir;
    case 'verl-rollouts':
      return base === 'rollouts' || base === 'rollout' ? dirname(dir) : dir;
    case 'verl-jsonl':
      return base === 'logs' ? dirname(dir) : `${dir}#${stem}`;
    case 'verl-console':
      return base === 'logs' ? dirname(dir) : `${dir}#${stem}`;
    case 'trl-jsonl':
      return dir;
  }
}

function parse(file: InputFile, kind: FileKind): ParsedFile {
  const t = () => text(file.bytes);
  switch (kind) {
    case 'verl-jsonl':
      return parseVerlJsonl(t(), file.mtime);
    case 'verl-console':
      return parseVerlConsole(t(), file.mtime);
    case 'verl-rollouts': {
      const step = /^(\d+)\.jsonl$/.exec(basename(file.path))?.[1];
      return parseVerlRollouts(t(), step === undefined ? null : Number(step));
    }
    case 'trl-state':
      return parseTrainerState(t(), file.mtime);
    case 'trl-jsonl':
      return parseTrlJsonl(t(), file.mtime);
    case 'trl-completions':
      return parseTrlCompletions(t());
    case 'tb-events': {
      const read = readEventFile(file.bytes);
      return {
        kind,
        engine: 'tensorboard',
        points: read.scalars.map((s) => ({
          key: s.tag,
          step: s.step,
          value: s.value,
          wallTime: s.wallTime,
        })),
        samples: [],
        config: null,
        skipped: read.problems.map((reason) => ({ line: 0, reason })),
      };
    }
  }
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** trainer_state.json in output_dir (save_state) beats checkpoints; else the newest checkpoint. */
function newestState(files: { file: InputFile; kind: FileKind }[]) {
  const states = files.filter((f) => f.kind === 'trl-state');
  const rank = (p: string) => {
    const m = /checkpoint-(\d+)\/trainer_state\.json$/.exec(p);
    return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
  };
  states.sort((a, b) => rank(a.file.path) - rank(b.file.path));
  return states[states.length - 1];
}

function planRun(root: string, entries: { file: InputFile; kind: FileKind }[]): PlannedRun {
  const best = newestState(entries);
  const kept = entries.filter((e) => e.kind !== 'trl-state' || e === best);
  // Resumed runs: earlier attempts first, so a later file's value wins at a shared step.
  kept.sort((a, b) => a.file.mtime - b.file.mtime || a.file.path.localeCompare(b.file.path));
  const hasJsonMetrics = kept.some(
    (e) => e.kind !== 'tb-events' && e.kind !== 'verl-rollouts' && e.kind !== 'trl-completions',
  );
  const kinds = new Set(kept.map((e) => e.kind));
  const parsed = kept.map((e) => ({
    e,
    p: parse(e.file, e.kind),
    used: e.kind !== 'tb-events' || !hasJsonMetrics,
  }));
  let engine: SourceEngine = [...kinds].some((k) => k.startsWith('verl'))
    ? 'verl'
    : [...kinds].some((k) => k.startsWith('trl'))
      ? 'trl'
      : 'tensorboard';
  const tbTags = parsed
    .filter((x) => x.e.kind === 'tb-events')
    .flatMap((x) => x.p.points.map((p) => p.key));
  // Forkbench's own event files end in .forkbench; others are told apart by their tag names.
  const ours = kept.every((e) => e.kind === 'tb-events' && e.file.path.endsWith('.forkbench'));
  const dialect =
    engine !== 'tensorboard' ? engine : ours ? 'forkbench' : tensorboardDialect(tbTags);
  if (engine === 'tensorboard') engine = dialect;
  const merged = new Map<string, RawPoint>();
  const keyMap: Record<string, string> = {};
  const samples: ImportedSample[] = [];
  let config: Record<string, unknown> = {};
  for (const { e, p, used } of parsed) {
    samples.push(...p.samples);
    if (p.config) config = { ...config, [e.kind]: p.config };
    if (!used) continue;
    for (const point of p.points) {
      const engineKey =
        e.kind === 'tb-events' && dialect === 'trl' ? trlTagToKey(point.key) : point.key;
      const key = forkbenchKey(dialect, engineKey);
      keyMap[key] = point.key;
      merged.set(`${key}\u0000${point.step}`, { ...point, key });
    }
  }
  const files = parsed.map(({ e, p, used }) => ({
    path: e.file.path,
    kind: e.kind,
    sha256: sha(e.file.bytes),
    bytes: e.file.bytes.length,
    skipped: p.skipped,
    used,
  }));
  const fingerprint = createHash('sha256')
    .update(
      files
        .map((f) => f.sha256)
        .sort()
        .join('\n'),
    )
    .digest('hex');
  const [dir, stem] = root.split('#');
  // Loose uploaded files have no folder to name the run: the first file's name does.
  const folder =
    dir && dir !== '.'
      ? basename(dir)
      : basename(kept[0]?.file.path ?? 'import').replace(/\.[^.]+$/, '');
  return {
    root,
    name: stem ?? folder,
    engine,
    files,
    keyMap,
    points: [...merged.values()],
    samples,
    config,
    fingerprint,
  };
}

export function planImport(inputs: InputFile[]): ImportPlan {
  const groups = new Map<string, { file: InputFile; kind: FileKind }[]>();
  const ignored: string[] = [];
  for (const file of inputs) {
    const kind = classify(file.path, file.bytes);
    if (!kind) {
      ignored.push(file.path);
      continue;
    }
    const root = runRoot(file.path, kind);
    groups.set(root, [...(groups.get(root) ?? []), { file, kind }]);
  }
  const runs = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([root, entries]) => planRun(root, entries));
  return { runs, ignored };
}
