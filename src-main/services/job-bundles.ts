// Job bundles on disk: build one for some runs and write it atomically (a new or empty folder),
// and read a bundle's manifest back for launching.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunConfig } from '../contract/run-config';
import { WorkbenchError } from '../contract/result';
import type { Bundle, Manifest } from '../scaleout/bundle';
import { MANIFEST_FORMAT, MANIFEST_NAME, buildBundle } from '../scaleout/bundle';
import type { EngineId } from '../scaleout/engines';
import type { JobFormInput } from '../scaleout/form';
import { jobFormSchema } from '../scaleout/form';
import type { Store } from '../store';

export interface ExportJobInput {
  runIds: number[];
  experimentId?: number;
  engine: EngineId;
  form: JobFormInput;
  outDir: string;
  now?: string;
}

/** Builds the bundle of these runs and writes it to outDir (which must be new or empty). */
export function exportJob(store: Store, input: ExportJobInput): Bundle & { dir: string } {
  const parsed = jobFormSchema.safeParse(input.form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WorkbenchError(
      'invalid_request',
      `form.${issue?.path.join('.')}: ${issue?.message}`,
      `form.${issue?.path.join('.')}`,
    );
  }
  if (input.engine === 'verl' && parsed.data.valFiles.length === 0)
    throw new WorkbenchError(
      'invalid_request',
      'form.valFiles: verl loads a validation set at start; give at least one file',
      'form.valFiles',
    );
  if (input.runIds.length === 0) throw new WorkbenchError('invalid_request', 'no runs to export');
  const runs = input.runIds.map((id) => {
    const run = store.runs.get(id);
    if (!run) throw new WorkbenchError('not_found', `run #${id} does not exist`);
    if (run.source !== 'local')
      throw new WorkbenchError(
        'invalid_request',
        `run #${id} was imported from ${run.source}; only runs configured here can be exported as jobs`,
      );
    return { id, name: run.name, config: run.config as RunConfig };
  });
  const experiment =
    input.experimentId === undefined ? null : store.experiments.get(input.experimentId);
  const bundle = buildBundle({
    engine: input.engine,
    runs,
    form: parsed.data,
    experiment: experiment ? { id: experiment.id, name: experiment.name } : null,
    now: input.now ?? new Date().toISOString(),
  });
  const dir = resolve(input.outDir);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new WorkbenchError(
      'invalid_request',
      `${dir} is not empty; choose a new folder for the bundle`,
      'outDir',
    );
  // Written beside the target and renamed: a failed export leaves no half-written bundle.
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const f of bundle.files) {
      const path = join(tmp, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
      if (f.executable) chmodSync(path, 0o755);
    }
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { ...bundle, dir };
}

export function readManifest(bundleDir: string): Manifest {
  const path = join(resolve(bundleDir), MANIFEST_NAME);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    throw new WorkbenchError(
      'not_found',
      `${path}: not a Forkbench job bundle (no readable ${MANIFEST_NAME})`,
    );
  }
  if (manifest.format !== MANIFEST_FORMAT)
    throw new WorkbenchError(
      'invalid_request',
      `${path}: format ${String(manifest.format)}, expected ${MANIFEST_FORMAT}`,
    );
  return manifest;
}
