// The files of a verl job: runtime_env.yaml (absolute logger paths, so the TaskRunner writes them
// to the shared filesystem whichever node it lands on) and launch.sh (ray job submit with an
// explicit --address and --submission-id).
import type { JobForm } from './form';
import type { EngineSetting } from './mapping';
import { hydraOverride, refusalGuard, shQuote } from './shell';

// launch.sh says which checkout Ray uploads: the form's absolute path, else $VERL_WORKING_DIR.
const WORKDIR_WORD = '<verl checkout>';
const workdir = (form: JobForm) =>
  form.workingDir
    ? shQuote(form.workingDir)
    : '"${VERL_WORKING_DIR:?set VERL_WORKING_DIR to your checkout of the pinned verl fork}"';

export interface VerlRunFiles {
  runtimeEnv: string;
  launch: string;
  /** The command launch.sh runs, as argv (for the launcher service and tests). */
  argv: string[];
}

export function verlLogPaths(form: JobForm, runKey: string, submissionId: string) {
  const root = `${form.outputDir}/${runKey}`;
  return {
    // One file per submission: the file logger truncates on open, so a resume would erase it.
    fileLogger: `${root}/logs/${submissionId}.jsonl`,
    tensorboard: `${root}/tensorboard`,
    rollouts: `${root}/rollouts`,
  };
}

export function verlRunFiles(
  form: JobForm,
  runKey: string,
  submissionId: string,
  settings: EngineSetting[],
  refusals: string[],
): VerlRunFiles {
  const paths = verlLogPaths(form, runKey, submissionId);
  const runtimeEnv = [
    '# Ray runtime environment for this run (written by forkbench export-job).',
    'excludes: ["/.git/"]',
    'env_vars:',
    '  TORCH_NCCL_AVOID_RECORD_STREAMS: "1"',
    '  CUDA_DEVICE_MAX_CONNECTIONS: "1"',
    '  VLLM_USE_V1: "1"',
    `  VERL_FILE_LOGGER_PATH: ${JSON.stringify(paths.fileLogger)}`,
    `  TENSORBOARD_DIR: ${JSON.stringify(paths.tensorboard)}`,
    '',
  ].join('\n');
  const argv = [
    'ray',
    'job',
    'submit',
    '--address',
    form.rayAddress,
    '--submission-id',
    submissionId,
    '--runtime-env',
    'runtime_env.yaml',
    '--working-dir',
    WORKDIR_WORD,
    '--no-wait',
    '--',
    'python3',
    '-m',
    'recipe.dapo.main_dapo',
    ...settings.map(hydraOverride),
  ];
  const lines = commandLines(argv, (w) => (w === WORKDIR_WORD ? workdir(form) : shQuote(w)));
  const launch = `#!/usr/bin/env bash
# Submits this run to the Ray cluster at ${form.rayAddress} (forkbench export-job).
# Run it from this folder; it needs \`ray\` (pip install "ray[default]") on this machine and,
# as working_dir, a checkout of the pinned verl fork (see ../forkbench-manifest.json).
set -euo pipefail
cd "$(dirname "\${BASH_SOURCE[0]}")"
${refusalGuard(refusals)}${lines.join(' \\\n  ')}
echo "submitted ${submissionId}; follow with: ray job logs --address ${form.rayAddress} --follow ${submissionId}"
`;
  return { runtimeEnv, launch, argv };
}

/** One line per option with its value, the entrypoint on one line, then one override a line. */
function commandLines(argv: string[], quote: (w: string) => string): string[] {
  const lines: string[] = [];
  let i = 0;
  const head: string[] = [];
  while (i < argv.length && !(argv[i] as string).startsWith('-'))
    head.push(quote(argv[i++] as string));
  lines.push(head.join(' '));
  while (i < argv.length && argv[i] !== '--') {
    const flag = argv[i++] as string;
    const next = argv[i];
    if (next !== undefined && !next.startsWith('-')) {
      lines.push(`${flag} ${quote(next)}`);
      i++;
    } else lines.push(flag);
  }
  const entry: string[] = [];
  while (i < argv.length && !(argv[i] as string).includes('='))
    entry.push(quote(argv[i++] as string));
  if (entry.length) lines.push(entry.join(' '));
  while (i < argv.length) lines.push(quote(argv[i++] as string));
  return lines;
}
