import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../paths';
import { LOOPBACK_HOSTS, startServer } from '../../server';
import { openWorkbench } from '../../services/workbench';
import type { Command } from '../types';
import { UsageError } from '../types';

export const DEFAULT_PORT = 8777;
const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');

/** Builds out/renderer when it is missing; false when that failed. */
function ensureRenderer(stderr: (text: string) => void): boolean {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return true;
  stderr('out/renderer is missing: building the user interface (npm run build:renderer)…');
  const result = spawnSync('npx', ['vite', 'build', '--config', 'vite.renderer.config.ts'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status === 0 && existsSync(join(RENDERER_DIR, 'index.html'))) return true;
  stderr(
    'Could not build the user interface; serving the API only. ' +
      'Run `npm run build:renderer` in the Forkbench folder and restart `forkbench serve`.',
  );
  return false;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the workbench UI and API on 127.0.0.1 (open the printed URL)',
  usage: `Usage: forkbench serve [--port N] [--host HOST] [--no-build] [--no-queue]

Serves the user interface and its API over HTTP on the loopback interface, guarded by a
random token: open the printed URL (it carries the token). On a remote machine, forward the
port over SSH (ssh -L ${DEFAULT_PORT}:127.0.0.1:${DEFAULT_PORT} host) and open the URL locally.

Flags:
  --port N      port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host HOST   loopback address: 127.0.0.1 (default), localhost or ::1
  --no-build    do not build the UI when out/renderer is missing (serve the API only)
  --no-queue    do not start queued runs (browse only; runs stay as they are)`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-build': { type: 'boolean' },
    'no-queue': { type: 'boolean' },
  },
  async run({ values, dbPath, stdout, stderr }) {
    const portText = (values.port as string | undefined) ?? String(DEFAULT_PORT);
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65_535)
      throw new UsageError(`--port must be an integer from 0 to 65535, not '${portText}'`);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    if (!(LOOPBACK_HOSTS as readonly string[]).includes(host))
      throw new UsageError(
        `--host must be a loopback address (${LOOPBACK_HOSTS.join(', ')}); ` +
          'to reach the server from another machine, use an SSH tunnel (ssh -L)',
      );
    const built =
      values['no-build'] === true
        ? existsSync(join(RENDERER_DIR, 'index.html'))
        : ensureRenderer(stderr);
    const workbench = openWorkbench({ dbPath, transport: 'http' });
    let server;
    try {
      server = await startServer({
        db: workbench,
        port,
        host,
        staticDir: built ? RENDERER_DIR : null,
      });
    } catch (err) {
      workbench.close();
      throw err;
    }
    if (values['no-queue'] !== true) workbench.queue.start();
    stdout(`Forkbench serving at ${server.url}`);
    stderr(`Database: ${dbPath}\nPress Ctrl+C to stop.`);
    const running = server;
    await new Promise<void>((resolveStop) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          // A second Ctrl+C: do not wait for runs to checkpoint.
          stderr(`${signal} again: closing now; active runs are marked interrupted.`);
          workbench.close();
          return resolveStop();
        }
        stopping = true;
        stderr(`\n${signal}: stopping (active runs checkpoint first; Ctrl+C again to force)…`);
        void running
          .close()
          .then(() => workbench.shutdown())
          .catch((err: unknown) => stderr(`error while stopping: ${(err as Error).message}`))
          .finally(() => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolveStop();
          });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
