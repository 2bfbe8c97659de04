// The trainer process's main loop: drives an engine session step by step, streams what it
// produces to the host, evaluates and checkpoints on schedule, and stops between steps.
// Runs only in the trainer process; the engine does no I/O, so files are written here.
import type { EvalRecord } from '../../contract/eval-record';
import type { LogLevel, StartMessage, TrainerMessage } from '../../contract/trainer-protocol';
import {
  checkpointFile,
  checkpointPath,
  readCheckpointFile,
  writeCheckpointFile,
} from '../checkpoints/checkpoint-files';
import type { EngineSession, OpenEngineSession } from './engine-session';
import { systemSampler } from './system-metrics';

export interface LoopIo {
  send(message: TrainerMessage): void;
  /** True once the host asked to stop; checked between steps. */
  stopRequested(): boolean;
}

// Lets queued IPC messages (a stop) in between steps: tensor work blocks the event loop.
const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function runTrainer(
  start: StartMessage,
  openSession: OpenEngineSession,
  io: LoopIo,
): Promise<void> {
  const log = (level: LogLevel, message: string): void => io.send({ type: 'log', level, message });
  let session: EngineSession | undefined;
  const heartbeat = setInterval(
    () => io.send({ type: 'heartbeat', step: session?.step ?? null }),
    2000,
  );
  try {
    const t0 = Date.now();
    session = await openSession(start.config, log, { dataDir: start.dataDir });
    const s = session;
    io.send({ type: 'status', ...s.backend });
    log('info', backendLine(s.backend, Date.now() - t0));
    for (const note of s.backend.notes) if (!note.startsWith('skipped ')) log('debug', note);

    let lastCheckpoint = -1;
    if (start.resumeFrom) {
      const { path, sha256, step } = start.resumeFrom;
      await s.loadState(readCheckpointFile(path, sha256));
      if (s.step !== step) throw new Error(`checkpoint ${path} holds step ${s.step}, not ${step}`);
      lastCheckpoint = step;
      io.send({ type: 'status', ...s.backend }); // a resume may pin another thread count
      log('info', `resumed from checkpoint at step ${step}`);
    } else if (s.schedule.evalEvery > 0) {
      await evaluate(s, io); // step 0: the base model
    }

    const checkpoint = async (): Promise<void> => {
      if (s.step === lastCheckpoint) return;
      const path = start.checkpointDir
        ? checkpointFile(start.checkpointDir, s.step, start.generation ?? 0)
        : checkpointPath(start.dataDir, start.runId, s.step);
      const written = writeCheckpointFile(path, await s.saveState());
      io.send({ type: 'checkpoint', step: s.step, path, ...written });
      lastCheckpoint = s.step;
    };

    const tTrain = Date.now();
    const system = systemSampler(s.backend.backend);
    while (s.step < s.schedule.totalSteps && !io.stopRequested()) {
      const out = await s.trainStep();
      io.send({
        type: 'metrics',
        points: [{ step: out.step, wallTime: now(), values: { ...out.values, ...system() } }],
      });
      if (out.samples.length > 0)
        io.send({ type: 'rollouts', step: out.step, samples: out.samples });
      if (every(out.step, s.schedule.evalEvery)) await evaluate(s, io);
      if (every(out.step, s.schedule.checkpointEvery)) await checkpoint();
      await yieldToEventLoop();
    }

    const stopped = s.step < s.schedule.totalSteps;
    if (!stopped && !every(s.step, s.schedule.evalEvery)) {
      await evaluate(s, io); // the final model is always evaluated (eval.every 0: only it)
    }
    await checkpoint(); // a stopped run resumes from exactly where it stopped
    const secs = (Date.now() - tTrain) / 1000;
    log('info', `${stopped ? 'stopped' : 'finished'} at step ${s.step} (${secs.toFixed(1)} s)`);
    io.send({ type: 'done', outcome: stopped ? 'stopped' : 'finished' });
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log('error', message);
    io.send({ type: 'done', outcome: 'failed', error: firstLine(err) });
  } finally {
    clearInterval(heartbeat);
    session?.dispose();
  }
}

async function evaluate(s: EngineSession, io: LoopIo): Promise<void> {
  const step = s.step;
  const results: EvalRecord[] = await s.evaluate();
  io.send({ type: 'eval', step, results });
  const values: Record<string, number> = {};
  for (const r of results) {
    values[`eval/${r.benchmark}/avg@${r.k}`] = r.avgAtK;
    values[`eval/${r.benchmark}/pass@${r.k}`] = r.passAtK;
  }
  if (results.length > 0) io.send({ type: 'metrics', points: [{ step, wallTime: now(), values }] });
}

const now = (): number => Date.now() / 1000;
const every = (step: number, n: number): boolean => n > 0 && step > 0 && step % n === 0;

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

/** The chosen backend, once, with why each better one was skipped ('auto' tries best first). */
export function backendLine(
  backend: { backend: string; device: string; notes: readonly string[] },
  ms: number,
): string {
  const skipped = backend.notes
    .filter((n) => n.startsWith('skipped '))
    .map((n) => n.slice('skipped '.length));
  const why = skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '';
  return `backend ${backend.backend} on ${backend.device} (${ms} ms)${why}`;
}
