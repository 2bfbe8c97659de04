// Serve-mode transport: POST /api/<method> with a JSON body answers a Result envelope;
// GET /api/events streams server-sent events. Auth: the cookie the server set when the page was
// opened with ?token=, plus the token kept in sessionStorage sent as a Bearer header (fallback).
import type { Method, Request, WorkbenchEvent } from '@contract';
import type { CallResult, ClientError, ConnectionState, Transport } from './types';

const TOKEN_KEY = 'forkbench.token';
const MAX_BACKOFF_MS = 10_000;

/** Moves `?token=` from the address bar into sessionStorage, so it is not shared by copy-paste. */
export function captureToken(): string | null {
  let token: string | null = null;
  try {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get('token');
    if (fromUrl) {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
      url.searchParams.delete('token');
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    }
    token = sessionStorage.getItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the cookie still works.
  }
  return token;
}

function unauthorized(): ClientError {
  return {
    code: 'unauthorized',
    message: 'the server refused the access token: open the URL that `forkbench serve` printed',
  };
}

export function createHttpTransport(base = '/api/'): Transport {
  const token = captureToken();
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let backoff = 1000;
  let stopped = true;
  let handlers: {
    onEvent: (e: WorkbenchEvent) => void;
    onState: (s: ConnectionState) => void;
  } | null = null;

  async function call<M extends Method>(method: M, request: Request<M>): Promise<CallResult<M>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(base + method, {
        method: 'POST',
        headers,
        credentials: 'same-origin',
        body: JSON.stringify(request ?? {}),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        error: { code: 'network', message: `cannot reach the Forkbench server (${why})` },
      };
    }
    if (response.status === 401 || response.status === 403)
      return { ok: false, error: unauthorized() };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `the server answered ${response.status} ${response.statusText} without a result`,
        },
      };
    }
    if (body && typeof body === 'object' && 'ok' in body) return body as CallResult<M>;
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `unexpected answer from the server (${response.status})`,
      },
    };
  }

  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  }

  function open(): void {
    if (stopped || !handlers) return;
    clearRetry();
    source?.close();
    const url = token ? `${base}events?token=${encodeURIComponent(token)}` : `${base}events`;
    const es = new EventSource(url, { withCredentials: true });
    source = es;
    handlers.onState('connecting');
    es.onopen = () => {
      backoff = 1000;
      handlers?.onState('open');
    };
    es.onmessage = (msg: MessageEvent<string>) => {
      let event: WorkbenchEvent;
      try {
        event = JSON.parse(msg.data) as WorkbenchEvent;
      } catch {
        return; // keep-alive or malformed line
      }
      if (event && typeof event === 'object' && typeof event.type === 'string') {
        handlers?.onEvent(event);
      }
    };
    es.onerror = () => {
      if (source !== es || stopped) return;
      handlers?.onState('lost');
      if (es.readyState === EventSource.CLOSED) {
        // The browser gave up (HTTP error or refused): find out why, then retry with back-off.
        void call('app.info', {}).then((r) => {
          if (!r.ok && r.error.code === 'unauthorized') {
            handlers?.onState('unauthorized');
            return;
          }
          clearRetry();
          retryTimer = setTimeout(open, backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        });
      }
    };
  }

  return {
    kind: 'http',
    call,
    subscribe(onEvent, onState) {
      handlers = { onEvent, onState };
      stopped = false;
      open();
      return () => {
        stopped = true;
        clearRetry();
        source?.close();
        source = null;
        handlers = null;
      };
    },
    reconnect() {
      backoff = 1000;
      open();
    },
  };
}
