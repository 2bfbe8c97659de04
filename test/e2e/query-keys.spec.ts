// The query box names an unknown metric or param (with the nearest that exists) instead of
// silently matching nothing, and completes keys as you type.
import { expect, test } from '@playwright/test';
import { serveDb } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

let served: ServedDb;
test.beforeAll(async () => {
  served = await serveDb('seeded');
});
test.afterAll(async () => {
  await served?.close();
});

test('unknown keys are named with a did-you-mean; keys complete with Tab', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(served.serve.url);
  await expect(page.getByTestId('run-row')).toHaveCount(7);
  const q = page.getByTestId('query-box');
  await q.fill('metrics.acuracy > 0.5');
  await expect(page.getByTestId('query-unknown')).toHaveText(
    "no metric 'acuracy'; did you mean 'accuracy'?",
  );
  await q.fill('params.mask.roh = 0.2');
  await expect(page.getByTestId('query-unknown')).toContainText("did you mean 'mask.rho'?");

  await q.fill('');
  await q.pressSequentially('metrics.acc');
  const list = page.getByTestId('query-completions');
  await expect(list.getByRole('option').first()).toHaveText('metrics.accuracy');
  await q.press('Tab');
  await expect(q).toHaveValue('metrics.accuracy');
  await expect(q).toBeFocused();
  await q.pressSequentially(' > 0.5 AND pa');
  await expect(list.getByRole('option')).toHaveText(['params.']);
  await q.press('Enter');
  await q.pressSequentially('mask.m');
  await expect(list.getByRole('option').first()).toHaveText('params.mask.mode');
  await q.press('Enter');
  await q.pressSequentially(' = top');
  await expect(q).toHaveValue('metrics.accuracy > 0.5 AND params.mask.mode = top');
  await expect(page.getByTestId('query-unknown')).toHaveCount(0);
  await expect(page.getByTestId('query-error')).toHaveCount(0);
});
