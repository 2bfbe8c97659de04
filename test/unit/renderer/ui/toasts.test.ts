import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { describeError, toasts } from '../../../../src-renderer/src/ui/toasts.svelte';

beforeEach(() => {
  vi.useFakeTimers();
  toasts.items = [];
});
afterEach(() => vi.useRealTimers());

test('at most five toasts show, the newest last', () => {
  for (let i = 1; i <= 7; i++) toasts.push('info', `t${i}`);
  expect(toasts.items.map((t) => t.title)).toEqual(['t3', 't4', 't5', 't6', 't7']);
});

test('successes leave after 4 s, errors after 10 s, a zero timeout never', () => {
  toasts.push('success', 'saved');
  toasts.error('Could not save', { code: 'conflict', message: 'run is running' });
  toasts.push('info', 'sticky', undefined, 0);
  vi.advanceTimersByTime(3_999);
  expect(toasts.items.map((t) => t.title)).toEqual(['saved', 'Could not save', 'sticky']);
  vi.advanceTimersByTime(1);
  expect(toasts.items.map((t) => t.title)).toEqual(['Could not save', 'sticky']);
  vi.advanceTimersByTime(6_000);
  expect(toasts.items.map((t) => t.title)).toEqual(['sticky']);
  vi.advanceTimersByTime(60_000);
  expect(toasts.items.map((t) => t.title)).toEqual(['sticky']);
});

test('dismiss removes only the toast it names', () => {
  const a = toasts.push('info', 'a');
  toasts.push('info', 'b');
  toasts.dismiss(a);
  expect(toasts.items.map((t) => t.title)).toEqual(['b']);
});

test('errors read as a label, the message and the field', () => {
  expect(describeError({ code: 'not_found', message: 'run 12 does not exist' })).toBe(
    'Not found: run 12 does not exist',
  );
  expect(describeError({ code: 'invalid_request', message: 'too large', field: 'rl.steps' })).toBe(
    'Invalid request: too large (field: rl.steps)',
  );
  expect(describeError({ code: 'network', message: 'fetch failed' })).toBe(
    'Connection problem: fetch failed',
  );
});
