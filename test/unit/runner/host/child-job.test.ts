import { describe, expect, it } from 'vitest';
import { startChildJob } from '../../../../src-main/runner/host/child-job';
import type { ChildLike } from '../../../../src-main/runner/host/spawn';

/** A child whose message, output and exit listeners the test drives by hand. */
function fakeChild() {
  const on = {
    message: [] as ((m: unknown) => void)[],
    output: [] as ((l: 'info' | 'warn', line: string) => void)[],
    exit: [] as ((c: number | null, s: string | null) => void)[],
  };
  const child: ChildLike = {
    pid: 42,
    send: () => undefined,
    onMessage: (l) => void on.message.push(l),
    onOutput: (l) => void on.output.push(l),
    onExit: (l) => void on.exit.push(l),
    kill: () => undefined,
  };
  return { child, on };
}

describe('startChildJob', () => {
  it('validates messages, drops the tfjs banner and reports the exit', () => {
    const { child, on } = fakeChild();
    const seen: string[] = [];
    const started = startChildJob(() => child, 'entry.ts', {
      parse: (raw) =>
        typeof raw === 'string' ? { ok: true, message: raw } : { ok: false, error: 'not text' },
      onMessage: (m) => seen.push(`message ${m}`),
      onBadMessage: (e) => seen.push(`bad ${e}`),
      onOutput: (level, line) => seen.push(`${level} ${line}`),
      onExit: (code, signal) => seen.push(`exit ${code} ${signal}`),
    });
    expect(started).toBe(child);
    on.message.forEach((l) => l('hello'));
    on.message.forEach((l) => l({ type: 'forged' }));
    on.output.forEach((l) => l('info', '============================'));
    on.output.forEach((l) => l('info', 'Hi, looks like you are running TensorFlow.js in Node.js'));
    on.output.forEach((l) => l('warn', 'a real warning'));
    on.exit.forEach((l) => l(null, 'SIGKILL'));
    expect(seen).toEqual([
      'message hello',
      'bad not text',
      'warn a real warning',
      'exit null SIGKILL',
    ]);
  });

  it('throws the spawner’s reason when the process cannot start', () => {
    const spawn = () => {
      throw new Error('ENOENT: no such entry');
    };
    expect(() =>
      startChildJob(spawn, 'missing.ts', {
        parse: () => ({ ok: false, error: 'x' }),
        onMessage: () => undefined,
        onExit: () => undefined,
      }),
    ).toThrow(/ENOENT/);
  });
});
