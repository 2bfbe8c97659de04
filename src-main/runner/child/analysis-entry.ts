// Analysis child process entry: gets one job spec from the main process, runs it (model and
// tensors live here, never in the main process), posts progress and the result, and exits.
// Started like the trainer: child_process.fork through tsx, or Electron's utilityProcess.
import type { AnalysisJobSpec, AnalysisToHost } from '../../contract/analysis-protocol';
import { serveOneJob } from './parent-channel';

serveOneJob<AnalysisToHost, AnalysisJobSpec>(
  async (spec, post) => {
    // Loaded on start: a broken engine install ends as a failed job with its reason.
    const { runAnalysisJob } = await import('./analysis-job');
    const result = await runAnalysisJob(spec, (done, total, message) =>
      post({ type: 'progress', done, total, message }),
    );
    post({ type: 'result', result });
  },
  (error) => ({ type: 'error', error }),
);
