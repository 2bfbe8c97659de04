// app.saveFile: the desktop app's way to hand over an export — a native save dialog, then the
// file written atomically. Serve mode has no such method (the browser downloads instead).
import type { BrowserWindow } from 'electron';
import { dialog } from 'electron';
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { WorkbenchError } from '../contract/result';
import type { Handler } from '../services/types';

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  '.png': { name: 'PNG image', extensions: ['png'] },
  '.svg': { name: 'SVG image', extensions: ['svg'] },
  '.pdf': { name: 'PDF document', extensions: ['pdf'] },
  '.csv': { name: 'CSV table', extensions: ['csv'] },
  '.json': { name: 'JSON', extensions: ['json'] },
  '.jsonl': { name: 'JSON lines', extensions: ['jsonl'] },
  '.txt': { name: 'Text', extensions: ['txt'] },
};

export function saveFileHandler(
  window: () => BrowserWindow | undefined,
  defaultDir: () => string,
): Handler<'app.saveFile'> {
  return async ({ suggestedName, data, encoding }) => {
    const name = basename(suggestedName).replace(/[\\/:*?"<>|]+/g, '_');
    const filter = FILTERS[extname(name).toLowerCase()];
    const options = {
      defaultPath: join(defaultDir(), name),
      filters: filter ? [filter, { name: 'All files', extensions: ['*'] }] : [],
    };
    const win = window();
    const choice = win
      ? await dialog.showSaveDialog(win, options)
      : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false, path: null };
    const path = choice.filePath;
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, encoding === 'base64' ? Buffer.from(data, 'base64') : data);
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new WorkbenchError(
        'storage_error',
        `could not write ${path}: ${(err as Error).message}`,
      );
    }
    return { saved: true, path };
  };
}
