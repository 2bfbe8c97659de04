// Trainer process entry. Started by the run host with child_process.fork (serve, CLI) or
// Electron's utilityProcess (app); talks to the host only through typed messages.
import type { HostToTrainer, TrainerMessage } from '../contract/trainer-protocol';
import type { OpenEngineSession } from './engine-session';
import { runTrainer } from './trainer-loop';

// Loaded on start, not at import: a broken engine install then ends as a 'failed' run with
// the reason, instead of a process that dies before it can say anything.
const openEngineSession: OpenEngineSession = async (config, log, context) => {
  const engine = await import('./engine-adapter');
  return engine.openEngineSession(config, log, context);
};

interface ParentChannel {
  post(message: TrainerMessage): void;
  onMessage(listener: (message: HostToTrainer) => void): void;
  onDisconnect(listener: () => void): void;
}

/** utilityProcess exposes process.parentPort; a forked child has process.send. */
function parentChannel(): ParentChannel {
  const port = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      post: (m) => port.postMessage(m),
      onMessage: (l) => port.on('message', (e) => l(e.data as HostToTrainer)),
      onDisconnect: () => undefined, // utilityProcess children die with their parent
    };
  }
  if (!process.send) throw new Error('trainer-entry must be started by the run host');
  return {
    post: (m) => {
      if (!process.connected) return;
      pending++;
      process.send?.(m, undefined, {}, () => pending--);
    },
    onMessage: (l) => process.on('message', (m) => l(m as HostToTrainer)),
    onDisconnect: (l) => process.on('disconnect', l),
  };
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

let pending = 0; // IPC sends not yet handed to the OS: wait for them before exiting
const channel = parentChannel();
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
      for (let i = 0; pending > 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
      process.exit(0);
    });
  }
});

// Ctrl-C in a terminal reaches the whole process group; the host turns it into a clean stop.
process.on('SIGINT', () => undefined);

// The host is gone (killed): nobody would record anything more; leave at once.
channel.onDisconnect(() => process.exit(0));
