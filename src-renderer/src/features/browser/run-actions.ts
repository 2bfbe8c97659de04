// Archive / delete, each behind a confirmation, with the outcome reported as a toast.
import type { Experiment, Run } from '@contract';
import { call } from '../../api/client';
import { browser } from './browser.svelte';
import { confirmAction } from '../../ui/confirm.svelte';
import { toasts } from '../../ui/toasts.svelte';

export async function setRunArchived(run: Run, archived: boolean): Promise<Run | null> {
  if (archived) {
    const ok = await confirmAction({
      title: `Archive run “${run.name}”?`,
      body: 'Archived runs are hidden from the browser unless “Show archived” is on. Nothing is deleted; you can unarchive it later.',
      confirmLabel: 'Archive',
    });
    if (!ok) return null;
  }
  const result = await call('runs.update', { id: run.id, archived });
  if (!result.ok) {
    toasts.error(`Could not ${archived ? 'archive' : 'unarchive'} run “${run.name}”`, result.error);
    return null;
  }
  browser.applyRun(result.value);
  toasts.push('success', `${archived ? 'Archived' : 'Unarchived'} run “${run.name}”`);
  return result.value;
}

export async function deleteRun(run: Run): Promise<boolean> {
  const ok = await confirmAction({
    title: `Delete run “${run.name}”?`,
    body: 'Its metrics, rollouts, notes and logs are removed from the database. This cannot be undone.',
    confirmLabel: 'Delete run',
    danger: true,
  });
  if (!ok) return false;
  const result = await call('runs.delete', { id: run.id });
  if (!result.ok) {
    toasts.error(`Could not delete run “${run.name}”`, result.error);
    return false;
  }
  browser.removeRun(run.id);
  toasts.push('success', `Deleted run “${run.name}”`);
  return true;
}

export async function setExperimentArchived(exp: Experiment, archived: boolean): Promise<boolean> {
  if (archived) {
    const ok = await confirmAction({
      title: `Archive experiment “${exp.name}”?`,
      body: `The experiment and its ${exp.runCount} run${exp.runCount === 1 ? '' : 's'} are hidden unless “Show archived” is on. Nothing is deleted.`,
      confirmLabel: 'Archive',
    });
    if (!ok) return false;
  }
  const result = await call('experiments.update', { id: exp.id, archived });
  if (!result.ok) {
    toasts.error(`Could not ${archived ? 'archive' : 'unarchive'} “${exp.name}”`, result.error);
    return false;
  }
  await browser.load();
  toasts.push('success', `${archived ? 'Archived' : 'Unarchived'} experiment “${exp.name}”`);
  return true;
}

export async function deleteExperiment(exp: Experiment): Promise<boolean> {
  const ok = await confirmAction({
    title: `Delete experiment “${exp.name}”?`,
    body: `The experiment and all ${exp.runCount} of its runs, with their metrics and notes, are removed. This cannot be undone.`,
    confirmLabel: 'Delete experiment',
    danger: true,
  });
  if (!ok) return false;
  const result = await call('experiments.delete', { id: exp.id });
  if (!result.ok) {
    toasts.error(`Could not delete experiment “${exp.name}”`, result.error);
    return false;
  }
  await browser.load();
  toasts.push('success', `Deleted experiment “${exp.name}”`);
  return true;
}
