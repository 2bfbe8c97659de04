// Screenshots of every main view in the light and dark themes, for the README and docs, from a
// database of REAL runs made by the shipped presets (never the seeded test fixtures): copies it,
// starts `forkbench serve` on the copy (queue off), and saves docs/screenshots/<view>-<theme>.png
// at 1440×900 (device scale 1, viewport only: small PNGs).
// Make the runs, then photograph them:
//   npx forkbench --db science.db sweep --preset quick-ablation --seeds 0,1,2
//   npx forkbench --db science.db sweep --preset token-rules --seeds 0,1,2   (compare-token-rules)
//   npm run build:renderer && npx tsx scripts/screenshots.ts --db science.db [NAME...]
// Names (e.g. `entropy rollouts`) retake only those views.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { openStore } from '../src-main/store';
import { findChromium } from './lib/find-chromium';
import { startServe } from '../test/helpers/serve';
import type { ServeHandle } from '../test/helpers/serve';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
const THEMES = ['light', 'dark'] as const;
const argv = process.argv.slice(2);
const dbAt = argv.indexOf('--db');
const SOURCE = dbAt >= 0 ? argv[dbAt + 1] : undefined;
const ONLY = argv.filter((a, i) => i !== dbAt && i !== dbAt + 1);
const wanted = (name: string) => ONLY.length === 0 || ONLY.includes(name);

interface Shot {
  name: string;
  hash: string;
  /** Waits until the view is ready to be photographed. */
  ready: (page: Page) => Promise<unknown>;
  /** Optional interaction before the shot (e.g. grouping). */
  prepare?: (page: Page) => Promise<unknown>;
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset['theme']);
  if (current !== theme) await page.keyboard.press('Alt+KeyM'); // the app's theme shortcut
  await page.waitForFunction((t) => document.documentElement.dataset['theme'] === t, theme);
}

const charts = (page: Page) =>
  page.waitForFunction(() => {
    const figs = [...document.querySelectorAll('[data-testid="chart"]')];
    return figs.length > 0 && figs.every((f) => Number(f.getAttribute('data-points')) > 0);
  });

