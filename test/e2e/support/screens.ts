// Screenshots of a view in both themes, saved under test-results/screenshots/ for review.
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../test-results/screenshots');

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset['theme']);
  // Alt+M (the app's shortcut) works even while a modal dialog covers the toggle button.
  if (current !== theme) await page.keyboard.press('Alt+KeyM');
  await page.waitForFunction((t) => document.documentElement.dataset['theme'] === t, theme);
}

/** Saves `<name>-light.png` and `<name>-dark.png`; leaves the page in the theme it found. */
export async function shootBothThemes(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const start = (await page.evaluate(() => document.documentElement.dataset['theme'])) as
    'light' | 'dark';
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(150); // charts repaint on the next frame
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}-${theme}.png`), fullPage });
  }
  await setTheme(page, start);
}
