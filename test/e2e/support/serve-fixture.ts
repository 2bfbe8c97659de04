// Starts `forkbench serve` on a temporary database (seeded or empty) for a spec file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { seedDemoDatabase } from '../../fixtures/seed';
import type { SeedResult } from '../../fixtures/seed';
import { startServe } from '../../helpers/serve';
import type { ServeHandle } from '../../helpers/serve';

export interface ServedDb {
  serve: ServeHandle;
  seed: SeedResult | null;
  dir: string;
  close(): Promise<void>;
}

export async function serveDb(kind: 'seeded' | 'empty'): Promise<ServedDb> {
  const dir = mkdtempSync(join(tmpdir(), 'forkbench-e2e-'));
  const db = join(dir, 'workbench.db');
  const seed = kind === 'seeded' ? seedDemoDatabase(db) : null;
  const serve = await startServe({ db, noBuild: true });
  return {
    serve,
    seed,
    dir,
    async close() {
      await serve.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and uncaught exceptions (CSP violations show up here). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}
