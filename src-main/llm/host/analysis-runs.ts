// llm.analyze and llm.teacherForce: start an LLM child, wait until it has loaded the model and
// checked every prompt against the context (errors before that write nothing and come back as
// the call's error), then create the run and record its stream (run-recorder.ts).
import type { LlmResponses } from '../../contract/api-llm';
import { llmSamplingSchema } from '../../contract/api-llm';
import { WorkbenchError } from '../../contract/result';
import type { Handler, ServiceDeps } from '../../services/types';
import type { LlmModelRecord } from '../../store';
import type {
  GenerateSpec,
  LlmJobSpec,
  LlmToHost,
  TeacherForceItem,
  TeacherForceSpec,
} from '../protocol';
import { inspectGguf, sameVocabulary } from './inspect';
import type { LlmProcess, LlmProcessOptions } from './llm-process';
import { startLlmProcess } from './llm-process';
import { loadPromptSet } from './prompt-sets';
import { topShareOverlap } from './overlap';
import { createRunRecorder } from './run-recorder';

export const LLM_EXPERIMENT = 'Real models (GGUF)';
/** 0 = FORKBENCH_LLM_THREADS, else llama.cpp's default (every core; slow on a loaded machine). */
const threadsFor = (asked: number) =>
  asked || Number(process.env['FORKBENCH_LLM_THREADS'] ?? 0) || 0;

interface RunMeta {
  name: string;
  config: Record<string, unknown>;
  samplesPerProblem: number;
  problemIds: string[];
  problemAnswers: string[];
  problemTexts: string[];
  /** Called with the finished run's id (teacher forcing computes its overlap). */
  onFinished?: (runId: number) => void;
}

