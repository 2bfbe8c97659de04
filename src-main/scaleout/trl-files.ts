// The files of a TRL job: grpo_config.json (the GRPOConfig fields), accelerate.yaml, launch.sh
// (accelerate launch, once per node), and the shared train.py / reward.py (trl-scripts.ts).
import type { JobForm } from './form';
import type { EngineSetting } from './mapping';
import { refusalGuard, shQuote } from './shell';

export function grpoConfigJson(settings: EngineSetting[]): string {
  const fields: Record<string, unknown> = {};
  for (const s of settings) fields[s.key] = s.value;
  return `${JSON.stringify(fields, null, 2)}\n`;
}

/** accelerate's config for this form: DeepSpeed ZeRO-3 like TRL's shipped zero3 profile. */
export function accelerateYaml(form: JobForm): string {
  return [
    'compute_environment: LOCAL_MACHINE',
    'debug: false',
    'deepspeed_config:',
    '  deepspeed_multinode_launcher: standard',
    '  offload_optimizer_device: none',
    '  offload_param_device: none',
    '  zero3_init_flag: true',
    '  zero3_save_16bit_model: true',
    '  zero_stage: 3',
    'distributed_type: DEEPSPEED',
    "downcast_bf16: 'no'",
    'machine_rank: 0',
    ...(form.nodes > 1 && form.mainProcessIp
      ? [`main_process_ip: ${form.mainProcessIp}`, `main_process_port: ${form.mainProcessPort}`]
      : []),
    'main_training_function: main',
    'mixed_precision: bf16',
    `num_machines: ${form.nodes}`,
    `num_processes: ${form.nodes * form.gpusPerNode}`,
    `rdzv_backend: ${form.nodes > 1 ? 'c10d' : 'static'}`,
    'same_network: true',
    'use_cpu: false',
    '',
  ].join('\n');
}

export function trlArgv(form: JobForm, runDir: string): string[] {
  return [
    'accelerate',
    'launch',
    '--config_file',
    'accelerate.yaml',
    '--machine_rank',
    '${MACHINE_RANK:-0}',
    'train.py',
    '--config',
    `${runDir}/grpo_config.json`,
  ];
}

export function trlLaunch(form: JobForm, runDir: string, refusals: string[]): string {
  const argv = trlArgv(form, runDir).map((w) => (w.startsWith('${') ? `"${w}"` : shQuote(w)));
  const nodes =
    form.nodes > 1
      ? `# ${form.nodes} nodes: run this on every node with MACHINE_RANK=0..${form.nodes - 1}; rank 0 is ${form.mainProcessIp ?? '(set mainProcessIp)'}.\n`
      : '';
  return `#!/usr/bin/env bash
# Trains this run with TRL's GRPOTrainer through accelerate (forkbench export-job).
# Needs the pinned TRL (see ../forkbench-manifest.json) and the data files on this machine.
${nodes}set -euo pipefail
cd "$(dirname "\${BASH_SOURCE[0]}")/.."
${refusalGuard(refusals)}${argv.join(' ')}
`;
}

/** Only what train.py needs besides GRPOConfig: model, data, task, reward shaping. */
export function trainSpec(
  form: JobForm,
  task: string,
  overlong: { buffer: number; maxTokens: number },
) {
  return {
    model: form.modelPath,
    trainFiles: form.trainFiles,
    valFiles: form.valFiles,
    task,
    overlongBuffer: overlong.buffer,
    maxCompletionLength: overlong.maxTokens,
  };
}
