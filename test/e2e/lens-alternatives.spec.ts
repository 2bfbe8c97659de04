// The rollout viewer's hover card lists the top alternatives the trainer recorded for a token
// (token text, probability, the sampled token marked), matching what the API returns; a run
// recorded without them says so. Screenshots of the card under test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { RolloutListResponse } from '../../src-main/contract';
import type { SeedResult } from '../fixtures/seed';
import type { ServeHandle } from '../helpers/serve';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';
import { SCREENSHOT_DIR, setTheme } from './support/screens';

let served: ServedDb;
let serve: ServeHandle;
let seed: SeedResult;

test.beforeAll(async () => {
  served = await serveDb('seeded');
  serve = served.serve;
  seed = served.seed!;
});

test.afterAll(async () => {
  await served?.close();
});

async function listStep(runId: number, step: number): Promise<RolloutListResponse> {
  const res = await fetch(`${serve.baseUrl}/api/rollouts.list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ runId, step }),
  });
  const body = (await res.json()) as { ok: boolean; value: RolloutListResponse };
  expect(body.ok).toBe(true);
  return body.value;
}

test('hovering a token lists its top alternatives with the sampled one marked', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  const run = seed.runs.demo as number;
  await page.goto(`${serve.url}#/runs/${run}/rollouts`);
  const card = page.getByTestId('rollout').first();
  await expect(card).toBeVisible();
  const step = Number(await page.getByTestId('step-select').inputValue());
  const data = await listStep(run, step);

  // An operator: a fork, where the alternatives are worth reading.
  const tok = card.locator('.tok', { hasText: /^[+*-]$/ }).first();
  const s = Number(await tok.getAttribute('data-s'));
  const t = Number(await tok.getAttribute('data-t'));
  const sample = data.samples[s]!;
  const alt = sample.alternatives!;
  expect(alt.k).toBe(3);
  const want = alt.tokens.slice(t * 3, t * 3 + 3);
  const probs = alt.probs.slice(t * 3, t * 3 + 3);
  expect(probs[0]).toBeGreaterThanOrEqual(probs[1]!);
  expect(probs[1]).toBeGreaterThanOrEqual(probs[2]!);

  await tok.hover();
  const tip = page.getByTestId('token-tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('top 3 next tokens');
  const rows = tip.getByTestId('tip-alt');
  const sampledId = sample.tokens[t]!;
  await expect(rows).toHaveCount(want.includes(sampledId) ? 3 : 4);
  for (let j = 0; j < 3; j++) {
    await expect(rows.nth(j)).toHaveAttribute('data-token', String(want[j]));
    await expect(rows.nth(j)).toContainText(JSON.stringify(data.vocab[want[j]!]));
    await expect(rows.nth(j)).toContainText(probs[j]!.toFixed(3));
  }
  const sampled = tip.locator('[data-testid="tip-alt"].sampled');
  await expect(sampled).toHaveCount(1);
  await expect(sampled).toHaveAttribute('data-token', String(sampledId));
  await expect(sampled).toContainText('sampled');

  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.mouse.move(0, 0);
    await setTheme(page, theme);
    await tok.hover();
    await expect(tip).toBeVisible();
    await tip.screenshot({ path: join(SCREENSHOT_DIR, `lens-tooltip-alternatives-${theme}.png`) });
  }
  await setTheme(page, 'light');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'lens-tooltip-alternatives-page.png') });
  expect(problems).toEqual([]);
});

test('a run recorded without alternatives says they were not stored', async ({ page }) => {
  const run = seed.runs['top-20'] as number;
  await page.goto(`${serve.url}#/runs/${run}/rollouts`);
  const tok = page.getByTestId('rollout').first().locator('.tok').first();
  await tok.hover();
  const tip = page.getByTestId('token-tooltip');
  await expect(tip).toContainText('not stored for this run');
  await expect(tip.getByTestId('tip-alt')).toHaveCount(0);
});
