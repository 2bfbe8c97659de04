// A stand-in for src-renderer/src/api/client (the renderer's only way out): `call` answers from
// per-method handlers and records every request; `emit` pushes an event to onEvent's listeners.
// A test mocks the client with this module (`vi.mock(clientPath, () => import(thisModule))`)
// and installs a fresh fake per test with installFakeClient().
import type { Method, Request, WorkbenchEvent } from '@contract';
import type { CallResult } from '../../../../src-renderer/src/api/types';

type Handler = (request: never) => CallResult<Method> | undefined;

export function createFakeClient() {
  const handlers = new Map<Method, Handler>();
  const listeners = new Set<(e: WorkbenchEvent) => void>();
  const calls: { method: Method; request: unknown }[] = [];

  return {
    calls,
    /** Answers `method` with what `handler` returns for each request. */
    answer<M extends Method>(method: M, handler: (request: Request<M>) => CallResult<M>): void {
      handlers.set(method, handler as Handler);
    },
    emit(event: WorkbenchEvent): void {
      for (const l of listeners) l(event);
    },
    listenerCount: () => listeners.size,
    module: {
      async call<M extends Method>(method: M, request: Request<M>): Promise<CallResult<M>> {
        calls.push({ method, request });
        const answer = handlers.get(method)?.(request as never);
        if (!answer) throw new Error(`unexpected call ${method}`);
        return answer as CallResult<M>;
      },
      onEvent(listener: (e: WorkbenchEvent) => void): () => void {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

export const notFound = (message: string) =>
  ({ ok: false, error: { code: 'not_found', message } }) as const;

let installed: ReturnType<typeof createFakeClient> | null = null;

/** Makes a new fake the one the mocked client module answers from. */
export function installFakeClient() {
  installed = createFakeClient();
  return installed;
}

function current() {
  if (!installed) throw new Error('installFakeClient() first');
  return installed.module;
}

// The mocked module's exports: what the renderer imports from api/client.
export const call: ReturnType<typeof createFakeClient>['module']['call'] = (method, request) =>
  current().call(method, request);
export const onEvent: ReturnType<typeof createFakeClient>['module']['onEvent'] = (listener) =>
  current().onEvent(listener);
