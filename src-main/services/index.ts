// All services behind the API, transport-agnostic.
import pkg from '../../package.json' with { type: 'json' };
import type { Method } from '../contract/api';
import { WorkbenchError } from '../contract/result';
import type { Handler, ServiceDeps, Services } from './types';
import { analysisServices } from './analysis';
import { ruleComparisonServices } from './rule-comparison';
import type { ScaleoutMethods } from './scaleout';
import { experimentServices } from './experiments';
import { exportServices } from './export';
import { runServices } from './runs';

export { EventHub } from './events';
export type { EventListener } from './events';
export { dispatch, errorToResult } from './dispatch';
export type { Handler, Parsed, ServiceDeps, Services } from './types';

export const FORKBENCH_VERSION: string = pkg.version;

/** The services that need a process-owned runner: the run queue's and the analysis jobs'. */
export type LifecycleServices = Pick<
  Services,
  'runs.create' | 'runs.stop' | 'runs.resume' | 'runs.duplicate' | 'sweeps.create' | 'presets.list'
>;
/** Engine jobs (verl/TRL) need the process's job runner; imports and TensorBoard export too. */
export type ScaleoutServices = Pick<Services, ScaleoutMethods>;
/** Real models (GGUF): their registry and analysis runs, served by the process's LLM children. */
export type LlmServices = Pick<
  Services,
  | 'llm.models.list'
  | 'llm.models.add'
  | 'llm.models.remove'
  | 'llm.promptSets.list'
  | 'llm.analyze'
  | 'llm.teacherForce'
>;
export type AnalysisJobServices = Pick<
  Services,
  'analysis.start' | 'analysis.list' | 'analysis.get' | 'analysis.cancel'
>;

/** What the hosting process adds: the runners' services and the desktop shell's save dialog. */
export interface ProcessServices {
  lifecycle?: LifecycleServices;
  analysisJobs?: AnalysisJobServices;
  scaleout?: ScaleoutServices;
  llm?: LlmServices;
  saveFile?: Handler<'app.saveFile'>;
}

/** A handler for a process without a runner: an 'internal' error instead of a crash. */
function unavailable<M extends Method>(method: M): Handler<M> {
  return () => {
    throw new WorkbenchError('internal', `${method} is not available in this process`);
  };
}

/**
 * Every service behind the API, composed as one literal: `satisfies Services` makes a missing
 * method a compile error, and a method listed twice is one too (TS1117). The run queue's and
 * the analysis jobs' services come from their owners (services/workbench.ts).
 */
export function createServices(deps: ServiceDeps, processServices: ProcessServices = {}): Services {
  const appInfo: Handler<'app.info'> = () => ({
    version: deps.version ?? FORKBENCH_VERSION,
    dbPath: deps.store.path,
    schemaVersion: deps.store.schemaVersion(),
    transport: deps.transport,
    platform: process.platform,
  });
  const ex = experimentServices(deps);
  const runs = runServices(deps);
  const out = exportServices(deps);
  const lens = analysisServices(deps);
  const rules = ruleComparisonServices(deps);
  const life = processServices.lifecycle;
  const jobs = processServices.analysisJobs;
  const scale = processServices.scaleout;
  const llm = processServices.llm;
  return {
    'app.info': appInfo,
    'app.saveFile': processServices.saveFile ?? unavailable('app.saveFile'),
    'experiments.list': ex['experiments.list'],
    'experiments.get': ex['experiments.get'],
    'experiments.create': ex['experiments.create'],
    'experiments.update': ex['experiments.update'],
    'experiments.delete': ex['experiments.delete'],
    'runs.list': runs['runs.list'],
    'runs.get': runs['runs.get'],
    'runs.update': runs['runs.update'],
    'runs.delete': runs['runs.delete'],
    'logs.get': runs['logs.get'],
    'metrics.get': runs['metrics.get'],
    'metrics.getMany': runs['metrics.getMany'],
    'export.metricsCsv': out['export.metricsCsv'],
    'export.metricsJson': out['export.metricsJson'],
    'export.runLog': out['export.runLog'],
    'export.runBundle': out['export.runBundle'],
    'export.figure': out['export.figure'],
    'export.figureSheet': out['export.figureSheet'],
    'export.lens': out['export.lens'],
    'rollouts.steps': lens['rollouts.steps'],
    'rollouts.list': lens['rollouts.list'],
    'analysis.entropy': lens['analysis.entropy'],
    'rollouts.rules': rules['rollouts.rules'],
    'runs.create': life?.['runs.create'] ?? unavailable('runs.create'),
    'runs.stop': life?.['runs.stop'] ?? unavailable('runs.stop'),
    'runs.resume': life?.['runs.resume'] ?? unavailable('runs.resume'),
    'runs.duplicate': life?.['runs.duplicate'] ?? unavailable('runs.duplicate'),
    'sweeps.create': life?.['sweeps.create'] ?? unavailable('sweeps.create'),
    'presets.list': life?.['presets.list'] ?? unavailable('presets.list'),
    'analysis.start': jobs?.['analysis.start'] ?? unavailable('analysis.start'),
    'analysis.list': jobs?.['analysis.list'] ?? unavailable('analysis.list'),
    'analysis.get': jobs?.['analysis.get'] ?? unavailable('analysis.get'),
    'analysis.cancel': jobs?.['analysis.cancel'] ?? unavailable('analysis.cancel'),
    'jobs.export': scale?.['jobs.export'] ?? unavailable('jobs.export'),
    'jobs.launch': scale?.['jobs.launch'] ?? unavailable('jobs.launch'),
    'jobs.list': scale?.['jobs.list'] ?? unavailable('jobs.list'),
    'jobs.get': scale?.['jobs.get'] ?? unavailable('jobs.get'),
    'jobs.stop': scale?.['jobs.stop'] ?? unavailable('jobs.stop'),
    'imports.paths': scale?.['imports.paths'] ?? unavailable('imports.paths'),
    'imports.upload': scale?.['imports.upload'] ?? unavailable('imports.upload'),
    'export.tensorboard': scale?.['export.tensorboard'] ?? unavailable('export.tensorboard'),
    'llm.models.list': llm?.['llm.models.list'] ?? unavailable('llm.models.list'),
    'llm.models.add': llm?.['llm.models.add'] ?? unavailable('llm.models.add'),
    'llm.models.remove': llm?.['llm.models.remove'] ?? unavailable('llm.models.remove'),
    'llm.promptSets.list': llm?.['llm.promptSets.list'] ?? unavailable('llm.promptSets.list'),
    'llm.analyze': llm?.['llm.analyze'] ?? unavailable('llm.analyze'),
    'llm.teacherForce': llm?.['llm.teacherForce'] ?? unavailable('llm.teacherForce'),
  } satisfies Services;
}
