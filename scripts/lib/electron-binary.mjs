// The Electron binary is not fetched by `npm install` (package.json allowScripts denies
// electron's postinstall, so an install never fails on a machine that cannot reach GitHub). `npm start` calls
// ensureElectronBinary: it runs Electron's own installer (node_modules/electron/install.js) the
// first time, and where that fails says what to do instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The installed Electron executable, or undefined while its binary has not been downloaded. */
export function electronExecutable(require = createRequire(import.meta.url)) {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Runs node_modules/electron/install.js; returns its exit status and what it printed. */
export function runElectronInstaller(require = createRequire(import.meta.url), env = process.env) {
  const script = join(dirname(require.resolve('electron/package.json')), 'install.js');
  // The installer exits at once when this is set; a start is an explicit request for the binary.
  const { ELECTRON_SKIP_BINARY_DOWNLOAD: _skip, ...rest } = env;
  const result = spawnSync(process.execPath, [script], { env: rest, encoding: 'utf8' });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** What to print when the download failed: the cause in one line, then the ways forward. */
export function downloadFailedMessage(output) {
  const cause =
    output
      .split('\n')
      .map((line) => line.trim())
      .find((line) => /error|ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|status|certificate/i.test(line)) ??
    'the installer exited without saying why';
  return [
    'Could not download the Electron binary that the desktop app needs.',
    `  cause: ${cause}`,
    'What you can do:',
    '  - run `npm start` again where github.com is reachable (it downloads Electron once, ~100 MB);',
    '  - or point it at a mirror: ELECTRON_MIRROR=https://your.mirror/electron/ npm start',
    '    (see https://www.electronjs.org/docs/latest/tutorial/installation);',
    '  - or use serve mode, which needs no Electron: `npm run serve` and open the printed URL',
    '    (the same UI, API and database).',
  ].join('\n');
}

/**
 * Makes sure the Electron binary exists, downloading it once. Returns its path, or undefined
 * after printing why it is missing. The hooks exist for tests.
 */
export function ensureElectronBinary({
  find = () => electronExecutable(),
  install = () => runElectronInstaller(),
  log = console.log,
  error = console.error,
} = {}) {
  const present = find();
  if (present) return present;
  log('Downloading the Electron binary (first `npm start` only)…');
  const { status, output } = install();
  const after = status === 0 ? find() : undefined;
  if (after) return after;
  error(downloadFailedMessage(output));
  return undefined;
}
