// Where Forkbench keeps its data when no --db / FORKBENCH_DB is given: the same folder Electron's
// app.getPath('userData') gives an app named "Forkbench", so the CLI, serve mode and the
// desktop app share one database.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'Forkbench';
export const DB_FILE_NAME = 'forkbench.db';

/** Repository root (holds package.json, out/, resources/). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}

export function defaultDbPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return join(defaultDataDir(platform, env), DB_FILE_NAME);
}

/** --db flag, then FORKBENCH_DB, then the app-data default; always absolute. */
export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag || env.FORKBENCH_DB || defaultDbPath(process.platform, env);
  return resolve(chosen);
}
