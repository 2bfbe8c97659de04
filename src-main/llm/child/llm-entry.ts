// LLM child process entry: gets one job (probe, generate, teacher-force), loads node-llama-cpp
// and the model here, never in the main process, streams samples and progress, and exits. A
// native crash in llama.cpp ends this process only; the host records why.
import { parentChannel } from '../../runner/child/parent-channel';
import type { HostToLlm, LlmToHost } from '../protocol';

const channel = parentChannel<LlmToHost, HostToLlm>();

async function exitSoon(code: number): Promise<never> {
  await channel.flush();
  process.exit(code);
}

let started = false;
channel.onMessage((message) => {
  if (message?.type !== 'start' || started) return;
  started = true;
  const spec = message.spec;
  const post = (m: LlmToHost) => channel.post(m);
  void (async () => {
    try {
      if (spec.kind === 'probe') {
        const { probeBinding } = await import('./probe');
        post({ type: 'probe', result: await probeBinding() });
        return await exitSoon(0);
      }
      const t0 = performance.now();
      const { loadModel } = await import('./model');
      const m = await loadModel(spec);
      if (spec.kind === 'temperature') {
        const { runTemperatureSweep } = await import('./temperature');
        const { tokens, result } = await runTemperatureSweep(m, spec, post);
        await m.dispose();
        post({ type: 'done', tokens, seconds: (performance.now() - t0) / 1000, result });
        return await exitSoon(0);
      }
      const { tokens } =
        spec.kind === 'generate'
          ? await (await import('./generate')).runGenerate(m, spec, post)
          : await (await import('./teacher-force')).runTeacherForce(m, spec, post);
      await m.dispose();
      post({ type: 'done', tokens, seconds: (performance.now() - t0) / 1000 });
      await exitSoon(0);
    } catch (err) {
      post({ type: 'error', error: err instanceof Error ? err.message : String(err) });
      await exitSoon(1);
    }
  })();
});

process.on('SIGINT', () => undefined);
channel.onDisconnect(() => process.exit(0));
