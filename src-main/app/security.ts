// Electron's security checklist, applied once to the whole app.
import { app, session, shell } from 'electron';
import type { WebContents } from 'electron';

/** Opens http(s) links in the user's browser; everything else is refused. */
export function openExternalSafely(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  void shell.openExternal(parsed.toString());
  return true;
}

function lockDownContents(contents: WebContents): void {
  // No navigation away from the app; no new windows (external links go to the browser).
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function applySecurityBaseline(): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
      callback(false),
    );
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}

/** True when an IPC message comes from our own top-level page, not a frame or foreign origin. */
export function isTrustedSender(
  frame: { url: string; parent: unknown } | null,
  appUrl: string,
): boolean {
  if (!frame || frame.parent) return false;
  try {
    const sender = new URL(frame.url);
    const expected = new URL(appUrl);
    if (expected.protocol === 'file:')
      return sender.protocol === 'file:' && sender.pathname === expected.pathname;
    return sender.origin === expected.origin;
  } catch {
    return false;
  }
}