async function shoot(page: Page, serve: ServeHandle, shot: Shot): Promise<string[]> {
  await page.goto('about:blank');
  await page.goto(`${serve.baseUrl}/${shot.hash}`);
  await shot.ready(page);
  await shot.prepare?.(page);
  const files: string[] = [];
  for (const theme of THEMES) {
    await setTheme(page, theme);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300); // charts repaint on the next frame
    const path = join(OUT, `${shot.name}-${theme}.png`);
    await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    files.push(`${shot.name}-${theme}.png ${(statSync(path).size / 1024).toFixed(0)} KB`);
  }
  return files;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (!SOURCE || !existsSync(SOURCE))
    throw new Error('--db PATH: a database of real preset runs is required (see the header)');
  const dir = mkdtempSync(join(tmpdir(), 'forkbench-shots-'));
  const seeded = join(dir, 'runs.db');
  // A consistent copy (the WAL folded in), so the shots never touch the researcher's file.
  const source = openStore(SOURCE, { readonly: true });
  source.db.exec(`VACUUM INTO '${seeded.replaceAll("'", "''")}'`);
  const experiments = source.experiments.list();
  const find = (name: string) => experiments.find((x) => x.name.toLowerCase().startsWith(name))?.id;
  const ablation = find('quick ablation');
  const tokenRules = find('token rules');
  /** An experiment's finished all-tokens run with the lowest seed. */
  const allTokensRun = (experimentId: number | undefined) =>
    experimentId === undefined
      ? undefined
      : source.runs
          .list({ experimentId })
          .filter((r) => r.status === 'finished' && r.name.startsWith('all tokens'))
          .sort((a, b) => a.seed - b.seed)[0];
  // The quick demo's own config (engine/presets.ts), seed 0; the rules view's run.
  const demoRun = allTokensRun(ablation);
  const rulesRun = allTokensRun(tokenRules);
  // A run still training when the copy was taken, for the progress/ETA view (none: skipped).
  const running = source.runs.list({}).find((r) => r.status === 'running');
  source.close();
  const empty = join(dir, 'empty.db');
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--font-render-hinting=none'],
  });
  const servers: ServeHandle[] = [];
  const log: string[] = [];
  try {
    const serve = await startServe({ db: seeded, noBuild: true });
    servers.push(serve);
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      deviceScaleFactor: 1,
      colorScheme: 'light',
    });
    const page = await context.newPage();
    await page.goto(serve.url); // the token URL sets the auth cookie
    await page.waitForSelector('[data-testid="run-row"]');
    const visible = (sel: string) => (p: Page) => p.waitForSelector(sel);
    const groupBy =
      (...keys: string[]) =>
      async (p: Page) => {
        for (const k of keys) await p.getByTestId(`group-${k}`).click();
        await p.waitForSelector('[data-testid="group-legend"]');
        await charts(p);
      };
    // Views of the quick ablation, then of the token-rules sweep, each where the database has it.
    const fromAblation = (e: number, demo: number): Shot[] => [
      { name: 'run', hash: `#/runs/${demo}`, ready: charts },
      {
        name: 'compare-by-mask',
        hash: `#/compare?experiment=${e}`,
        ready: charts,
        prepare: groupBy('mask.mode'),
      },
      {
        name: 'rollouts',
        hash: `#/runs/${demo}/rollouts`,
        ready: (p) => p.waitForLoadState('networkidle').then(() => p.waitForTimeout(800)),
      },
      {
        name: 'entropy',
        hash: `#/runs/${demo}/entropy`,
        ready: (p) => p.waitForLoadState('networkidle').then(() => p.waitForTimeout(1200)),
      },
      {
        name: 'hparams',
        hash: `#/compare?experiment=${e}&view=params`,
        ready: visible('[data-testid="hparams"]'),
      },
      { name: 'experiment', hash: `#/experiments/${e}`, ready: visible('[data-testid="run-row"]') },
    ];
    const shots: Shot[] = [
      { name: 'browser', hash: '#/', ready: visible('[data-testid="run-row"]') },
      { name: 'new-run', hash: '#/new', ready: visible('[data-testid="new-run"]') },
      { name: 'sweep', hash: '#/sweep', ready: visible('[data-testid="sweep-preview"]') },
      ...(ablation !== undefined && demoRun ? fromAblation(ablation, demoRun.id) : []),
      ...(tokenRules !== undefined
        ? [
            {
              name: 'compare-token-rules',
              hash: `#/compare?experiment=${tokenRules}`,
              ready: charts,
              prepare: groupBy('tokenRule.kind', 'mask.mode'),
            } satisfies Shot,
          ]
        : []),
      ...(rulesRun
        ? [
            {
              name: 'token-rules-lens',
              hash: `#/runs/${rulesRun.id}/rules?step=${rulesRun.step}`,
              ready: visible('[data-testid="rule-jaccard"]'),
            } satisfies Shot,
          ]
        : []),
      ...(running
        ? [{ name: 'run-eta', hash: `#/runs/${running.id}`, ready: charts } satisfies Shot]
        : []),
    ];
    const missing = ONLY.filter((n) => n !== 'empty' && !shots.some((s) => s.name === n));
    if (missing.length)
      throw new Error(`${SOURCE} has no experiment for: ${missing.join(', ')} (see the header)`);
    for (const shot of shots) if (wanted(shot.name)) log.push(...(await shoot(page, serve, shot)));

    if (wanted('empty')) {
      const serveEmpty = await startServe({ db: empty, noBuild: true });
      servers.push(serveEmpty);
      const emptyPage = await context.newPage();
      await emptyPage.goto(serveEmpty.url);
      log.push(
        ...(await shoot(emptyPage, serveEmpty, {
          name: 'empty',
          hash: '#/',
          ready: (p) => p.waitForLoadState('networkidle').then(() => p.waitForTimeout(500)),
        })),
      );
    }
    await context.close();
  } finally {
    await browser.close();
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${log.length} screenshots in ${OUT}:\n  ${log.join('\n  ')}`);
}

await main();
