// How the host starts a trainer process. Injectable: serve mode and the CLI fork a Node child
// (TypeScript through tsx's loader); the Electron shell passes a spawner built on utilityProcess.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostToTrainer } from '../../contract/trainer-protocol';

/** The little the host needs from a child process, whatever started it. */
export interface ChildLike {
  readonly pid: number | undefined;
  send(message: HostToTrainer): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Output lines the child printed (stdout as 'info', stderr as 'warn'). */
  onOutput(listener: (level: 'info' | 'warn', line: string) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export type SpawnTrainer = (entry: string) => ChildLike;

/** Absolute path of the trainer entry (a .ts file run through tsx). */
export const TRAINER_ENTRY = fileURLToPath(new URL('../child/trainer-entry.ts', import.meta.url));

/** file: URL of tsx's ESM loader, for `node --import` (absolute, so any cwd works). */
export function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx/esm')).href;
}

function splitLines(emit: (line: string) => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (line.trim() !== '') emit(line.replace(/\r$/, ''));
  };
}

/** The default spawner: child_process.fork with structured-clone IPC (typed arrays survive). */
export const forkTrainer: SpawnTrainer = (entry) => {
  const child = fork(entry, [], {
    execArgv: ['--import', tsxLoaderUrl()],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, FORKBENCH_TRAINER: '1' },
  });
  const output: ((level: 'info' | 'warn', line: string) => void)[] = [];
  child.stdout?.on(
    'data',
    splitLines((l) => output.forEach((f) => f('info', l))),
  );
  child.stderr?.on(
    'data',
    splitLines((l) => output.forEach((f) => f('warn', l))),
  );
  // A send to a child that just died raises EPIPE asynchronously; the exit handler covers it.
  child.on('error', () => undefined);
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (child.connected) child.send(message, (err) => void err);
    },
    onMessage: (listener) => void child.on('message', listener),
    onOutput: (listener) => void output.push(listener),
    // 'close', not 'exit': it waits for the IPC channel, so no message arrives after it.
    onExit: (listener) => void child.on('close', listener),
    kill: (signal) => void child.kill(signal),
  };
};
