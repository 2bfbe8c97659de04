// Experiments: list (with their runs, searchable by name or tag), get, create, update, delete.
import type { ExperimentWithRuns, Run } from '../contract/entities';
import { WorkbenchError } from '../contract/result';
import type { Handler, ServiceDeps } from './types';

export function notFound(what: string, id: number, field = 'id'): WorkbenchError {
  return new WorkbenchError('not_found', `${what} ${id} does not exist`, field);
}

export function experimentServices({ store, events }: ServiceDeps) {
  function withRuns(id: number): ExperimentWithRuns {
    const experiment = store.experiments.get(id);
    if (!experiment) throw notFound('experiment', id);
    return { ...experiment, runs: store.runs.list({ experimentId: id, includeArchived: true }) };
  }

  const list: Handler<'experiments.list'> = ({ search, includeArchived }) => {
    const term = search?.trim();
    const experiments = store.experiments.list({ includeArchived });
    const runs = store.runs.list({ includeArchived });
    const byExperiment = (source: Run[], id: number) => source.filter((r) => r.experimentId === id);
    if (!term) return experiments.map((e) => ({ ...e, runs: byExperiment(runs, e.id) }));
    // An experiment matching by itself shows all its runs; otherwise only its matching runs.
    const matched = new Set(
      store.experiments.list({ includeArchived, search: term }).map((e) => e.id),
    );
    const matchingRuns = store.runs.list({ includeArchived, search: term });
    return experiments
      .map((e) => ({
        ...e,
        runs: matched.has(e.id) ? byExperiment(runs, e.id) : byExperiment(matchingRuns, e.id),
      }))
      .filter((e) => matched.has(e.id) || e.runs.length > 0);
  };

  const get: Handler<'experiments.get'> = ({ id }) => withRuns(id);

  const create: Handler<'experiments.create'> = ({ name, description, tags }) => {
    const id = store.transaction(() => {
      const newId = store.experiments.create({ name, description });
      if (tags) store.tags.setForExperiment(newId, tags);
      return newId;
    });
    events.publish({ type: 'experiment.changed', experimentId: id });
    return store.experiments.get(id)!;
  };

  const update: Handler<'experiments.update'> = ({ id, tags, ...patch }) => {
    store.transaction(() => {
      if (!store.experiments.update(id, patch)) throw notFound('experiment', id);
      if (tags) store.tags.setForExperiment(id, tags);
    });
    events.publish({ type: 'experiment.changed', experimentId: id });
    return store.experiments.get(id)!;
  };

  const remove: Handler<'experiments.delete'> = ({ id }) => {
    const experiment = withRuns(id);
    const running = experiment.runs.find((r) => r.status === 'running');
    if (running)
      throw new WorkbenchError(
        'conflict',
        `experiment "${experiment.name}" has a running run (#${running.id} ${running.name}); stop it first`,
      );
    store.experiments.delete(id);
    for (const run of experiment.runs) events.publish({ type: 'run.deleted', runId: run.id });
    events.publish({ type: 'experiment.changed', experimentId: id });
    return { deleted: true };
  };

  return {
    'experiments.list': list,
    'experiments.get': get,
    'experiments.create': create,
    'experiments.update': update,
    'experiments.delete': remove,
  };
}
