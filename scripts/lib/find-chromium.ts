// Which Chromium the browser tests, benchmarks and screenshots drive: CHROMIUM_PATH if set, else a
// system Chromium or Chrome, else the one `npx playwright install chromium` downloads. Where none
// exists the error says how to get one, instead of Playwright's "Executable doesn't exist".
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_CANDIDATES } from '../../src-main/services/export/png';

export interface ChromiumSearch {
  env: Record<string, string | undefined>;
  exists: (path: string) => boolean;
  /** Where Playwright's own download lives (whether or not it was downloaded). */
  playwrightPath: () => string | undefined;
  candidates?: readonly string[];
}

function playwrightOwn(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

const defaults: ChromiumSearch = {
  env: process.env,
  exists: existsSync,
  playwrightPath: playwrightOwn,
};

/** The Chromium executable to drive; throws with what was tried and how to install one. */
export function findChromium(search: ChromiumSearch = defaults): string {
  const set = search.env['CHROMIUM_PATH'];
  if (set) {
    if (search.exists(set)) return set;
    throw new Error(`CHROMIUM_PATH is set to ${set}, which does not exist.\n${HOW_TO}`);
  }
  const own = search.playwrightPath();
  const tried = [...(search.candidates ?? CHROMIUM_CANDIDATES), ...(own ? [own] : [])];
  const found = tried.find((path) => search.exists(path));
  if (found) return found;
  throw new Error(
    `No Chromium found for the browser tests. Looked at:\n  ${tried.join('\n  ')}\n${HOW_TO}`,
  );
}

const HOW_TO = [
  'Get one of these, then run the command again:',
  '  npx playwright install chromium      # Playwright’s own build, no root needed',
  '  sudo apt-get install chromium        # Debian/Ubuntu system Chromium',
  '  CHROMIUM_PATH=/path/to/chrome npm test   # any Chromium or Chrome you already have',
].join('\n');
