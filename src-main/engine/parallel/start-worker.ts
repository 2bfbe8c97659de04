// Starts a worker thread on an ES module, from TypeScript sources (tsx registers its loader in
// the thread first) or from built JavaScript. Bare specifiers are resolved here, absolutely, so
// the worker starts from any working directory.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startModuleWorker(url: URL, workerData: unknown): Worker {
  const target = JSON.stringify(url.href);
  let boot = `import(${target});`;
  if (url.pathname.endsWith('.ts')) {
    const api = tsxEsmApi();
    boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${target}); });`;
  }
  return new Worker(boot, { eval: true, workerData });
}

/** file: URL of tsx's ESM API (require.resolve would give its CommonJS build). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('tsx/package.json') as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = pkg.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), entry)).href;
}

/** The replica worker's module beside this one (TypeScript under tsx, JavaScript when built). */
export function defaultReplicaUrl(): URL {
  const ts = import.meta.url.endsWith('.ts');
  return new URL(ts ? './replica-worker.ts' : './replica-worker.js', import.meta.url);
}
