// The scale-out API handlers: thin wrappers over jobs.ts (bundles, launcher processes),
// imports.ts (engine logs) and tensorboard-export.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ExportedJob } from '../contract/api-scaleout';
import { MAX_UPLOAD_BYTES } from '../contract/api-scaleout';
import { WorkbenchError } from '../contract/result';
import type { InputFile } from '../importers/plan';
import { importInputs, importPaths } from './imports';
import type { JobRunner } from './jobs';
import { exportJob } from './jobs';
import { tensorboardFiles } from './tensorboard-export';
import type { ServiceDeps, Services } from './types';

export type ScaleoutMethods =
  | 'jobs.export'
  | 'jobs.launch'
  | 'jobs.list'
  | 'jobs.get'
  | 'jobs.stop'
  | 'imports.paths'
  | 'imports.upload'
  | 'export.tensorboard';

export function decodeUploads(
  files: { path: string; base64: string; mtime?: number | undefined }[],
): InputFile[] {
  let total = 0;
  return files.map((f) => {
    const bytes = new Uint8Array(Buffer.from(f.base64, 'base64'));
    total += bytes.length;
    if (total > MAX_UPLOAD_BYTES)
      throw new WorkbenchError(
        'payload_too_large',
        `uploads are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB in all; import a folder by path instead`,
      );
    if (f.path.split('/').includes('..'))
      throw new WorkbenchError('invalid_request', `${f.path}: no '..' in upload paths`);
    return { path: f.path.replace(/^\/+/, ''), bytes, mtime: f.mtime ?? Date.now() / 1000 };
  });
}

export function scaleoutServices(
  deps: ServiceDeps,
  runner: JobRunner,
): Pick<Services, ScaleoutMethods> {
  const { store } = deps;
  return {
    'jobs.export': (r) => {
      const runIds =
        r.runId !== undefined
          ? [r.runId]
          : store.runs
              .list({ experimentId: r.experimentId as number })
              .map((x) => x.id)
              .sort((a, b) => a - b);
      if (r.experimentId !== undefined && !store.experiments.get(r.experimentId))
        throw new WorkbenchError('not_found', `experiment #${r.experimentId} does not exist`);
      const b = exportJob(store, {
        runIds,
        ...(r.experimentId === undefined ? {} : { experimentId: r.experimentId }),
        engine: r.engine,
        form: r.form,
        outDir: r.outDir,
      });
      const result: ExportedJob = {
        dir: b.dir,
        engine: b.manifest.engine,
        files: b.files.map((f) => f.path),
        runs: b.manifest.runs.map((x) => ({
          runId: x.runId,
          name: x.name,
          launcher: x.launcher,
          submissionId: x.submissionId,
          ready: x.ready,
          settings: x.settings.length,
          refused: x.refused,
          replaced: x.replaced,
          notes: x.notes,
        })),
      };
      return result;
    },
    'jobs.launch': (r) =>
      runner.launch(r.bundleDir, {
        ...(r.runIds ? { runIds: r.runIds } : {}),
        ...(r.acceptRefused ? { acceptRefused: true } : {}),
      }),
    'jobs.list': () => store.scaleoutJobs.list(),
    'jobs.get': async (r) => {
      const job = r.refresh ? await runner.refresh(r.id) : store.scaleoutJobs.get(r.id);
      if (!job) throw new WorkbenchError('not_found', `job #${r.id} does not exist`);
      return { job, logs: store.scaleoutJobs.logs(r.id, r.sinceSeq ?? 0) };
    },
    'jobs.stop': (r) => runner.stop(r.id),
    'imports.paths': (r) =>
      importPaths(store, r.paths, r.experimentName ? { experimentName: r.experimentName } : {}),
    'imports.upload': (r) =>
      importInputs(
        store,
        decodeUploads(r.files),
        r.experimentName ? { experimentName: r.experimentName } : {},
        'upload:',
      ),
    'export.tensorboard': (r) => {
      const dir = resolve(r.outDir);
      const files = tensorboardFiles(store, r.runIds);
      for (const f of files) {
        const path = join(dir, f.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.bytes);
      }
      return {
        dir,
        files: files.map((f) => ({ runId: f.runId, path: join(dir, f.path), scalars: f.scalars })),
      };
    },
  };
}
