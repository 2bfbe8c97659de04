// The desktop app: launches the built Electron app (out/main/index.js) on a seeded database and
// checks that its window shows the experiment browser over IPC. Skips, saying why, where the
// Electron binary is not installed (the first `npm start` fetches it) or the app is not built.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedDemoDatabase } from '../fixtures/seed';
import { shootBothThemes } from './support/screens';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'out/main/index.js');

/** The Electron executable, or why there is none. */
function findElectron(): { path: string } | { reason: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (err) {
    return {
      reason: `Electron binary not installed (${(err as Error).message.split('\n')[0]}); the first npm start downloads it`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path))
    return { reason: `Electron binary missing at ${String(path)}` };
  return { path };
}

const found = findElectron();
const skipReason =
  'reason' in found
    ? found.reason
    : !existsSync(MAIN)
      ? `desktop app not built (${MAIN} missing): run \`npm run build\` first`
      : null;

test.describe('desktop app', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  test('the window shows the experiment browser', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkbench-electron-'));
    const db = join(dir, 'workbench.db');
    seedDemoDatabase(db);
    const app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [MAIN, '--db', db],
      cwd: ROOT,
      env: { ...process.env, FORKBENCH_DB: db, ELECTRON_DISABLE_SECURITY_WARNINGS: '1' },
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle('Forkbench');
      await expect(window.getByTestId('experiment-group')).toHaveCount(2);
      await expect(window.getByTestId('run-row')).toHaveCount(7);
      await expect(window.getByTestId('connection')).toContainText('desktop');
      // The renderer got no Node access: the preload exposes only the API.
      expect(
        await window.evaluate(() => typeof (globalThis as { require?: unknown }).require),
      ).toBe('undefined');
      await shootBothThemes(window, 'electron-browser');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
