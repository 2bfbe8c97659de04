// Starts one LLM child process (child/llm-entry.ts) with the trainer's spawn machinery (fork
// through tsx, or Electron's utilityProcess) and hands its messages to a callback. The main
// process never loads node-llama-cpp: a native crash ends the child, not the app.
import { fileURLToPath } from 'node:url';
import type { HostToTrainer } from '../../contract/trainer-protocol';
import type { ChildLike, SpawnTrainer } from '../../runner/host/spawn';
import { forkTrainer } from '../../runner/host/spawn';
import type { LlmJobSpec, LlmToHost } from '../protocol';

export const LLM_ENTRY = fileURLToPath(new URL('../child/llm-entry.ts', import.meta.url));

export interface LlmProcessOptions {
  spawn?: SpawnTrainer;
  entry?: string;
}

export interface LlmProcess {
  child: ChildLike;
  kill(): void;
}

/**
 * Runs `spec` in a child; `onMessage` gets every message, then exactly one final call with an
 * 'error' (a message the child sent, or how it died) unless the child sent 'done' or 'probe'.
 */
export function startLlmProcess(
  spec: LlmJobSpec,
  onMessage: (m: LlmToHost) => void,
  options: LlmProcessOptions = {},
): LlmProcess {
  let ended = false;
  const child = (options.spawn ?? forkTrainer)(options.entry ?? LLM_ENTRY);
  const lastLines: string[] = [];
  child.onOutput((_level, line) => {
    lastLines.push(line);
    if (lastLines.length > 5) lastLines.shift();
  });
  child.onMessage((raw) => {
    if (ended || typeof raw !== 'object' || raw === null) return;
    const m = raw as LlmToHost;
    if (m.type === 'done' || m.type === 'error' || m.type === 'probe') ended = true;
    onMessage(m);
  });
  child.onExit((code, signal) => {
    if (ended) return;
    ended = true;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
    const tail = lastLines.length ? `: ${lastLines.join(' | ')}` : '';
    onMessage({ type: 'error', error: `the model process ${how} before finishing${tail}` });
  });
  child.send({ type: 'start', spec } as unknown as HostToTrainer);
  return {
    child,
    kill: () => {
      ended = true;
      child.kill('SIGKILL');
    },
  };
}
