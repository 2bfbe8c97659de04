// Starts fixtures/host-process.ts as a real process (for SIGKILL / SIGSTOP tests).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsxLoaderUrl } from '../../../src-main/runner/host/spawn';

const HOST = fileURLToPath(new URL('./fixtures/host-process.ts', import.meta.url));

export interface HostProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startHost(dbPath: string, runIds: number[]): HostProcess {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoaderUrl(), HOST, dbPath, ...runIds.map(String)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  return { child, output: () => out, exited };
}
