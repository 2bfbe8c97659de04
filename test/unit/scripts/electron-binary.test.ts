// Install and first start, verbatim: `npm install` never runs Electron's download, `npm start`
// does it when first needed, and a failed download prints what to do (serve mode included).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  electronExecutable,
  ensureElectronBinary,
  runElectronInstaller,
} from '../../../scripts/lib/electron-binary.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('Electron binary on first start', () => {
  it('npm install runs no Electron postinstall; npm start fetches the binary first; CI sets no skip variable', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
      scripts: Record<string, string>;
    };
    // npm 11 still runs a script the policy does not list; only an explicit false denies it.
    expect(pkg.allowScripts['electron']).toBe(false);
    expect(pkg.scripts['start']).toMatch(/^node scripts\/ensure-electron-sqlite\.mjs && /);
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).not.toMatch(
      /ELECTRON_SKIP_BINARY_DOWNLOAD/,
    );
  });

  it('downloads only when missing, and says what to do when the download fails', () => {
    const lines: string[] = [];
    let installs = 0;
    const present = ensureElectronBinary({
      find: () => '/x/electron',
      install: () => ({ status: 0, output: (installs++, '') }),
      log: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    });
    expect(present).toBe('/x/electron');
    expect(installs).toBe(0);

    const missing = ensureElectronBinary({
      find: () => undefined,
      install: () => ({ status: 1, output: 'HTTPError: getaddrinfo ENOTFOUND github.com\n  at x' }),
      log: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    });
    expect(missing).toBeUndefined();
    const said = lines.join('\n');
    expect(said).toMatch(/Downloading the Electron binary/);
    expect(said).toMatch(/cause: HTTPError: getaddrinfo ENOTFOUND github.com/);
    expect(said).toMatch(/ELECTRON_MIRROR=/);
    expect(said).toMatch(/npm run serve/);
  });

  it('runs Electron’s real installer, which fails cleanly against an unreachable mirror', () => {
    const cache = mkdtempSync(join(tmpdir(), 'fb-electron-cache-'));
    try {
      const require = createRequire(join(ROOT, 'package.json'));
      const result = runElectronInstaller(require, {
        ...process.env,
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1', // removed by the runner: a start asks for the binary
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: cache,
      });
      if (electronExecutable(require)) {
        expect(result.status).toBe(0); // already installed: the installer checks and exits
      } else {
        expect(result.status).not.toBe(0);
        expect(result.output).toMatch(/ECONNREFUSED|127\.0\.0\.1:9/);
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
