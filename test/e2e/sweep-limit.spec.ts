// The sweep form with pasted long value lists: it counts instead of expanding, so the page
// answers at once with the limit instead of freezing on a million planned runs.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from '../helpers/serve';
import type { ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forkbench-sweep-limit-'));
  serve = await startServe({ db: join(dir, 'wb.db'), noBuild: true });
});
test.afterAll(async () => {
  await serve?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a grid of a million runs is refused by count, and the page stays responsive', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${serve.url}#/sweep`);
  await expect(page.getByTestId('run-count')).toHaveText('6');
  const rhos = Array.from({ length: 500 }, (_, i) => ((i + 1) / 500).toFixed(3)).join(', ');
  const seeds = Array.from({ length: 1000 }, (_, i) => String(i)).join(', ');
  await page.getByTestId('axis').nth(1).getByRole('textbox').fill(rhos);
  await page.getByTestId('seeds').fill(seeds);
  await expect(page.getByTestId('launch-reason')).toContainText(
    'the sweep expands to 1000000 runs (at most 500)',
  );
  await expect(page.getByTestId('launch')).toBeDisabled();
  await expect(page.getByTestId('run-count')).toHaveText('1,000,000');
  await expect(page.getByTestId('sweep-preview')).toContainText('At most 500 runs per sweep.');
  // Still interactive: a smaller grid is planned again at once.
  await page.getByTestId('seeds').fill('1, 2');
  await expect(page.getByTestId('launch-reason')).toContainText('expands to 2000 runs');
  await expect(page.getByTestId('run-count')).toHaveText('2,000');
  await page.getByTestId('axis').nth(1).getByRole('textbox').fill('0.2');
  await expect(page.getByTestId('run-count')).toHaveText('4');
  await page.getByTestId('seeds').fill(seeds);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(dir, '..', 'forkbench-sweep-limit.png') });
});
