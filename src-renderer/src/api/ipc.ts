// Electron transport: the preload's `window.workbench`, one async function per method.
import type { Method, Request, Result, Responses, WorkbenchEvent } from '@contract';
import type { CallResult, ConnectionState, Transport, WorkbenchBridge } from './types';

export function createIpcTransport(bridge: WorkbenchBridge): Transport {
  return {
    kind: 'ipc',
    async call<M extends Method>(method: M, request: Request<M>): Promise<CallResult<M>> {
      const fn = bridge[method] as unknown as
        ((req: Request<M>) => Promise<Result<Responses[M]>>) | undefined;
      if (typeof fn !== 'function') {
        return {
          ok: false,
          error: { code: 'internal', message: `the app does not offer '${method}'` },
        };
      }
      try {
        const result = await fn(request);
        if (result && typeof result === 'object' && 'ok' in result) return result;
        return { ok: false, error: { code: 'internal', message: `'${method}' gave no answer` } };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return {
          ok: false,
          error: { code: 'internal', message: `'${method}' failed: ${message}` },
        };
      }
    },
    subscribe(onEvent: (event: WorkbenchEvent) => void, onState: (s: ConnectionState) => void) {
      onState('open');
      return bridge.onEvent(onEvent);
    },
    reconnect() {},
  };
}
