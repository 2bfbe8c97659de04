// Export files as the API hands them over: text (utf8) or binary (base64), with a safe name, and
// the size limit every export is checked against.
import type { ExportFile } from '../../contract/api-export';
import { WorkbenchError } from '../../contract/result';

export interface ExportLimits {
  /** Most metric points one export reads. */
  maxPoints: number;
  /** Largest file one export produces, in bytes. */
  maxBytes: number;
}

/** What the API allows per call (serve mode sends it as JSON); the CLI has no limits. */
export const API_LIMITS: ExportLimits = { maxPoints: 2_000_000, maxBytes: 64 * 1024 * 1024 };
export const NO_LIMITS: ExportLimits = { maxPoints: Infinity, maxBytes: Infinity };

export const TOO_LARGE_HINT = "export it with the command line instead: 'forkbench export --help'";

/** `run-12-reward_mean`: safe in file names on every OS. */
export function safeName(s: string): string {
  return (
    s
      .replace(/[^\w.-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'export'
  );
}

export function textFile(filename: string, mime: string, data: string, rows?: number): ExportFile {
  const file: ExportFile = {
    filename,
    mime,
    encoding: 'utf8',
    data,
    bytes: new TextEncoder().encode(data).length,
  };
  if (rows !== undefined) file.rows = rows;
  return file;
}

export function binaryFile(
  filename: string,
  mime: string,
  bytes: Uint8Array,
  rows?: number,
): ExportFile {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const file: ExportFile = {
    filename,
    mime,
    encoding: 'base64',
    data: btoa(bin),
    bytes: bytes.length,
  };
  if (rows !== undefined) file.rows = rows;
  return file;
}

/** Throws 'payload_too_large' when `file` is over the limit. */
export function checkBytes(file: ExportFile, limits: ExportLimits): ExportFile {
  if (file.bytes > limits.maxBytes)
    throw new WorkbenchError(
      'payload_too_large',
      `the export is ${(file.bytes / 1e6).toFixed(1)} MB, over the ${(limits.maxBytes / 1e6).toFixed(0)} MB limit; ${TOO_LARGE_HINT}`,
    );
  return file;
}
