// Client-side run search: instant filtering of the experiment tree by run name, tag, task, mask,
// status, backend or experiment name. Every whitespace-separated term must match (AND).
import type { ExperimentWithRuns, Run } from '@contract';

function runHaystack(run: Run): string {
  return [
    run.name,
    run.task,
    run.maskMode,
    run.status,
    run.backend ?? '',
    run.source,
    ...run.tags,
    `#${run.id}`,
  ]
    .join(' ')
    .toLowerCase();
}

export function searchTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

export function runMatches(run: Run, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const hay = runHaystack(run);
  return terms.every((t) => hay.includes(t));
}

/**
 * Experiments whose name/tags match keep all their runs; others keep only matching runs and
 * disappear when none match. Archived runs are dropped unless `includeArchived`.
 */
export function filterExperiments(
  experiments: readonly ExperimentWithRuns[],
  query: string,
  includeArchived: boolean,
): ExperimentWithRuns[] {
  const terms = searchTerms(query);
  const out: ExperimentWithRuns[] = [];
  for (const exp of experiments) {
    if (exp.archived && !includeArchived) continue;
    const visibleRuns = includeArchived ? exp.runs : exp.runs.filter((r) => !r.archived);
    if (terms.length === 0) {
      out.push({ ...exp, runs: visibleRuns });
      continue;
    }
    // Names and tags only: a word in a long description should not match every run.
    const expHay = [exp.name, ...exp.tags].join(' ').toLowerCase();
    const runs = visibleRuns.filter((r) => {
      const hay = `${expHay} ${runHaystack(r)}`;
      return terms.every((t) => hay.includes(t));
    });
    const expMatches = terms.every((t) => expHay.includes(t));
    if (expMatches) out.push({ ...exp, runs: visibleRuns });
    else if (runs.length > 0) out.push({ ...exp, runs });
  }
  return out;
}
