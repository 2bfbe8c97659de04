// Serve mode on an empty database: the empty state; then the server goes away: the banner.
import { expect, test } from '@playwright/test';
import { listPresets } from '../../src-main/services/presets';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';
import { shootBothThemes } from './support/screens';

let served: ServedDb;

test.beforeAll(async () => {
  served = await serveDb('empty');
});
test.afterAll(async () => {
  await served?.close();
});

test('an empty database explains Forkbench and how to start', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(served.serve.url);
  const empty = page.getByTestId('empty-state');
  await expect(empty).toContainText('No experiments yet');
  await expect(empty).toContainText('forkbench run --preset quick-demo');
  // What the demo does and how long it took is quoted from its preset, not restated here.
  const preset = listPresets().find((p) => p.id === 'quick-demo')!;
  await expect(empty.getByTestId('demo-description')).toHaveText(preset.description);
  await expect(empty).not.toContainText('about a minute');
  const demo = empty.getByRole('button', { name: 'Quick demo' });
  await expect(demo).toBeEnabled(); // starts the quick-demo preset (forms.spec.ts clicks it)
  await shootBothThemes(page, 'empty');
  expect(problems).toEqual([]);

  // The server stops: the page says the connection is lost.
  await served.serve.stop();
  await expect(page.getByTestId('connection-banner')).toContainText(
    'Connection to the Forkbench server lost',
  );
  await shootBothThemes(page, 'connection-lost', false);
});
