// Checkpoint files on disk. The engine hands over bytes; this module makes sure a checkpoint
// file is either complete or absent: write to a temporary name, fsync, rename, fsync the folder.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../paths';

export function checkpointDir(dataDir: string, runId: number): string {
  return join(dataDir, 'checkpoints', `run-${runId}`);
}

export function checkpointPath(dataDir: string, runId: number, step: number): string {
  return join(checkpointDir(dataDir, runId), `step-${step}.ckpt`);
}

/**
 * Where a base model named in a config lives: a path as given, else `<name>.ckpt` in the data
 * folder's base-models/ (made by `forkbench make-base`), else in the shipped resources/base-models/.
 * The file holds a trainer state (state-codec.ts); only its weights are used.
 */
export function baseModelCandidates(name: string, dataDir: string): string[] {
  const file = name.endsWith('.ckpt') ? name : `${name}.ckpt`;
  return [
    resolve(name),
    join(dataDir, 'base-models', file),
    join(PROJECT_ROOT, 'resources', 'base-models', file),
  ];
}

export function findBaseModel(name: string, dataDir: string): string {
  const candidates = baseModelCandidates(name, dataDir);
  const found = candidates.find((p) => existsSync(p) && statSync(p).isFile());
  if (found) return found;
  throw new Error(
    `base model "${name}" not found (looked in ${candidates.slice(1).join(', ')}); ` +
      `create it with 'forkbench make-base', or set base to null to start from fresh weights`,
  );
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes `bytes` atomically at `path`; returns its hash and size. */
export function writeCheckpointFile(
  path: string,
  bytes: Uint8Array,
): { sha256: string; bytes: number } {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is the problem; nothing was written
    }
    throw new Error(`cannot write checkpoint ${path}: ${diskProblem(err)}`, { cause: err });
  }
  syncDir(dirname(path));
  return { sha256: sha256(bytes), bytes: bytes.length };
}

/** Reads a checkpoint and checks it against the recorded hash. */
export function readCheckpointFile(path: string, expectedSha256?: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  if (expectedSha256 !== undefined) {
    const got = sha256(bytes);
    if (got !== expectedSha256) {
      throw new Error(`checkpoint ${path} is damaged: sha256 ${got} != recorded ${expectedSha256}`);
    }
  }
  return bytes;
}

/** Says what a person can fix: full disk, read-only or forbidden folder. */
function diskProblem(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOSPC') return 'the disk is full; free some space and resume the run';
  if (code === 'EROFS') return 'the folder is on a read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'no permission to write in that folder';
  return err instanceof Error ? err.message : String(err);
}

/** fsync on a directory makes the rename durable; some platforms (Windows) refuse: best effort. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
