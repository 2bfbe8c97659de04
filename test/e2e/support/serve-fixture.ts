// Starts `forkbench serve` on a temporary database (seeded or empty, then prepared by the spec)
// for a spec file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openStore } from '../../../src-main/store';
import type { Store } from '../../../src-main/store';
import { seedDemoDatabase } from '../../fixtures/seed';
import type { SeedResult } from '../../fixtures/seed';
import { startServe } from '../../helpers/serve';
import type { ServeHandle } from '../../helpers/serve';

export interface ServedDb {
  serve: ServeHandle;
  seed: SeedResult | null;
  dir: string;
  /** The database file the server uses. */
  db: string;
  close(): Promise<void>;
}

/** What a spec writes into its database before the server starts. */
export type PrepareDb = (
  store: Store,
  at: { dir: string; seed: SeedResult | null },
) => void | Promise<void>;

/**
 * Serves a temporary database (seeded or empty). `prepare`, if given, first writes into it through
 * a store that is closed again before the server starts. close() stops the server and removes the
 * folder; so does a failed start.
 */
export async function serveDb(kind: 'seeded' | 'empty', prepare?: PrepareDb): Promise<ServedDb> {
  const dir = mkdtempSync(join(tmpdir(), 'forkbench-e2e-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const db = join(dir, 'workbench.db');
    const seed = kind === 'seeded' ? seedDemoDatabase(db) : null;
    if (prepare) {
      const store = openStore(db);
      try {
        await prepare(store, { dir, seed });
      } finally {
        store.close();
      }
    }
    const serve = await startServe({ db, noBuild: true });
    return {
      serve,
      seed,
      dir,
      db,
      async close() {
        await serve.stop();
        remove();
      },
    };
  } catch (e) {
    remove();
    throw e;
  }
}

/** Collects console errors and uncaught exceptions (CSP violations show up here). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A refused API call answers 4xx with its envelope (the UI shows the reason); Chromium logs
    // every 4xx as a failed resource, which is not a problem of the page.
    const refused = /^Failed to load resource: the server responded with a status of 4\d\d/;
    if (refused.test(m.text()) && m.location().url.includes('/api/')) return;
    problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}
