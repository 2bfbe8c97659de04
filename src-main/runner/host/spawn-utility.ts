// A SpawnTrainer over Electron's utilityProcess, for the desktop app. Typed structurally so
// runner/ never imports 'electron': the shell passes its `utilityProcess` in.
//   const spawn = utilityTrainerSpawner(utilityProcess);
//   openWorkbench({ ..., runner: { spawn, entry: join(__dirname, 'trainer-entry.js') } });
import type { ChildLike, SpawnTrainer } from './spawn';

interface UtilityChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface UtilityProcessLike {
  fork(
    modulePath: string,
    args?: string[],
    options?: { stdio?: 'pipe'; serviceName?: string },
  ): UtilityChild;
}

export function utilityTrainerSpawner(utilityProcess: UtilityProcessLike): SpawnTrainer {
  return (entry): ChildLike => {
    const child = utilityProcess.fork(entry, [], {
      stdio: 'pipe',
      serviceName: 'Forkbench trainer',
    });
    let exited = false;
    const lines = (stream: NodeJS.ReadableStream | null, emit: (line: string) => void): void => {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop() ?? '';
        for (const l of parts) if (l.trim() !== '') emit(l);
      });
    };
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => void child.on('message', listener),
      onOutput: (listener) => {
        lines(child.stdout, (l) => listener('info', l));
        lines(child.stderr, (l) => listener('warn', l));
      },
      onExit: (listener) =>
        void child.on('exit', (code) => {
          exited = true;
          // utilityProcess reports no signal; a kill shows as a non-zero code.
          listener(code, null);
        }),
      kill: () => void child.kill(),
    };
  };
}
