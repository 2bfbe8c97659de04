// llm.models.* and llm.promptSets.list: the registry of local GGUF files. Headers are read here
// (inspect.ts); whether the binding loads, on which device and which architectures it knows
// comes from one probe child process, run once and cached (a failed probe is kept as the reason).
import { existsSync } from 'node:fs';
import type { LlmBindingStatus, LlmModel } from '../../contract/api-llm';
import { WorkbenchError } from '../../contract/result';
import type { Handler, ServiceDeps } from '../../services/types';
import type { LlmModelRecord } from '../../store';
import type { ProbeResult } from '../protocol';
import { inspectGguf } from './inspect';
import type { LlmProcessOptions } from './llm-process';
import { startLlmProcess } from './llm-process';
import { listPromptSets } from './prompt-sets';

const PROBE_TIMEOUT_MS = 60_000;

export function createBindingProbe(options: LlmProcessOptions = {}) {
  let cached: Promise<ProbeResult> | undefined;
  return (): Promise<ProbeResult> => {
    cached ??= new Promise<ProbeResult>((resolve) => {
      const unavailable = (error: string): ProbeResult => ({
        available: false,
        error,
        device: null,
        deviceNames: [],
        architectures: [],
        bindingVersion: null,
      });
      let proc: ReturnType<typeof startLlmProcess> | undefined;
      const timer = setTimeout(() => {
        proc?.kill();
        resolve(unavailable('the node-llama-cpp probe did not answer within 60 s'));
      }, PROBE_TIMEOUT_MS);
      try {
        proc = startLlmProcess(
          { kind: 'probe' },
          (m) => {
            if (m.type === 'probe') resolve(m.result);
            else if (m.type === 'error') resolve(unavailable(m.error));
            else return;
            clearTimeout(timer);
          },
          options,
        );
      } catch (err) {
        clearTimeout(timer);
        resolve(unavailable(`cannot start the model process: ${(err as Error).message}`));
      }
    });
    return cached;
  };
}

export type BindingProbe = ReturnType<typeof createBindingProbe>;

function toModel(r: LlmModelRecord, probe: ProbeResult): LlmModel {
  let problem: string | null = null;
  if (!existsSync(r.path)) problem = `the file is gone: ${r.path}`;
  else if (probe.available && !probe.architectures.includes(r.architecture))
    problem = `this llama.cpp build does not support the architecture "${r.architecture}"`;
  return { ...r, problem };
}

const statusOf = (p: ProbeResult): LlmBindingStatus => ({
  available: p.available,
  error: p.error,
  device: p.device,
  deviceNames: p.deviceNames,
  bindingVersion: p.bindingVersion,
});

export function llmModelServices({ store }: Pick<ServiceDeps, 'store'>, probe: BindingProbe) {
  const list: Handler<'llm.models.list'> = async () => {
    const p = await probe();
    return { models: store.llmModels.list().map((r) => toModel(r, p)), binding: statusOf(p) };
  };

  const add: Handler<'llm.models.add'> = async ({ path }) => {
    const found = inspectGguf(path);
    if (store.llmModels.byPath(found.path))
      throw new WorkbenchError('conflict', `${found.path} is already registered`, 'path');
    const p = await probe();
    if (p.available && !p.architectures.includes(found.architecture))
      throw new WorkbenchError(
        'invalid_request',
        `${found.path}: llama.cpp (node-llama-cpp ${p.bindingVersion ?? '?'}) does not support the architecture "${found.architecture}"`,
        'path',
      );
    const id = store.llmModels.create(found);
    return toModel(store.llmModels.get(id) as LlmModelRecord, p);
  };

  const remove: Handler<'llm.models.remove'> = ({ id }) => {
    if (!store.llmModels.delete(id)) throw new WorkbenchError('not_found', `no model #${id}`, 'id');
    return { deleted: true };
  };

  return {
    'llm.models.list': list,
    'llm.models.add': add,
    'llm.models.remove': remove,
    'llm.promptSets.list': (() => listPromptSets()) as Handler<'llm.promptSets.list'>,
  };
}
