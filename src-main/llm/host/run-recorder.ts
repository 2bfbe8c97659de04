// Writes an LLM child's stream into a run: each sample as a rollout row (step 0; per-token
// entropy in float32, log-prob, alternatives, and the decoded pieces in `extra`), running
// metrics per finished sample, progress with an ETA in the log, and the end status.
import type { MetricPoint } from '../../contract/entities';
import type { ServiceDeps } from '../../services/types';
import type { LlmSample, LlmToHost } from '../protocol';

export interface RecorderOptions {
  runId: number;
  samplesPerProblem: number;
  problemAnswers: string[];
  problemIds: string[];
  /** The problems' own text (before any template), kept for later decodes (Fig. 3). */
  problemTexts: string[];
}

const fmtEta = (s: number) =>
  !Number.isFinite(s)
    ? '?'
    : s >= 60
      ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
      : `${Math.round(s)} s`;

export function createRunRecorder(
  { store, events }: Pick<ServiceDeps, 'store' | 'events'>,
  o: RecorderOptions,
) {
  const { runId } = o;
  let done = 0;
  let correct = 0;
  let entropySum = 0;
  let tokenCount = 0;
  let lastLog = 0;
  const publishRun = () => {
    const run = store.runs.get(runId);
    if (run) events.publish({ type: 'run.updated', run });
  };
  const log = (message: string, level: 'info' | 'warn' | 'error' = 'info') => {
    store.logs.append(runId, [{ message, level }]);
    events.publish({ type: 'log.appended', runId, lines: [message] });
  };
  const sample = (s: LlmSample) => {
    store.rollouts.insert(
      runId,
      0,
      [
        {
          idx: s.problemIndex * o.samplesPerProblem + s.sampleIndex,
          prompt: s.prompt,
          response: s.response,
          reward: s.reward,
          advantage: 0,
          correct: s.correct,
          tokens: s.tokens,
          entropies: s.entropies,
          logprobs: s.logprobs,
          mask: null, // no update: these are samples, not training steps
          alternatives: s.alternatives,
          extra: {
            pieces: s.pieces,
            problemId: o.problemIds[s.problemIndex] ?? null,
            answer: o.problemAnswers[s.problemIndex] ?? null,
            problem: o.problemTexts[s.problemIndex] ?? null,
            extracted: s.extracted,
            stop: s.stop,
          },
        },
      ],
      { entropyPrecision: 'float32' },
    );
    done++;
    if (s.correct) correct++;
    for (const e of s.entropies) entropySum += e;
    tokenCount += s.entropies.length;
    const wallTime = Date.now() / 1000;
    const values: Record<string, number> = {
      accuracy: correct / done,
      'entropy/mean': tokenCount ? entropySum / tokenCount : 0,
      'response/length': s.tokens.length,
    };
    const points = Object.entries(values).map(([key, value]) => ({
      key,
      step: done,
      value,
      wallTime,
    }));
    store.metrics.insert(runId, points);
    const byKey: Record<string, MetricPoint[]> = {};
    for (const p of points) byKey[p.key] = [{ step: p.step, value: p.value, wallTime }];
    events.publish({ type: 'metrics.appended', runId, points: byKey });
  };
  return {
    log,
    /** Handles one message; returns true when the run has ended. */
    handle(m: LlmToHost): boolean {
      if (m.type === 'sample') {
        sample(m.sample);
        return false;
      }
      if (m.type === 'progress') {
        store.runs.heartbeat(runId);
        const now = Date.now();
        if (now - lastLog >= 5000 || m.done === m.total) {
          lastLog = now;
          const rate = m.tokens / Math.max(1e-3, m.elapsedMs / 1000);
          const eta = m.done ? ((m.total - m.done) * m.elapsedMs) / m.done / 1000 : Infinity;
          log(
            `${m.done}/${m.total} samples · ${m.tokens} tokens · ${rate.toFixed(1)} tokens/s · ETA ${fmtEta(eta)}`,
          );
          publishRun();
        }
        return false;
      }
      if (m.type === 'done') {
        log(`finished: ${done} samples, ${m.tokens} tokens in ${m.seconds.toFixed(1)} s`);
        store.runs.update(runId, { status: 'finished', endedAt: new Date().toISOString() });
        publishRun();
        return true;
      }
      if (m.type === 'error') {
        log(m.error, 'error');
        store.runs.update(runId, {
          status: 'failed',
          error: m.error,
          endedAt: new Date().toISOString(),
        });
        publishRun();
        return true;
      }
      return false;
    },
  };
}
