// The browser tests' launcher: which Chromium it picks, and what it says where there is none.
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../../scripts/lib/find-chromium';

const own = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH, then a system Chromium, then Playwright’s own download', () => {
    const exists = (p: string) => ['/usr/bin/google-chrome', own, '/opt/c'].includes(p);
    const base = { exists, playwrightPath: () => own };
    expect(findChromium({ ...base, env: { CHROMIUM_PATH: '/opt/c' } })).toBe('/opt/c');
    expect(findChromium({ ...base, env: {} })).toBe('/usr/bin/google-chrome');
    expect(findChromium({ ...base, env: {}, exists: (p) => p === own })).toBe(own);
  });

  it('without any Chromium, lists what it tried and how to install one', () => {
    const call = () => findChromium({ env: {}, exists: () => false, playwrightPath: () => own });
    expect(call).toThrow(/No Chromium found.*\/usr\/bin\/chromium.*ms-playwright/s);
    expect(call).toThrow(/npx playwright install chromium/);
    expect(call).toThrow(/apt-get install chromium/);
  });

  it('names a CHROMIUM_PATH that does not exist rather than silently using another', () => {
    expect(() =>
      findChromium({
        env: { CHROMIUM_PATH: '/no/chrome' },
        exists: (p) => p !== '/no/chrome',
        playwrightPath: () => own,
      }),
    ).toThrow(/CHROMIUM_PATH is set to \/no\/chrome, which does not exist/);
  });
});
