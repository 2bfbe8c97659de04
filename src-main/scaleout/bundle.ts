// A job bundle: for each run, the engine's settings, its launcher and config files, and one
// manifest naming the pinned engine and every refused setting. Pure: returns files, writes none.
import type { RunConfig } from '../contract/run-config';
import type { EngineId } from './engines';
import { ENGINE_PINS } from './engines';
import type { JobForm } from './form';
import type { EngineSetting, MappingResult } from './mapping';
import { applyRules } from './mapping';
import { trlRules, trlJobSettings } from './trl-rules';
import { accelerateYaml, grpoConfigJson, trainSpec, trlArgv, trlLaunch } from './trl-files';
import { REWARD_PY, TRAIN_PY } from './trl-scripts';
import { verlJobSettings, verlRules } from './verl-rules';
import { verlLogPaths, verlRunFiles } from './verl-files';

export const MANIFEST_NAME = 'forkbench-manifest.json';
export const MANIFEST_FORMAT = 'forkbench-job/1';

export interface BundleRun {
  id: number;
  name: string;
  config: RunConfig;
}

export interface BundleFile {
  path: string;
  content: string;
  executable?: boolean;
}

export interface ManifestRun extends MappingResult {
  runId: number;
  name: string;
  runKey: string;
  submissionId: string;
  config: RunConfig;
  /** Relative path of this run's launcher. */
  launcher: string;
  /** The command the launcher runs (argv; shell expansions left as written). */
  command: string[];
  /** Where the engine writes what `forkbench import` reads back. */
  outputs: Record<string, string>;
  ready: boolean;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  exportedAt: string;
  engine: (typeof ENGINE_PINS)[EngineId];
  experiment: { id: number; name: string } | null;
  form: JobForm;
  runs: ManifestRun[];
}

export interface Bundle {
  manifest: Manifest;
  files: BundleFile[];
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'run';

export function runKeyOf(run: BundleRun): string {
  return `fb-run${run.id}-${slug(run.name)}`;
}

/** Engine keys set twice (a rule and the job settings) would be ambiguous: the last one wins. */
function dedupe(settings: EngineSetting[]): EngineSetting[] {
  const byKey = new Map<string, EngineSetting>();
  for (const s of settings) byKey.set(s.key, s);
  return [...byKey.values()];
}

export function buildBundle(input: {
  engine: EngineId;
  runs: BundleRun[];
  form: JobForm;
  experiment?: { id: number; name: string } | null;
  /** ISO time; also makes submission ids unique per export. */
  now: string;
}): Bundle {
  const { engine, form } = input;
  const stamp = input.now.replace(/\D/g, '').slice(0, 14);
  const files: BundleFile[] = [];
  const runs: ManifestRun[] = [];
  for (const run of input.runs) {
    const runKey = runKeyOf(run);
    const submissionId = `${runKey}-${engine}-${stamp}`;
    const rules = engine === 'verl' ? verlRules : trlRules;
    const mapped = applyRules(engine, rules, run.config, form);
    const jobSettings =
      engine === 'verl' ? verlJobSettings(form, runKey) : trlJobSettings(form, runKey);
    const settings = dedupe([...mapped.settings, ...jobSettings]);
    const refusals = mapped.refused.map(
      (r) => `${r.field} = ${JSON.stringify(r.value)}: ${r.reason}`,
    );
    const dir = runKey;
    let command: string[];
    let outputs: Record<string, string>;
    if (engine === 'verl') {
      const f = verlRunFiles(form, runKey, submissionId, settings, refusals);
      files.push({ path: `${dir}/runtime_env.yaml`, content: f.runtimeEnv });
      files.push({ path: `${dir}/launch.sh`, content: f.launch, executable: true });
      command = f.argv;
      outputs = verlLogPaths(form, runKey, submissionId);
    } else {
      files.push({ path: `${dir}/grpo_config.json`, content: grpoConfigJson(settings) });
      const spec = trainSpec(form, run.config.task, {
        buffer: run.config.rl.overlongBuffer,
        maxTokens: run.config.rl.maxResponseTokens,
      });
      files.push({ path: `${dir}/train_spec.json`, content: `${JSON.stringify(spec, null, 2)}\n` });
      files.push({
        path: `${dir}/launch.sh`,
        content: trlLaunch(form, dir, refusals),
        executable: true,
      });
      command = trlArgv(form, dir);
      const out = `${form.outputDir}/${runKey}`;
      outputs = {
        metricsJsonl: `${out}/metrics.jsonl`,
        trainerState: `${out}/trainer_state.json`,
        tensorboard: `${out}/runs`,
        completions: `${out}/completions`,
      };
    }
    runs.push({
      runId: run.id,
      name: run.name,
      runKey,
      submissionId,
      config: run.config,
      ...mapped,
      settings,
      launcher: `${dir}/launch.sh`,
      command,
      outputs,
      ready: mapped.refused.length === 0,
    });
  }
  if (engine === 'trl') {
    files.push({ path: 'train.py', content: TRAIN_PY });
    files.push({ path: 'reward.py', content: REWARD_PY });
    files.push({ path: 'accelerate.yaml', content: accelerateYaml(form) });
  }
  files.push({ path: 'launch-all.sh', content: launchAll(runs), executable: true });
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    exportedAt: input.now,
    engine: ENGINE_PINS[engine],
    experiment: input.experiment ?? null,
    form,
    runs,
  };
  files.unshift({ path: MANIFEST_NAME, content: `${JSON.stringify(manifest, null, 2)}\n` });
  return { manifest, files };
}

/** Starts every ready run; lists the refused ones and skips them unless the user accepts. */
function launchAll(runs: ManifestRun[]): string {
  const lines = runs.map((r) =>
    r.ready
      ? `bash ${r.launcher}`
      : `bash ${r.launcher} || echo "skipped ${r.runKey}: refused settings (see forkbench-manifest.json)" >&2`,
  );
  return `#!/usr/bin/env bash
# Launches every run of this bundle in turn (forkbench export-job).
set -uo pipefail
cd "$(dirname "\${BASH_SOURCE[0]}")"
${lines.join('\n')}
`;
}

/** Refusals of a whole bundle, one line each, for loud printing. */
export function refusalLines(manifest: Manifest): string[] {
  return manifest.runs.flatMap((r) =>
    r.refused.map(
      (x) => `run #${r.runId} ${r.name}: ${x.field} = ${JSON.stringify(x.value)} — ${x.reason}`,
    ),
  );
}
