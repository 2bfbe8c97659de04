// `forkbench export-job`: a run or a whole experiment as a verl (Ray) or TRL (accelerate) job
// bundle. Settings the engine cannot express are printed loudly and listed in the manifest.
import type { ExportedJob } from '../../contract/api-scaleout';
import type { Command } from '../types';
import { UsageError } from '../types';
import { call } from './run';

const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const int = (v: unknown, flag: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} takes a positive whole number, not '${String(v)}'`);
  return n;
};

export const exportJobCommand: Command = {
  name: 'export-job',
  summary: 'Export a run or experiment as a verl (Ray) or TRL (accelerate) job bundle',
  usage: `Usage: forkbench export-job <run|experiment:ID> --engine verl|trl --out DIR --model PATH
         --train FILES --output-dir CLUSTER_DIR [flags]

Arguments:
  run             a run id (or run:ID), or experiment:ID for one job per run of the experiment

What the cluster needs (Forkbench cannot know it):
  --model PATH        model directory on the cluster's shared filesystem, or a hub id
  --train FILES       training data files as the cluster sees them (comma-separated)
  --val FILES         validation files (verl needs at least one)
  --nodes N           machines (default 1); --gpus N GPUs per machine (default 8)
  --output-dir DIR    absolute cluster folder for checkpoints, logs, rollouts, TensorBoard
  --ray-address URL   Ray dashboard (verl; default http://127.0.0.1:8265, e.g. an SSH tunnel)
  --working-dir DIR   absolute path of your local checkout of the pinned verl fork (uploaded by
                      Ray); default: launch.sh reads $VERL_WORKING_DIR
  --main-ip IP        TRL with several nodes: the rank-0 machine
  --project NAME      project name in the engines' loggers (default forkbench)

Flags:
  --engine verl|trl   the target engine (versions pinned in the manifest)
  --out DIR           a new or empty local folder for the bundle
  --json              print the export summary as JSON

The bundle: forkbench-manifest.json (config, pinned engine, every refused setting), one folder
per run with launch.sh (+ runtime_env.yaml for verl; grpo_config.json for TRL), launch-all.sh,
and for TRL train.py, reward.py and accelerate.yaml. A launcher whose run has refused settings
stops with the list unless FORKBENCH_ACCEPT_REFUSED=1. Launch with 'forkbench job launch DIR'.`,
  options: {
    engine: { type: 'string' },
    out: { type: 'string', short: 'o' },
    model: { type: 'string' },
    train: { type: 'string' },
    val: { type: 'string' },
    nodes: { type: 'string' },
    gpus: { type: 'string' },
    'output-dir': { type: 'string' },
    'ray-address': { type: 'string' },
    'working-dir': { type: 'string' },
    'main-ip': { type: 'string' },
    project: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run({ positionals, values, openWorkbench, stdout, stderr }) {
    const ref = positionals[0] as string;
    const exp = /^experiment:(\d+)$/.exec(ref);
    const run = /^(?:run:)?(\d+)$/.exec(ref);
    if (!exp && !run)
      throw new UsageError(`<run> is a run id, run:ID or experiment:ID, not '${ref}'`);
    if (values.engine !== 'verl' && values.engine !== 'trl')
      throw new UsageError('--engine must be verl or trl');
    if (typeof values.out !== 'string') throw new UsageError('--out DIR is required');
    const form: Record<string, unknown> = {
      modelPath: values.model,
      trainFiles: list(values.train),
      valFiles: list(values.val),
      outputDir: values['output-dir'],
    };
    const optional: [string, unknown][] = [
      ['nodes', int(values.nodes, '--nodes')],
      ['gpusPerNode', int(values.gpus, '--gpus')],
      ['rayAddress', values['ray-address']],
      ['workingDir', values['working-dir']],
      ['mainProcessIp', values['main-ip']],
      ['project', values.project],
    ];
    for (const [k, v] of optional) if (v !== undefined) form[k] = v;
    const result = await call<ExportedJob>(openWorkbench(), 'jobs.export', {
      ...(exp ? { experimentId: Number(exp[1]) } : { runId: Number(run?.[1]) }),
      engine: values.engine,
      form,
      outDir: values.out,
    });
    if (values.json === true) {
      stdout(JSON.stringify(result, null, 2));
      return 0;
    }
    stdout(
      `wrote ${result.dir} for ${result.engine.label} @ ${result.engine.commit.slice(0, 8)} (${result.engine.version})`,
    );
    for (const r of result.runs)
      stdout(
        `  run #${r.runId} ${r.name}: ${r.launcher} (${r.settings} settings)${r.ready ? '' : ' — REFUSED settings, see below'}`,
      );
    const refused = result.runs.flatMap((r) =>
      r.refused.map(
        (x) => `  run #${r.runId} ${r.name}: ${x.field} = ${JSON.stringify(x.value)}: ${x.reason}`,
      ),
    );
    if (refused.length) {
      stderr(
        `REFUSED: ${refused.length} setting(s) the engine cannot express (not dropped; those launchers stop unless FORKBENCH_ACCEPT_REFUSED=1):`,
      );
      for (const line of refused) stderr(line);
    }
    stdout(`launch: forkbench job launch ${result.dir}   (or bash ${result.dir}/launch-all.sh)`);
    return 0;
  },
};