export function llmRunServices(
  deps: Pick<ServiceDeps, 'store' | 'events'>,
  options: LlmProcessOptions = {},
) {
  const { store } = deps;
  const active = new Map<number, LlmProcess>();

  const modelOf = (id: number): LlmModelRecord => {
    const m = store.llmModels.get(id);
    if (!m) throw new WorkbenchError('not_found', `no model #${id}`, 'modelId');
    inspectGguf(m.path); // still there and still a GGUF
    return m;
  };

  const experimentId = () =>
    store.experiments.findByName(LLM_EXPERIMENT)?.id ??
    store.experiments.create({
      name: LLM_EXPERIMENT,
      description: 'Analysis runs on local GGUF models',
    });

  function start(spec: LlmJobSpec, meta: RunMeta, model: LlmModelRecord) {
    return new Promise<{ runId: number; device: string; chatWrapper: string | null }>(
      (resolve, reject) => {
        let runId: number | null = null;
        let recorder: ReturnType<typeof createRunRecorder> | null = null;
        const onMessage = (m: LlmToHost) => {
          if (runId === null) {
            if (m.type === 'error') return reject(new WorkbenchError('invalid_request', m.error));
            if (m.type !== 'loaded') return;
            const now = new Date().toISOString();
            runId = store.runs.create({
              experimentId: experimentId(),
              name: meta.name,
              task: 'llm-analysis',
              maskMode: 'none',
              seed: Number((meta.config['sampling'] as { seed?: number } | undefined)?.seed ?? 0),
              config: {
                ...meta.config,
                model: {
                  id: model.id,
                  path: model.path,
                  name: model.name,
                  architecture: model.architecture,
                  quantization: model.quantization,
                },
                chatWrapper: m.chatWrapper,
              },
              status: 'running',
              backend: 'llama.cpp',
              device: m.device,
            });
            store.runs.update(runId, { startedAt: now });
            store.runs.heartbeat(runId);
            active.set(runId, proc);
            recorder = createRunRecorder(deps, { runId, ...meta });
            recorder.log(
              `loaded ${model.name} (${model.quantization}) on ${m.device} in ${m.seconds.toFixed(2)} s; vocabulary ${m.vocabSize}; chat wrapper ${m.chatWrapper ?? 'none'}`,
            );
            resolve({ runId, device: m.device, chatWrapper: m.chatWrapper });
            return;
          }
          try {
            if (recorder?.handle(m)) {
              active.delete(runId);
              if (m.type === 'done') meta.onFinished?.(runId);
            }
          } catch (err) {
            console.error(`forkbench: LLM run ${runId}: cannot record: ${String(err)}`);
          }
        };
        let proc: LlmProcess;
        try {
          proc = startLlmProcess(spec, onMessage, options);
        } catch (err) {
          reject(
            new WorkbenchError(
              'internal',
              `cannot start the model process: ${(err as Error).message}`,
            ),
          );
        }
      },
    );
  }

  const analyze: Handler<'llm.analyze'> = async (req): Promise<LlmResponses['llm.analyze']> => {
    const model = modelOf(req.modelId);
    let problems = req.problems ?? loadPromptSet(req.promptSet as string);
    if (req.limit) problems = problems.slice(0, req.limit);
    const sampling = req.sampling ?? llmSamplingSchema.parse({});
    const spec: GenerateSpec = {
      kind: 'generate',
      modelPath: model.path,
      contextSize: req.contextSize,
      parallel: req.parallel,
      threads: threadsFor(req.threads),
      problems,
      sampling,
      alternatives: 3,
    };
    const source = req.promptSet ?? 'custom problems';
    const r = await start(
      spec,
      {
        name: req.name ?? `${model.name} · ${source} · T=${sampling.temperature}`,
        config: {
          kind: 'llm-analysis',
          promptSet: source,
          problems: problems.length,
          sampling,
          contextSize: req.contextSize,
        },
        samplesPerProblem: sampling.samplesPerProblem,
        problemIds: problems.map((p) => p.id),
        problemAnswers: problems.map((p) => p.answer),
        problemTexts: problems.map((p) => p.prompt),
      },
      model,
    );
    return { ...r, samples: problems.length * sampling.samplesPerProblem };
  };

  const teacherForce: Handler<'llm.teacherForce'> = async (
    req,
  ): Promise<LlmResponses['llm.teacherForce']> => {
    const model = modelOf(req.modelId);
    const source = store.runs.get(req.runId);
    if (!source) throw new WorkbenchError('not_found', `no run #${req.runId}`, 'runId');
    const steps = store.rollouts.steps(req.runId);
    const step = req.step ?? steps[steps.length - 1];
    if (step === undefined || !steps.includes(step))
      throw new WorkbenchError(
        'not_found',
        `run #${req.runId} has no stored rollouts${req.step === undefined ? '' : ` at step ${req.step}`}`,
        'step',
      );
    const rows = store.rollouts.list(req.runId, step);
    // Same vocabulary (an LLM run of a model with identical tokens): score the very token ids;
    // otherwise the text is re-tokenised and positions no longer line up with the source.
    const sourceModel = (source.config['model'] as { path?: string } | undefined)?.path;
    const sameVocab =
      source.task === 'llm-analysis' &&
      sourceModel !== undefined &&
      sameVocabulary(sourceModel, model.path);
    const items: TeacherForceItem[] = rows.map((s) => ({
      prompt: s.prompt,
      response: s.response,
      reward: s.reward,
      correct: s.correct,
      ...(sameVocab ? { tokens: s.tokens } : {}),
    }));
    const spec: TeacherForceSpec = {
      kind: 'teacher-force',
      modelPath: model.path,
      contextSize: req.contextSize,
      parallel: req.parallel,
      threads: threadsFor(req.threads),
      temperature: req.temperature,
      items,
      alternatives: 3,
    };
    const r = await start(
      spec,
      {
        name: `${model.name} · teacher-forced run #${req.runId} step ${step}`,
        config: {
          kind: 'llm-teacher-force',
          sameVocabulary: sameVocab,
          sourceRun: req.runId,
          sourceStep: step,
          temperature: req.temperature,
          responses: items.length,
        },
        samplesPerProblem: 1,
        problemIds: rows.map((s) => String(s.idx)),
        problemAnswers: rows.map((s) => String(s.extra?.['answer'] ?? '')),
        problemTexts: rows.map((s) => String(s.extra?.['problem'] ?? '')),
        onFinished: (runId) => recordOverlap(runId, req.runId, step),
      },
      model,
    );
    return { runId: r.runId, device: r.device, samples: items.length };
  };

  /** Table 1's number when both runs' responses tokenise alike: top-20% position overlap. */
  function recordOverlap(runId: number, sourceRun: number, sourceStep: number) {
    const a = store.rollouts.list(sourceRun, sourceStep);
    const b = store.rollouts.list(runId, 0);
    const overlap = topShareOverlap(a, b, 0.2);
    const message =
      overlap === null
        ? 'top-20% overlap not computed: the two models tokenise the responses differently'
        : `top-20% entropy positions shared with run #${sourceRun}: ${(overlap * 100).toFixed(1)}%`;
    store.logs.append(runId, [{ message }]);
    deps.events.publish({ type: 'log.appended', runId, lines: [message] });
    if (overlap !== null)
      store.metrics.insert(runId, [{ key: 'overlap/top20', step: 0, value: overlap }]);
  }

  return {
    services: { 'llm.analyze': analyze, 'llm.teacherForce': teacherForce },
    close(): void {
      for (const [runId, p] of active) {
        p.kill();
        store.runs.update(runId, {
          status: 'interrupted',
          error: 'the app or server closed while it ran',
          endedAt: new Date().toISOString(),
        });
      }
      active.clear();
    },
  };
}
