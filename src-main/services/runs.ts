// Runs: list, get (with params and metric keys), update (name, tags, notes, archive), delete;
// metrics.get reads a run's series; metrics.getMany many runs' series and summaries at once.
import { WorkbenchError } from '../contract/result';
import { notFound } from './experiments';
import type { Handler, ServiceDeps } from './types';

export function runServices({ store, events }: ServiceDeps) {
  function mustGet(id: number, field = 'id') {
    const run = store.runs.get(id);
    if (!run) throw notFound('run', id, field);
    return run;
  }

  const list: Handler<'runs.list'> = (filter) => store.runs.list(filter);

  const get: Handler<'runs.get'> = ({ id }) => ({
    ...mustGet(id),
    params: store.params.get(id),
    metricKeys: store.metrics.keys(id),
  });

  const update: Handler<'runs.update'> = ({ id, tags, ...patch }) => {
    store.transaction(() => {
      if (!store.runs.update(id, patch)) throw notFound('run', id);
      if (tags) store.tags.setForRun(id, tags);
    });
    const run = mustGet(id);
    events.publish({ type: 'run.updated', run });
    return run;
  };

  const remove: Handler<'runs.delete'> = ({ id }) => {
    const run = mustGet(id);
    if (run.status === 'running')
      throw new WorkbenchError('conflict', `run #${id} "${run.name}" is running; stop it first`);
    store.runs.delete(id);
    events.publish({ type: 'run.deleted', runId: id });
    events.publish({ type: 'experiment.changed', experimentId: run.experimentId });
    return { deleted: true };
  };

  const metrics: Handler<'metrics.get'> = ({ runId, keys, sinceStep, maxPoints }) => {
    mustGet(runId, 'runId');
    return store.metrics.series(runId, { keys, sinceStep, maxPoints });
  };

  const metricsMany: Handler<'metrics.getMany'> = ({ runIds, keys, sinceStep, maxPoints }) => {
    const known = new Set(store.runs.existing(runIds));
    const missing = runIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw notFound('run', runIds[missing] as number, `runIds.${missing}`);
    return store.metrics.readMany(runIds, { keys, sinceStep, maxPoints });
  };

  const logs: Handler<'logs.get'> = ({ runId, afterSeq, limit }) => {
    mustGet(runId, 'runId');
    return store.logs.list(runId, { afterSeq, limit });
  };

  return {
    'logs.get': logs,
    'runs.list': list,
    'runs.get': get,
    'runs.update': update,
    'runs.delete': remove,
    'metrics.get': metrics,
    'metrics.getMany': metricsMany,
  };
}
