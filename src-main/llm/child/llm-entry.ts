// LLM child process entry: gets one job (probe, generate, teacher-force), loads node-llama-cpp
// and the model here, never in the main process, streams samples and progress, and exits. A
// native crash in llama.cpp ends this process only; the host records why.
import { serveOneJob } from '../../runner/child/parent-channel';
import type { LlmJobSpec, LlmToHost } from '../protocol';

serveOneJob<LlmToHost, LlmJobSpec>(
  async (spec, post) => {
    if (spec.kind === 'probe') {
      const { probeBinding } = await import('./probe');
      post({ type: 'probe', result: await probeBinding() });
      return;
    }
    const t0 = performance.now();
    const { loadModel } = await import('./model');
    const m = await loadModel(spec);
    if (spec.kind === 'temperature') {
      const { runTemperatureSweep } = await import('./temperature');
      const { tokens, result } = await runTemperatureSweep(m, spec, post);
      await m.dispose();
      post({ type: 'done', tokens, seconds: (performance.now() - t0) / 1000, result });
      return;
    }
    const { tokens } =
      spec.kind === 'generate'
        ? await (await import('./generate')).runGenerate(m, spec, post)
        : await (await import('./teacher-force')).runTeacherForce(m, spec, post);
    await m.dispose();
    post({ type: 'done', tokens, seconds: (performance.now() - t0) / 1000 });
  },
  (error) => ({ type: 'error', error }),
);
