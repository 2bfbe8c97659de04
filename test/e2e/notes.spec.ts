// Notes are never lost: they save as you type (debounced), when you click away to another view,
// and closing the page with unsaved text asks first.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { serveDb } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

let served: ServedDb;
test.beforeAll(async () => {
  served = await serveDb('seeded');
});
test.afterAll(async () => {
  await served?.close();
});

const runUrl = () => `${served.serve.url}#/runs/${served.seed!.runs['all-tokens']!}`;
const box = (page: Page) => page.getByRole('textbox', { name: 'Run notes' });
async function storedNotes(page: Page): Promise<string> {
  await page.goto(runUrl());
  await page.reload();
  await expect(page.getByTestId('run-title')).toHaveText('all-tokens');
  return box(page).inputValue();
}

test('typing then clicking straight to another view keeps the notes', async ({ page }) => {
  await page.goto(runUrl());
  await box(page).click();
  await page.keyboard.type(' Checked again.');
  // No pause, no Save: straight to the experiment browser.
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  await expect.poll(() => storedNotes(page)).toBe('Full-token DAPO baseline. Checked again.');
});

test('notes save by themselves shortly after the last key', async ({ page }) => {
  await page.goto(runUrl());
  await box(page).fill('Saved without pressing anything.');
  await expect(page.getByTestId('notes-state')).toHaveText('Unsaved changes');
  await expect(page.getByTestId('notes-state')).toContainText('Saved', { timeout: 5000 });
  expect(await storedNotes(page)).toBe('Saved without pressing anything.');
});

test('closing the page with unsaved notes asks first', async ({ page }) => {
  await page.goto(runUrl());
  await box(page).click();
  await page.keyboard.type(' more');
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const d = await dialog;
  expect(d.type()).toBe('beforeunload');
  await d.dismiss();
});
