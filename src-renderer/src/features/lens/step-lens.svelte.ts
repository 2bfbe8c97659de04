// A lens page over one stored step of a run (rollouts, token rules): the run, its stored steps,
// the chosen step's data, and that step kept in the route (#/runs/:id/<page>?step=N).
import type { RolloutStepInfo, Run } from '@contract';
import { call } from '../../api/client';
import type { ClientError } from '../../api/client';

type Answer<T> = { ok: true; value: T } | { ok: false; error: ClientError };

export interface StepLensSource<T> {
  runId: number;
  /** The route segment after #/runs/:id/. */
  page: string;
  fetch: (step: number) => Promise<Answer<T>>;
  /** The step to open first, given the route's (null: none asked for). */
  choose: (steps: RolloutStepInfo[], wanted: number | null) => RolloutStepInfo | undefined;
}

/** The route's step when stored, else the newest stored step. */
export const exactOrNewest = (steps: RolloutStepInfo[], wanted: number | null) =>
  steps.find((s) => s.step === wanted) ?? steps[steps.length - 1];

/** The stored step nearest the route's, else the newest. */
export function nearestOrNewest(steps: RolloutStepInfo[], wanted: number | null) {
  if (wanted === null) return steps[steps.length - 1];
  return steps.reduce<RolloutStepInfo | undefined>(
    (best, x) => (!best || Math.abs(x.step - wanted) < Math.abs(best.step - wanted) ? x : best),
    undefined,
  );
}

export class StepLens<T> {
  run = $state.raw<Run | null>(null);
  steps = $state.raw<RolloutStepInfo[] | null>(null);
  data = $state.raw<T | null>(null);
  error = $state<ClientError | null>(null);
  step = $state<number | null>(null);
  loading = $state(false);

  constructor(private readonly source: StepLensSource<T>) {}

  async load(wanted: number | null): Promise<void> {
    const id = this.source.runId;
    const [r, s] = await Promise.all([
      call('runs.get', { id }),
      call('rollouts.steps', { runId: id }),
    ]);
    if (r.ok) this.run = r.value;
    if (!s.ok) {
      this.error = s.error;
      return;
    }
    this.steps = s.value;
    const first = this.source.choose(s.value, wanted);
    if (first) await this.pick(first.step, false);
  }

  /** True when this pick's data arrived (no newer pick overtook it, and it loaded). */
  async pick(next: number, updateUrl = true): Promise<boolean> {
    this.step = next;
    this.loading = true;
    const { runId, page } = this.source;
    if (updateUrl) history.replaceState(null, '', `#/runs/${runId}/${page}?step=${next}`);
    const res = await this.source.fetch(next);
    if (this.step !== next) return false; // a newer pick won
    this.loading = false;
    if (!res.ok) {
      this.error = res.error;
      return false;
    }
    this.error = null;
    this.data = res.value;
    return true;
  }
}
