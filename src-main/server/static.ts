// Static files of the built renderer, without path traversal, with correct MIME types.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { sendHtml, sendText } from './respond';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The file under `root` that `pathname` names, or null if it would leave root. */
export function safeJoin(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  const file = resolve(root, ...parts);
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function fileAt(path: string): Promise<{ path: string; size: number } | null> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return fileAt(join(path, 'index.html'));
    return s.isFile() ? { path, size: s.size } : null;
  } catch {
    return null;
  }
}

function notBuilt(res: ServerResponse): void {
  sendHtml(
    res,
    503,
    'Forkbench: the user interface is not built',
    'The API is running, but out/renderer is missing. Run `npm run build:renderer` in the ' +
      'Forkbench folder, then reload this page.',
  );
}

export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  staticDir: string | null,
  pathname: string,
): Promise<void> {
  if (!staticDir) return notBuilt(res);
  const root = await realpath(staticDir).catch(() => null);
  if (!root) return notBuilt(res);
  const candidate = safeJoin(root, pathname);
  if (!candidate) return sendText(res, 404, 'not found');
  let found = await fileAt(candidate);
  // Client-side routes (no extension) get the app's index.html.
  if (!found && extname(candidate) === '') found = await fileAt(join(root, 'index.html'));
  if (!found) {
    if (pathname === '/' || pathname === '/index.html') return notBuilt(res);
    return sendText(res, 404, 'not found');
  }
  const real = await realpath(found.path);
  if (real !== root && !real.startsWith(root + sep)) return sendText(res, 404, 'not found');
  const immutable = pathname.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': mimeType(real),
    'Content-Length': found.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((done) => {
    const stream = createReadStream(real);
    stream.on('error', () => {
      res.destroy();
      done();
    });
    stream.on('end', done);
    stream.pipe(res);
  });
}
