// Dropped files and folders → the imports.upload payload (relative paths kept: they tell runs
// apart), with the upload limit checked before anything is sent.
import { MAX_UPLOAD_BYTES } from '@contract/api-scaleout';

export interface UploadFile {
  path: string;
  base64: string;
  mtime: number;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (f: File) => void, fail: (e: unknown) => void) => void;
  createReader?: () => {
    readEntries: (ok: (e: Entry[]) => void, fail: (e: unknown) => void) => void;
  };
}

async function walk(
  entry: Entry,
  prefix: string,
  out: { path: string; file: File }[],
): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file?.(ok, fail));
    out.push({ path, file });
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, path, out);
    }
  }
}

/** Files of a drop (folders walked) or of a file input (webkitRelativePath kept). */
export async function collectDropped(
  data: DataTransfer | null,
  input?: FileList | null,
): Promise<{ path: string; file: File }[]> {
  const out: { path: string; file: File }[] = [];
  if (input) {
    for (const f of Array.from(input)) out.push({ path: f.webkitRelativePath || f.name, file: f });
    return out;
  }
  for (const item of Array.from(data?.items ?? [])) {
    const entry = (
      item as DataTransferItem & { webkitGetAsEntry?: () => Entry | null }
    ).webkitGetAsEntry?.();
    if (entry) await walk(entry, '', out);
    else {
      const f = item.getAsFile();
      if (f) out.push({ path: f.name, file: f });
    }
  }
  return out;
}

export async function encodeUploads(files: { path: string; file: File }[]): Promise<UploadFile[]> {
  const total = files.reduce((s, f) => s + f.file.size, 0);
  if (total > MAX_UPLOAD_BYTES)
    throw new Error(
      `${(total / 1024 / 1024).toFixed(1)} MiB is over the ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB upload limit; use 'forkbench import PATH' for large log folders`,
    );
  return Promise.all(
    files.map(async ({ path, file }) => ({
      path,
      base64: toBase64(new Uint8Array(await file.arrayBuffer())),
      mtime: file.lastModified / 1000,
    })),
  );
}
