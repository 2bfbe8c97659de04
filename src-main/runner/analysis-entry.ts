// Analysis child process entry: gets one job spec from the main process, runs it (model and
// tensors live here, never in the main process), posts progress and the result, and exits.
// Started with child_process.fork (serve, tests) through tsx, like the trainer.
import type { AnalysisToHost, HostToAnalysis } from './analysis-protocol';

let pending = 0;

function post(message: AnalysisToHost): void {
  if (!process.connected || !process.send) return;
  pending++;
  process.send(message, undefined, {}, () => pending--);
}

async function exitSoon(code: number): Promise<never> {
  for (let i = 0; pending > 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
  process.exit(code);
}

if (!process.send) throw new Error('analysis-entry must be started by the main process');

let started = false;
process.on('message', (raw) => {
  const message = raw as HostToAnalysis;
  if (message?.type !== 'start' || started) return;
  started = true;
  void (async () => {
    try {
      // Loaded on start: a broken engine install ends as a failed job with its reason.
      const { runAnalysisJob } = await import('./analysis-job');
      const result = await runAnalysisJob(message.spec, (done, total, msg) =>
        post({ type: 'progress', done, total, message: msg }),
      );
      post({ type: 'result', result });
      await exitSoon(0);
    } catch (err) {
      post({ type: 'error', error: err instanceof Error ? err.message : String(err) });
      await exitSoon(1);
    }
  })();
});

process.on('SIGINT', () => undefined);
// The main process is gone: nobody would record the result.
process.on('disconnect', () => process.exit(0));
