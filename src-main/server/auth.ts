// Serve mode's guards: the token (header, first-load query, then cookie) and the Host / Origin
// checks against DNS rebinding and cross-site requests.
import type { IncomingMessage } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The token cookie's name for the server on `port`. Browsers do not isolate cookies by port, so
 * one name for every server meant a second serve's cookie replaced the first's (logging it
 * out); each server reads only its own.
 */
export function tokenCookieName(port: number): string {
  return `forkbench_token_${port}`;
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

function sameToken(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type AuthVia = 'header' | 'query' | 'cookie';

/** How the request proved it holds the token, or null when it did not. */
export function authenticate(
  req: IncomingMessage,
  url: URL,
  token: string,
  port: number,
): AuthVia | null {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  if (sameToken(bearer, token)) return 'header';
  if (sameToken(url.searchParams.get('token') ?? undefined, token)) return 'query';
  if (sameToken(readCookie(req, tokenCookieName(port)), token)) return 'cookie';
  return null;
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Host header values this server answers to: loopback names with its port. */
export function allowedHosts(host: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  hosts.add(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
  return hosts;
}

export function hostAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowed.has(host);
}

/** A browser's Origin header, when present, must be this server itself. */
export function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const match = /^http:\/\/(.+)$/.exec(origin.toLowerCase());
  return match !== null && allowed.has(match[1] as string);
}
