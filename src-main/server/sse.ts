// GET /api/events: WorkbenchEvents as server-sent events (`data: <json>\n\n`), a heartbeat
// comment every 15 s, and slow clients dropped rather than buffered without bound.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventHub } from '../services/events';

const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface SseOptions {
  heartbeatMs: number;
}

/** Streams events until the client goes; returns a function that ends the stream. */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  hub: EventHub,
  options: SseOptions,
): () => void {
  req.socket.setTimeout(0);
  req.socket.setNoDelay(true);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n: connected\n\n');

  let closed = false;
  const write = (chunk: string): void => {
    if (closed) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) return end();
    res.write(chunk);
  };
  const unsubscribe = hub.subscribe((event) => write(`data: ${JSON.stringify(event)}\n\n`));
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
  heartbeat.unref();

  function end(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  }
  req.on('close', end);
  res.on('close', end);
  return end;
}
