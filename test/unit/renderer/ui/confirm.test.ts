import { expect, test } from 'vitest';
import { confirmAction, confirmState } from '../../../../src-renderer/src/ui/confirm.svelte';

const request = { title: 'Delete run “a”?', body: 'It cannot be undone.', confirmLabel: 'Delete' };

test('a confirmation shows its request and resolves with the answer', async () => {
  const answer = confirmAction(request);
  expect(confirmState.request).toEqual(request);
  confirmState.answer(true);
  expect(confirmState.request).toBeNull();
  await expect(answer).resolves.toBe(true);
});

test('a second question answers the first one with no', async () => {
  const first = confirmAction(request);
  const second = confirmAction({ ...request, title: 'Archive?', confirmLabel: 'Archive' });
  await expect(first).resolves.toBe(false);
  expect(confirmState.request?.title).toBe('Archive?');
  confirmState.answer(false);
  await expect(second).resolves.toBe(false);
  expect(confirmState.request).toBeNull();
});
