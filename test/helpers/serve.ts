// Starts `forkbench serve` as a real child process on a free port and parses the URL it prints.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const LINE = /^Forkbench serving at (http:\/\/127\.0\.0\.1:(\d+)\/)\?token=([0-9a-f]{64})$/m;

export interface ServeHandle {
  /** The printed URL, token included: open it to get the auth cookie. */
  url: string;
  token: string;
  /** http://127.0.0.1:PORT (no trailing slash). */
  baseUrl: string;
  port: number;
  process: ChildProcess;
  /** Everything the server wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  db: string;
  /** Pass --no-build: do not build out/renderer if it is missing. */
  noBuild?: boolean;
  /**
   * Start the run queue (queued runs train, stale 'running' ones are recovered). Default false
   * (--no-queue), so a seeded database keeps its states during UI tests.
   */
  queue?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export function startServe(options: ServeOptions): Promise<ServeHandle> {
  const args = ['bin/forkbench.mjs', 'serve', '--port', '0', '--db', options.db];
  if (options.noBuild) args.push('--no-build');
  if (!options.queue) args.push('--no-queue');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(
          `forkbench serve printed no URL within ${options.timeoutMs ?? 120_000} ms\n${err}`,
        ),
      );
    }, options.timeoutMs ?? 120_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = LINE.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const port = Number(m[2]);
      resolveStart({
        url: `${m[1]}?token=${m[3]}`,
        token: m[3] as string,
        baseUrl: `http://127.0.0.1:${port}`,
        port,
        process: child,
        stderr: () => err,
        stop,
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`forkbench serve exited (${code ?? signal}) before serving\n${err}`));
    });
  });
}
