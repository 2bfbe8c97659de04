// SVG → PNG for the command line: the figure's SVG drawn by headless Chromium (playwright-core)
// at 2× or 3× pixel density. The app rasterises in the renderer instead (a canvas).
import { existsSync } from 'node:fs';
import type { BrowserType } from 'playwright-core';
import { WorkbenchError } from '../../contract/result';

/** Where system Chrome/Chromium usually lives (also used by the browser tests' launcher). */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** CHROMIUM_PATH, else the first Chrome/Chromium found in the usual places, else undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

function missing(detail: string): WorkbenchError {
  return new WorkbenchError(
    'internal',
    `PNG export needs Chrome or Chromium (${detail}). Install one, or set CHROMIUM_PATH to its ` +
      'executable; SVG and PDF export work without it (--format svg or pdf).',
  );
}

/** Throws the same error svgToPng would when no Chrome/Chromium is found (check before long work). */
export function assertChromium(env: NodeJS.ProcessEnv = process.env): void {
  if (!findChromium(env))
    throw missing(
      env.CHROMIUM_PATH
        ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`
        : 'none found in the usual places',
    );
}

export interface PngOptions {
  width: number;
  height: number;
  /** Pixel density: 2 or 3 for print (default 2). */
  scale?: number;
  env?: NodeJS.ProcessEnv;
}

/** Rasterises a standalone SVG document; returns the PNG bytes (width·scale × height·scale). */
export async function svgToPng(svg: string, options: PngOptions): Promise<Uint8Array> {
  const env = options.env ?? process.env;
  const executablePath = findChromium(env);
  if (!executablePath)
    throw missing(
      env.CHROMIUM_PATH
        ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`
        : 'none found in the usual places',
    );
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw missing('the playwright-core package is not installed');
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: options.width, height: options.height },
      deviceScaleFactor: options.scale ?? 2,
      javaScriptEnabled: false,
      offline: true,
    });
    const body = svg.replace(/^<\?xml[^>]*>\s*/, '');
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;background:#fff}svg{display:block}</style></head><body>${body}</body></html>`,
    );
    const png = await page.screenshot({
      type: 'png',
      clip: { x: 0, y: 0, width: options.width, height: options.height },
    });
    return new Uint8Array(png);
  } finally {
    await browser.close();
  }
}
