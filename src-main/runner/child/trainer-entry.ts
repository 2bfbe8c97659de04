// Trainer process entry. Started by the run host with child_process.fork (serve, CLI) or
// Electron's utilityProcess (app); talks to the host only through typed messages.
import type { HostToTrainer, TrainerMessage } from '../../contract/trainer-protocol';
import type { OpenEngineSession } from './engine-session';
import { runTrainer } from './trainer-loop';
import { parentChannel } from './parent-channel';

// Loaded on start, not at import: a broken engine install then ends as a 'failed' run with
// the reason, instead of a process that dies before it can say anything.
const openEngineSession: OpenEngineSession = async (config, log, context) => {
  const engine = await import('./engine-adapter');
  return engine.openEngineSession(config, log, { ...context, replicaWorker: REPLICA_WORKER });
};

// Built (electron-vite), the replica worker is an entry beside this one; from sources the
// engine finds it beside itself.
const REPLICA_WORKER = import.meta.url.endsWith('.ts')
  ? undefined
  : new URL('./replica-worker.js', import.meta.url);

const channel = parentChannel<TrainerMessage, HostToTrainer>();
let started = false;
let stop = false;

channel.onMessage((message) => {
  if (message.type === 'stop') {
    stop = true;
    return;
  }
  if (message.type === 'start' && !started) {
    started = true;
    void runTrainer(message, openEngineSession, {
      send: (m) => channel.post(m),
      stopRequested: () => stop,
    }).finally(async () => {
      await channel.flush();
      process.exit(0);
    });
  }
});

// Ctrl-C in a terminal reaches the whole process group; the host turns it into a clean stop.
process.on('SIGINT', () => undefined);

// The host is gone (killed): nobody would record anything more; leave at once.
channel.onDisconnect(() => process.exit(0));
