// All services behind the API, transport-agnostic.
import pkg from '../../package.json' with { type: 'json' };
import { METHODS } from '../contract/api';
import type { Method } from '../contract/api';
import { WorkbenchError } from '../contract/result';
import type { Handler, ServiceDeps, Services } from './types';
import { analysisServices } from './analysis';
import { ruleComparisonServices } from './rule-comparison';
import { experimentServices } from './experiments';
import { exportServices } from './export';
import { runServices } from './runs';

export { EventHub } from './events';
export type { EventListener } from './events';
export { dispatch, errorToResult } from './dispatch';
export type { Handler, Parsed, ServiceDeps, Services } from './types';

export const FORKBENCH_VERSION: string = pkg.version;

function unavailable(method: Method): Handler<Method> {
  return () => {
    throw new WorkbenchError('internal', `${method} is not available in this process`);
  };
}

/**
 * The services of this module, plus `extensions` (e.g. the run queue's runs.create/stop/resume,
 * sweeps, presets). A method nobody provides answers an 'internal' error instead of crashing.
 */
export function createServices(deps: ServiceDeps, extensions: Partial<Services> = {}): Services {
  const appInfo: Handler<'app.info'> = () => ({
    version: deps.version ?? FORKBENCH_VERSION,
    dbPath: deps.store.path,
    schemaVersion: deps.store.schemaVersion(),
    transport: deps.transport,
    platform: process.platform,
  });
  const provided: Partial<Services> = {
    'app.info': appInfo,
    ...experimentServices(deps),
    ...runServices(deps),
    ...exportServices(deps),
    ...analysisServices(deps),
    ...ruleComparisonServices(deps),
    ...extensions,
  };
  const all: Partial<Record<Method, unknown>> = {};
  for (const m of METHODS) all[m] = provided[m] ?? unavailable(m);
  return all as Services;
}
