// The sweep form's preview is what gets created, run by run, names and steps included: for
// every preset, for a changed base rl.steps (set 30, get 30) and for a grid axis on rl.steps.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run } from '../../src-main/contract/entities';
import { PRESETS } from '../../src-main/engine/presets';
import { startServe } from '../helpers/serve';
import type { ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forkbench-sweep-preview-'));
  // No queue: the created runs stay queued, so nothing trains during the test.
  serve = await startServe({ db: join(dir, 'wb.db'), noBuild: true });
});
test.afterAll(async () => {
  await serve?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function runsOf(experimentId: number): Promise<Run[]> {
  const res = await fetch(`${serve.baseUrl}/api/runs.list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ experimentId }),
  });
  const body = (await res.json()) as { ok: boolean; value: Run[] };
  expect(body.ok).toBe(true);
  return body.value.sort((a, b) => a.id - b.id);
}

interface Shown {
  names: string[];
  summary: string;
}

async function shown(page: Page): Promise<Shown> {
  const items = page.getByTestId('planned-run');
  const names = (await items.allInnerTexts()).map((t) => t.trim());
  return { names, summary: await page.getByTestId('launch-summary').innerText() };
}

/** Launches what the form shows; the created runs' names and steps must be the preview's. */
let launches = 0;
async function launchAndCompare(page: Page, expectSteps: number): Promise<void> {
  // Its own experiment: a preset's default name (label + minute) would gather earlier sweeps.
  await page.locator('#sweep-exp').fill(`preview check ${++launches}`);
  const before = await shown(page);
  expect(before.names.length).toBeGreaterThan(0);
  expect(before.summary).toContain(`${before.names.length} runs`);
  expect(before.summary).toContain(`${expectSteps} steps each`);
  await page.getByTestId('launch').click();
  await expect(page).toHaveURL(/#\/experiments\/\d+$/);
  const id = Number(/experiments\/(\d+)$/.exec(page.url())?.[1]);
  const runs = await runsOf(id);
  expect(runs.map((r) => r.name)).toEqual(before.names);
  expect(runs.map((r) => (r.config.rl as { steps: number }).steps)).toEqual(
    runs.map(() => expectSteps),
  );
}

async function openPreset(page: Page, id: string): Promise<void> {
  await page.goto(`${serve.url}#/sweep?preset=${id}`);
  await expect(page.getByTestId('sweep-preset')).toHaveValue(id);
  await page.getByTestId('seeds').fill('1, 2');
}

async function setBaseSteps(page: Page, steps: number): Promise<void> {
  await page.getByTestId('field-rl.steps').locator('input').fill(String(steps));
}

async function addStepsAxis(page: Page, value: string): Promise<void> {
  await page.getByRole('button', { name: 'Add axis' }).click();
  const axis = page.getByTestId('axis').last();
  await axis.locator('select').selectOption('rl.steps');
  await axis.getByRole('textbox').fill(value);
}

const sweepPresets = PRESETS.filter((p) => p.runs.length > 1);

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

for (const preset of sweepPresets) {
  test(`${preset.id}: the preview is what gets created`, async ({ page }) => {
    await openPreset(page, preset.id);
    const steps = Number(await page.getByTestId('field-rl.steps').locator('input').inputValue());
    await expect(page.getByTestId('run-count')).toHaveText(String(preset.runs.length * 2));
    await launchAndCompare(page, steps);
  });
}

test('quick ablation with base rl.steps 30: the footer says 30 and every run has 30', async ({
  page,
}) => {
  await openPreset(page, 'quick-ablation');
  await setBaseSteps(page, 30);
  await expect(page.getByTestId('launch-summary')).toContainText('30 steps each');
  await launchAndCompare(page, 30);
});

test('a grid axis rl.steps=5 over a preset: the footer says 5 and every run has 5', async ({
  page,
}) => {
  await openPreset(page, 'quick-ablation');
  await setBaseSteps(page, 30);
  await addStepsAxis(page, '5');
  await expect(page.getByTestId('launch-summary')).toContainText('5 steps each');
  await launchAndCompare(page, 5);
});

test('a custom grid with a changed base rl.steps: names and steps as previewed', async ({
  page,
}) => {
  await page.goto(`${serve.url}#/sweep`);
  await page.getByTestId('axis').nth(1).getByRole('textbox').fill('0.1, 0.5');
  await page.getByTestId('seeds').fill('1, 2');
  await setBaseSteps(page, 12);
  await expect(page.getByTestId('run-count')).toHaveText('8');
  await expect(page.getByTestId('sweep-preview')).toContainText('top ρ=0.1 · seed 1');
  await launchAndCompare(page, 12);
});
