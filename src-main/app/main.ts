// Electron main process: app lifecycle, the window, IPC to the one set of services.
// The only place (with the preload) that imports 'electron'.
import { app, BrowserWindow, ipcMain, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './ipc-channels';
import { saveFileHandler } from './save-file';
import { applySecurityBaseline, isTrustedSender } from './security';
import { openWorkbench } from '../services/workbench';
import type { Workbench } from '../services/workbench';
import { utilityTrainerSpawner } from '../runner/host/spawn-utility';

app.setName('Forkbench');
applySecurityBaseline();

const root = resolve(import.meta.dirname, '../..');
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const indexHtml = join(root, 'out/renderer/index.html');
const appUrl = rendererUrl ?? `file://${indexHtml}`;

function dbPathFromArgs(): string | undefined {
  const flag = process.argv.findIndex((a) => a === '--db');
  if (flag >= 0) return process.argv[flag + 1];
  return process.env.FORKBENCH_DB || undefined;
}

/** better-sqlite3 built for Electron's ABI by scripts/ensure-electron-sqlite.mjs. */
function electronSqliteBinding(): string | undefined {
  const path = join(root, '.electron-native/better_sqlite3.node');
  return existsSync(path) ? path : undefined;
}

async function createWindow(): Promise<void> {
  const dbPath = dbPathFromArgs() ?? join(app.getPath('userData'), 'forkbench.db');
  const workbench = openWorkbench({
    dbPath,
    nativeBinding: electronSqliteBinding(),
    transport: 'ipc',
    runner: {
      spawn: utilityTrainerSpawner(utilityProcess),
      entry: join(import.meta.dirname, 'trainer-entry.js'),
    },
    llm: {
      spawn: utilityTrainerSpawner(utilityProcess),
      entry: join(import.meta.dirname, 'llm-entry.js'),
    },
    saveFile: saveFileHandler(
      () => BrowserWindow.getFocusedWindow() ?? undefined,
      () => app.getPath('documents'),
    ),
  });
  current = workbench;
  workbench.queue.start();

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Forkbench',
    show: false,
    backgroundColor: '#111418',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, payload: unknown) => {
    if (!isTrustedSender(event.senderFrame, appUrl)) {
      return { ok: false, error: { code: 'unauthorized', message: 'IPC from an untrusted frame' } };
    }
    return workbench.call(method, payload);
  });
  const unsubscribe = workbench.events.subscribe((ev) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, ev);
  });
  win.on('closed', () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  });

  if (rendererUrl) await win.loadURL(rendererUrl);
  else await win.loadFile(indexHtml);
}

app.whenReady().then(createWindow, (err: unknown) => {
  console.error('Forkbench failed to start:', err);
  app.exit(1);
});
let current: Workbench | undefined;
let quitting = false;
// Quitting stops active runs cleanly (each saves a checkpoint) before the database closes.
app.on('before-quit', (event) => {
  if (!current || quitting) return;
  event.preventDefault();
  quitting = true;
  const closing = current;
  current = undefined;
  closing.shutdown().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
