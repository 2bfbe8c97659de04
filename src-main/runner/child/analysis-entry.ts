// Analysis child process entry: gets one job spec from the main process, runs it (model and
// tensors live here, never in the main process), posts progress and the result, and exits.
// Started like the trainer: child_process.fork through tsx, or Electron's utilityProcess.
import type { AnalysisToHost, HostToAnalysis } from '../../contract/analysis-protocol';
import { parentChannel } from './parent-channel';

const channel = parentChannel<AnalysisToHost, HostToAnalysis>();

async function exitSoon(code: number): Promise<never> {
  await channel.flush();
  process.exit(code);
}

let started = false;
channel.onMessage((message) => {
  if (message?.type !== 'start' || started) return;
  started = true;
  void (async () => {
    try {
      // Loaded on start: a broken engine install ends as a failed job with its reason.
      const { runAnalysisJob } = await import('./analysis-job');
      const result = await runAnalysisJob(message.spec, (done, total, msg) =>
        channel.post({ type: 'progress', done, total, message: msg }),
      );
      channel.post({ type: 'result', result });
      await exitSoon(0);
    } catch (err) {
      channel.post({ type: 'error', error: err instanceof Error ? err.message : String(err) });
      await exitSoon(1);
    }
  })();
});

process.on('SIGINT', () => undefined);
// The main process is gone: nobody would record the result.
channel.onDisconnect(() => process.exit(0));
