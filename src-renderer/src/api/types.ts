// Client-side view of the contract: one call signature for both transports.
import type { ApiError, Method, Request, Responses, WorkbenchApi, WorkbenchEvent } from '@contract';

/** A contract error, or `network` when the server could not be reached at all. */
export type ClientError = ApiError | { code: 'network'; message: string; field?: undefined };

export type CallResult<M extends Method> =
  { ok: true; value: Responses[M] } | { ok: false; error: ClientError };

/** `open`: events flow. `lost`: retrying. `unauthorized`: the token was refused. */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'unauthorized';

export interface Transport {
  readonly kind: 'ipc' | 'http';
  call<M extends Method>(method: M, request: Request<M>): Promise<CallResult<M>>;
  /** Starts the event stream; returns a function that stops it. */
  subscribe(
    onEvent: (event: WorkbenchEvent) => void,
    onState: (state: ConnectionState) => void,
  ): () => void;
  /** Re-opens a closed event stream now instead of waiting for the back-off. */
  reconnect(): void;
}

/** What the sandboxed preload exposes as `window.workbench`. */
export type WorkbenchBridge = WorkbenchApi & {
  onEvent(callback: (event: WorkbenchEvent) => void): () => void;
};

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}
