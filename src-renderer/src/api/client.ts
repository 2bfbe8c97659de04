// The one client the views use: `call(method, request)` answers the Result envelope on either
// transport (Electron IPC when the preload exposed `window.workbench`, HTTP + SSE otherwise);
// `onEvent` fans the single event stream out to every subscriber.
import type { Method, Request, WorkbenchEvent } from '@contract';
import { createHttpTransport } from './http';
import { createIpcTransport } from './ipc';
import type { CallResult, ConnectionState, Transport } from './types';

export type { CallResult, ClientError, ConnectionState } from './types';

type EventListener = (event: WorkbenchEvent) => void;
type StateListener = (state: ConnectionState, previous: ConnectionState) => void;

let transport: Transport | null = null;
let stopStream: (() => void) | null = null;
let state: ConnectionState = 'connecting';
const eventListeners = new Set<EventListener>();
const stateListeners = new Set<StateListener>();

function getTransport(): Transport {
  if (!transport) {
    transport =
      typeof window !== 'undefined' && window.workbench
        ? createIpcTransport(window.workbench)
        : createHttpTransport();
  }
  return transport;
}

export function transportKind(): 'ipc' | 'http' {
  return getTransport().kind;
}

function setState(next: ConnectionState): void {
  if (next === state) return;
  if (state === 'unauthorized') return; // sticky until the page is reopened with a valid token
  const previous = state;
  state = next;
  for (const listener of stateListeners) listener(next, previous);
}

export function connectionState(): ConnectionState {
  return state;
}

/** Calls one API method. Never throws: failures come back as `{ ok: false, error }`. */
export async function call<M extends Method>(
  method: M,
  request: Request<M>,
): Promise<CallResult<M>> {
  const result = await getTransport().call(method, request);
  if (!result.ok) {
    if (result.error.code === 'unauthorized') setState('unauthorized');
    else if (result.error.code === 'network') setState('lost');
  }
  return result;
}

function ensureStream(): void {
  if (stopStream) return;
  stopStream = getTransport().subscribe(
    (event) => {
      for (const listener of eventListeners) listener(event);
    },
    (next) => setState(next),
  );
}

/** Subscribes to pushed events (run.updated, metrics.appended…). Returns an unsubscribe. */
export function onEvent(listener: EventListener): () => void {
  eventListeners.add(listener);
  ensureStream();
  return () => eventListeners.delete(listener);
}

/** Observes the connection; fires with (state, previous). */
export function onConnectionState(listener: StateListener): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Starts the event stream even before any view subscribes (so the banner reflects reality). */
export function connect(): void {
  ensureStream();
}

export function reconnect(): void {
  getTransport().reconnect();
}
