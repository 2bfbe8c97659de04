// Serve mode: the renderer and the API over HTTP on loopback, guarded by a random token.
// POST /api/<method> → Result envelope; GET /api/events → server-sent events; the rest is static.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_REQUEST_BYTES, fail } from '../contract/result';
import { MAX_UPLOAD_REQUEST_BYTES } from '../contract/api-scaleout';
import type { Workbench } from '../services/workbench';
import { openWorkbench } from '../services/workbench';
import {
  allowedHosts,
  authenticate,
  hostAllowed,
  newToken,
  originAllowed,
  tokenCookie,
} from './auth';
import { sendHtml, sendJson, sendResult, sendText, setSecurityHeaders } from './respond';
import { openEventStream } from './sse';
import { serveStatic } from './static';

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;

export interface ServerOptions {
  /** A database path (opened here, closed by close()) or a workbench the caller owns. */
  db: string | Workbench;
  /** 0 picks a free port. */
  port?: number;
  /** A loopback address; anything else is refused. Default 127.0.0.1. */
  host?: string;
  /** Default: 32 random bytes as hex. */
  token?: string;
  /** The built renderer (out/renderer); null serves a page saying how to build it. */
  staticDir?: string | null;
  heartbeatMs?: number;
}

export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  host: string;
  token: string;
  workbench: Workbench;
  close(): Promise<void>;
}

type ReadResult = { ok: true; body: Buffer } | { ok: false; tooLarge: true };

function readBody(req: IncomingMessage, limit: number): Promise<ReadResult> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return resolveBody({ ok: false, tooLarge: true });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolveBody({ ok: false, tooLarge: true });
      } else chunks.push(chunk);
    });
    req.on('end', () => resolveBody({ ok: true, body: Buffer.concat(chunks) }));
    req.on('error', reject);
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host))
    throw new Error(
      `serve binds to loopback only (127.0.0.1, localhost or ::1), not ${host}; ` +
        'reach it from another machine through an SSH tunnel (ssh -L)',
    );
  const token = options.token ?? newToken();
  const ownsWorkbench = typeof options.db === 'string';
  const workbench =
    typeof options.db === 'string'
      ? openWorkbench({ dbPath: options.db, transport: 'http' })
      : options.db;
  const staticDir = options.staticDir ?? null;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const streams = new Set<() => void>();
  let allowed = new Set<string>();
  let port = 0; // known once listening; requests arrive only after that

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === '/api/events') {
      if (req.method !== 'GET') return sendJson(res, 405, fail('invalid_request', 'use GET'));
      const end = openEventStream(req, res, workbench.events, { heartbeatMs });
      streams.add(end);
      res.on('close', () => streams.delete(end));
      return;
    }
    let method: string;
    try {
      method = decodeURIComponent(path.slice('/api/'.length));
    } catch {
      return sendResult(res, fail('invalid_request', 'malformed method name', 'method'));
    }
    if (req.method !== 'POST')
      return sendJson(res, 405, fail('invalid_request', `use POST /api/${method}`));
    // Dropped log files come in one upload call, so it alone may be larger.
    const limit = method === 'imports.upload' ? MAX_UPLOAD_REQUEST_BYTES : MAX_REQUEST_BYTES;
    const read = await readBody(req, limit);
    if (!read.ok) {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, fail('payload_too_large', `request body over ${limit} bytes`));
    }
    let payload: unknown = {};
    const text = read.body.toString('utf8');
    if (text.trim() !== '') {
      try {
        payload = JSON.parse(text);
      } catch {
        return sendResult(res, fail('invalid_request', 'request body is not valid JSON'));
      }
    }
    sendResult(res, await workbench.call(method, payload));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (!hostAllowed(req, allowed) || !originAllowed(req, allowed))
      return isApi
        ? sendJson(res, 403, fail('unauthorized', 'Host or Origin not allowed'))
        : sendText(res, 403, 'Forbidden: this server answers to 127.0.0.1 and localhost only');
    const via = authenticate(req, url, token, port);
    if (!via) {
      if (isApi)
        return sendJson(res, 401, fail('unauthorized', 'missing or wrong Forkbench token'));
      return sendHtml(
        res,
        401,
        'Forkbench: access token needed',
        'Open the full URL that `forkbench serve` printed (it ends with ?token=…). ' +
          'The token changes every time the server starts.',
      );
    }
    if (via === 'query' && !isApi && (req.method === 'GET' || req.method === 'HEAD')) {
      url.searchParams.delete('token');
      res.writeHead(302, {
        'Set-Cookie': tokenCookie(token, port),
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      return void res.end();
    }
    if (isApi) return handleApi(req, res, url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'use GET');
    return serveStatic(req, res, staticDir, url.pathname);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('forkbench serve: request failed:', err);
      if (!res.headersSent) sendJson(res, 500, fail('internal', 'internal server error'));
      else res.destroy();
    });
  });

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolveListen());
    });
  } catch (err) {
    if (ownsWorkbench) workbench.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(
        `port ${options.port} is in use; pick another with --port (0 = any free port)`,
        { cause: err },
      );
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(host, port);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolveClose) => {
      for (const end of streams) end();
      server.close(() => {
        if (ownsWorkbench) workbench.close();
        resolveClose();
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    });
    return closing;
  };

  return {
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    port,
    host,
    token,
    workbench,
    close,
  };
}
