// Hands an exported file to the user: in the desktop app through a save dialog (app.saveFile,
// implemented by the Electron shell), in the browser (serve mode) as a download.
import type { ExportFile } from '@contract';
import { call, transportKind } from '../api/client';
import { toasts } from '../ui/toasts.svelte';

export type Deliverable = Pick<ExportFile, 'filename' | 'mime' | 'encoding' | 'data'>;

export function base64ToBytes(data: string): Uint8Array<ArrayBuffer> {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Starts a browser download of the file (Blob + a[download]). */
export function download(file: Deliverable): void {
  const body = file.encoding === 'base64' ? base64ToBytes(file.data) : file.data;
  const url = URL.createObjectURL(new Blob([body], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves (desktop) or downloads (browser). Returns false when the user cancelled or it failed. */
export async function deliver(file: Deliverable): Promise<boolean> {
  if (transportKind() !== 'ipc') {
    download(file);
    return true;
  }
  const result = await call('app.saveFile', {
    suggestedName: file.filename,
    data: file.data,
    encoding: file.encoding,
  });
  if (!result.ok) {
    toasts.error(`Could not save ${file.filename}`, result.error);
    return false;
  }
  if (result.value.saved && result.value.path) toasts.push('success', 'Saved', result.value.path);
  return result.value.saved;
}
