// The one way the main process runs a child job (a trainer or an analysis): spawn the entry,
// drop tfjs's start-up banner from its output, validate every message before anyone sees it,
// and report the exit. The trainer host and the analysis runner differ only in what they do
// with the validated messages.
import type { ChildLike, SpawnTrainer } from './spawn';
import { isTfjsBanner } from './spawn';

export type ParseResult<M> = { ok: true; message: M } | { ok: false; error: string };

export interface ChildJobHandlers<M> {
  /** Checks a raw message against the job's protocol (contract/*-protocol.ts). */
  parse(raw: unknown): ParseResult<M>;
  onMessage(message: M): void;
  /** A message that failed `parse`: never trusted, never a crash. */
  onBadMessage?(error: string): void;
  /** An output line of the child (stdout 'info', stderr 'warn'), banner excluded. */
  onOutput?(level: 'info' | 'warn', line: string): void;
  onExit(code: number | null, signal: string | null): void;
}

/**
 * Spawns `entry` and wires it to `handlers`; throws (with the spawner's reason) when the
 * process cannot start. The caller sends the first message.
 */
export function startChildJob<M>(
  spawn: SpawnTrainer,
  entry: string,
  handlers: ChildJobHandlers<M>,
): ChildLike {
  const child = spawn(entry);
  child.onMessage((raw) => {
    const parsed = handlers.parse(raw);
    if (parsed.ok) handlers.onMessage(parsed.message);
    else handlers.onBadMessage?.(parsed.error);
  });
  child.onOutput((level, line) => {
    if (!isTfjsBanner(line)) handlers.onOutput?.(level, line);
  });
  child.onExit((code, signal) => handlers.onExit(code, signal));
  return child;
}
