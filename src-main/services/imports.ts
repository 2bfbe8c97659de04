// Importing engine runs: parse (importers/plan), then write each planned run as a normal run with
// a run_sources row. The same files twice change nothing; a source that grew (a job still
// running) updates its run in place. Files are read here; the parsers do no I/O.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ImportedRun, ImportResult } from '../contract/api-scaleout';
import { WorkbenchError } from '../contract/result';
import type { InputFile, PlannedRun } from '../importers/plan';
import { planImport } from '../importers/plan';
import type { Store } from '../store';

export const IMPORT_EXPERIMENT = 'Imported runs';
/** Largest single file read from disk (event files and JSONL logs are far smaller). */
const MAX_FILE_BYTES = 1 << 30;
const MAX_FILES = 20_000;
const MAX_DEPTH = 8;

/** The contract's shape, with the engine narrowed to those the importers know. */
export interface ImportedRunReport extends ImportedRun {
  engine: PlannedRun['engine'];
}

export interface ImportReport extends ImportResult {
  runs: ImportedRunReport[];
}

export interface ImportOptions {
  /** Experiment for new runs: an existing id, or a name (created when missing). */
  experimentId?: number;
  experimentName?: string;
}

/** Files under the given paths (directories walked), with absolute paths. */
export function collectFiles(paths: readonly string[]): InputFile[] {
  const out: InputFile[] = [];
  const visit = (path: string, depth: number) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new WorkbenchError('not_found', `${path}: no such file or folder`);
    }
    if (st.isDirectory()) {
      if (depth > MAX_DEPTH) return;
      for (const name of readdirSync(path).sort()) {
        if (name.startsWith('.')) continue;
        visit(join(path, name), depth + 1);
      }
      return;
    }
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return;
    if (out.length >= MAX_FILES)
      throw new WorkbenchError(
        'invalid_request',
        `more than ${MAX_FILES} files under ${paths.join(', ')}; import a narrower folder`,
      );
    out.push({
      path: resolve(path).split('\\').join('/'),
      bytes: readFileSync(path),
      mtime: st.mtimeMs / 1000,
    });
  };
  for (const p of paths) visit(p, 0);
  return out;
}

function experimentFor(store: Store, options: ImportOptions): number {
  if (options.experimentId !== undefined) {
    if (!store.experiments.get(options.experimentId))
      throw new WorkbenchError('not_found', `experiment #${options.experimentId} does not exist`);
    return options.experimentId;
  }
  const name = options.experimentName ?? IMPORT_EXPERIMENT;
  return (
    store.experiments.findByName(name)?.id ??
    store.experiments.create({
      name,
      description: 'Runs imported from verl, TRL and TensorBoard logs',
    })
  );
}

function maskModeOf(run: PlannedRun): string {
  const ratio = JSON.stringify(run.config).match(/"entropy_top_ratio":\s*([\d.]+)/)?.[1];
  return ratio ? 'top' : 'unknown';
}

function writeRun(
  store: Store,
  experimentId: number,
  run: PlannedRun,
  sourceKey: string,
): ImportedRunReport {
  const existing = store.runSources.byKey(sourceKey);
  const report = (runId: number, outcome: ImportedRunReport['outcome']): ImportedRunReport => ({
    runId,
    name: run.name,
    engine: run.engine,
    outcome,
    points: run.points.length,
    samples: run.samples.length,
    files: run.files.map((f) => ({ path: f.path, kind: f.kind, used: f.used, skipped: f.skipped })),
  });
  if (existing && existing.fingerprint === run.fingerprint)
    return report(existing.runId, 'unchanged');
  return store.transaction(() => {
    const runId =
      existing?.runId ??
      store.runs.create({
        experimentId,
        name: run.name,
        task: 'imported',
        maskMode: maskModeOf(run),
        seed: 0,
        config: { imported: { engine: run.engine, root: run.root }, ...run.config },
        status: 'finished',
        backend: run.engine,
        device: 'imported',
      });
    store.metrics.insert(
      runId,
      run.points.map((p) => ({
        key: p.key,
        step: p.step,
        value: p.value,
        ...(p.wallTime === undefined ? {} : { wallTime: p.wallTime }),
      })),
    );
    const bySteps = new Map<number, typeof run.samples>();
    for (const s of run.samples) bySteps.set(s.step, [...(bySteps.get(s.step) ?? []), s]);
    for (const [step, samples] of bySteps)
      store.rollouts.insert(
        runId,
        step,
        samples.map((s, idx) => ({
          idx,
          prompt: s.prompt,
          response: s.response,
          reward: s.reward,
          advantage: s.advantage,
          correct: s.correct,
          tokens: [],
          entropies: [],
          logprobs: null,
          mask: null,
          alternatives: null,
          extra: { ...s.extra, imported: true },
        })),
      );
    store.runSources.put({
      runId,
      engine: run.engine,
      sourceKey,
      fingerprint: run.fingerprint,
      files: run.files,
      foundConfig: run.config,
      keyMap: run.keyMap,
    });
    const skipped = run.files.flatMap((f) =>
      f.skipped.map((s) => `${f.path}${s.line ? `:${s.line}` : ''}: ${s.reason}`),
    );
    store.logs.append(runId, [
      {
        message: `imported from ${run.engine}: ${run.files.length} file(s), ${run.points.length} points, ${run.samples.length} samples`,
      },
      ...skipped.map((message) => ({ message: `skipped ${message}`, level: 'warn' as const })),
    ]);
    if (store.runs.get(runId)?.status !== 'finished')
      store.runs.update(runId, { status: 'finished' });
    return report(runId, existing ? 'updated' : 'created');
  });
}

/** Imports parsed files; `keyPrefix` tells disk imports (path:) from uploads (upload:) apart. */
export function importInputs(
  store: Store,
  inputs: InputFile[],
  options: ImportOptions = {},
  keyPrefix = 'path:',
): ImportReport {
  const plan = planImport(inputs);
  if (plan.runs.length === 0)
    throw new WorkbenchError(
      'invalid_request',
      `no verl, TRL or TensorBoard logs found among ${inputs.length} file(s)${plan.ignored.length ? ` (e.g. ${plan.ignored.slice(0, 3).join(', ')})` : ''}`,
    );
  const experimentId = experimentFor(store, options);
  // Uploads have no stable location: their files' hash names them instead.
  const key = (r: PlannedRun) =>
    keyPrefix === 'upload:'
      ? `upload:${r.root}@${r.fingerprint.slice(0, 16)}`
      : `${keyPrefix}${r.root}`;
  const runs = plan.runs.map((r) => writeRun(store, experimentId, r, key(r)));
  return { experimentId, runs, ignored: plan.ignored };
}

export function importPaths(
  store: Store,
  paths: readonly string[],
  options: ImportOptions = {},
): ImportReport {
  if (paths.length === 0)
    throw new WorkbenchError('invalid_request', 'give at least one file or folder to import');
  return importInputs(store, collectFiles(paths), options);
}
