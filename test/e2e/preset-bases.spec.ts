// The run and sweep forms show each preset's base and its measured held-out score (from the
// base's sidecar JSON), and flag a base that scores 0%: such a preset cannot learn.
import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDb } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

// Fixture sidecars (not measurements) in the data folder: one base at 0%, one at 25%.
let served: ServedDb;
test.beforeAll(async () => {
  served = await serveDb('empty', (_store, { dir }) => {
    mkdirSync(join(dir, 'base-models'));
    const write = (name: string, avgAtK: number) =>
      writeFileSync(
        join(dir, 'base-models', `${name}.json`),
        JSON.stringify({
          name,
          eval: [
            {
              benchmark: 'pair-heldout',
              k: 8,
              temperature: 1,
              avgAtK,
              stdErr: 0.012,
              passAtK: 0.4,
              problems: 200,
            },
          ],
        }),
      );
    write('pair-search-s', 0);
    write('pair-search-xs', 0.25); // the data folder's sidecar wins over the shipped one
  });
});
test.afterAll(async () => {
  await served?.close();
});

test('presets name their base and its held-out score; a 0% base is flagged', async ({ page }) => {
  await page.goto(`${served.serve.url}#/sweep`);
  const select = page.getByTestId('sweep-preset');
  // The options arrive with presets.list: read them only once they are there.
  await expect(select.locator('option[value="quick-demo"]')).toHaveCount(1);
  const presetIds = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  const pick = async (id: string) => {
    await select.selectOption(id);
    const bases = page.getByTestId('preset-bases');
    await expect(bases).toBeVisible();
    await expect(page.getByTestId('sweep-preset')).toHaveValue(id);
    return bases;
  };
  const firstWith = async (base: string) => {
    for (const id of presetIds) {
      const bases = await pick(id);
      if ((await bases.locator(`[data-base="${base}"]`).count()) > 0) return bases;
    }
    throw new Error(`no preset starts from ${base}`);
  };

  const dead = (await firstWith('pair-search-s')).locator('[data-base="pair-search-s"]');
  await expect(dead.getByTestId('preset-base-score')).toContainText(
    'pair-heldout avg@8 0.0% ± 1.2%',
  );
  await expect(dead.getByRole('alert')).toContainText('scores 0% held-out');
  await page.screenshot({ path: 'test-results/screenshots/preset-bases.png' });

  const good = (await firstWith('pair-search-xs')).locator('[data-base="pair-search-xs"]');
  await expect(good.getByTestId('preset-base-score')).toContainText('avg@8 25.0%');
  await expect(good.getByRole('alert')).toHaveCount(0);

  // The run form shows the same for its presets.
  await page.goto(`${served.serve.url}#/new`);
  await page.getByTestId('preset-select').selectOption('quick-demo');
  await expect(page.getByTestId('preset-base').first()).toBeVisible();
});
