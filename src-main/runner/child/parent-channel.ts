// The child side of host ↔ child messaging, the same over both ways a child is started:
// Electron's utilityProcess exposes process.parentPort; child_process.fork gives process.send.
export interface ParentChannel<Out, In> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
  onDisconnect(listener: () => void): void;
  /** Waits (briefly) until posted messages are handed to the OS, so exiting loses none. */
  flush(): Promise<void>;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

export function parentChannel<Out, In>(): ParentChannel<Out, In> {
  const port = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      post: (m) => port.postMessage(m),
      onMessage: (l) => port.on('message', (e) => l(e.data as In)),
      onDisconnect: () => undefined, // utilityProcess children die with their parent
      flush: async () => undefined,
    };
  }
  if (!process.send) throw new Error('this entry must be started by the Forkbench host process');
  let pending = 0;
  return {
    post: (m) => {
      if (!process.connected) return;
      pending++;
      process.send?.(m, undefined, {}, () => pending--);
    },
    onMessage: (l) => process.on('message', (m) => l(m as In)),
    onDisconnect: (l) => process.on('disconnect', l),
    flush: async () => {
      for (let i = 0; pending > 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

/**
 * The life of a one-job child (an analysis, an LLM job): the first 'start' message runs `job`
 * once; it ends the process with 0, or posts `onError`'s message and ends with 1. Posted
 * messages are flushed before exiting, and the child exits when its host is gone (nobody would
 * record the result). SIGINT is left to the host, which ends jobs itself.
 */
export function serveOneJob<Out, S>(
  job: (spec: S, post: (m: Out) => void) => Promise<void>,
  onError: (message: string) => Out,
): void {
  const channel = parentChannel<Out, { type: 'start'; spec: S }>();
  const exit = async (code: number): Promise<never> => {
    await channel.flush();
    process.exit(code);
  };
  let started = false;
  channel.onMessage((message) => {
    if (message?.type !== 'start' || started) return;
    started = true;
    const spec = message.spec;
    const post = (m: Out) => channel.post(m);
    job(spec, post).then(
      () => exit(0),
      (err: unknown) => {
        post(onError(err instanceof Error ? err.message : String(err)));
        return exit(1);
      },
    );
  });
  process.on('SIGINT', () => undefined);
  channel.onDisconnect(() => process.exit(0));
}
