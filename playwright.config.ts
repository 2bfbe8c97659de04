import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/lib/find-chromium';

// Browser tests drive the real UI in serve mode with a system Chromium, or Playwright's own when
// `npx playwright install chromium` fetched it; findChromium says how to get one when neither exists.
// Electron tests (test/e2e/electron) run where the Electron binary is installed, and skip otherwise.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    headless: true,
    launchOptions: {
      executablePath: findChromium(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
    screenshot: 'only-on-failure',
  },
});
