#!/usr/bin/env node
// `npm start` runs this first. It downloads the Electron binary when it is missing, then:
// the desktop app runs better-sqlite3 inside Electron, whose native ABI differs from Node's.
// node_modules keeps the Node build (tests, serve, CLI); this script puts an Electron build in
// .electron-native/ once, and the app loads it through better-sqlite3's `nativeBinding` option.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureElectronBinary } from './lib/electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const outDir = join(root, '.electron-native');
const target = join(outDir, 'better_sqlite3.node');
const stamp = join(outDir, 'version.txt');

// First start: fetch the Electron binary (npm install does not; see lib/electron-binary.mjs).
if (!ensureElectronBinary()) process.exit(1);

const electronVersion = JSON.parse(
  readFileSync(join(dirname(require.resolve('electron/package.json')), 'package.json'), 'utf8'),
).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
const wanted = `electron ${electronVersion} better-sqlite3 ${sqliteVersion} ${process.platform}-${process.arch}`;

if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted)
  process.exit(0);

console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
const work = join(outDir, 'build');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${sqliteDir}/build`) });

const prebuild = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion };
try {
  // Prebuilt Electron binaries are published for better-sqlite3; fall back to compiling.
  execFileSync(process.execPath, [prebuild, '--runtime=electron', `--target=${electronVersion}`], {
    cwd: work,
    env,
    stdio: 'inherit',
  });
} catch {
  execFileSync(
    'npx',
    [
      '--yes',
      'node-gyp',
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: work, env, stdio: 'inherit' },
  );
}
cpSync(join(work, 'build/Release/better_sqlite3.node'), target);
writeFileSync(stamp, wanted);
rmSync(work, { recursive: true, force: true });
console.log(`Electron build of better-sqlite3 ready: ${target}`);
