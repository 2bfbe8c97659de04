// Checkpoint files on disk. The engine hands over bytes; this module makes sure a checkpoint
// file is either complete or absent: write to a temporary name, fsync, rename, fsync the folder.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../paths';

export function checkpointDir(dataDir: string, runId: number): string {
  return join(dataDir, 'checkpoints', `run-${runId}`);
}

export function checkpointPath(dataDir: string, runId: number, step: number): string {
  return join(checkpointDir(dataDir, runId), `step-${step}.ckpt`);
}

/** A checkpoint file in `dir`, named by step and owner generation. */
export function checkpointFile(dir: string, step: number, generation: number): string {
  return join(dir, `step-${step}.g${generation}.ckpt`);
}

/**
 * The checkpoint folder of one database: named by its file name and its own random id, so two
 * databases side by side (run ids start at 1 in each) never share or overwrite checkpoints.
 */
export function checkpointRootFor(dataDir: string, dbPath: string, storeId: string): string {
  const stem = basename(dbPath).replace(/\.[^.]*$/, '') || 'db';
  return join(dataDir, 'checkpoints', `${stem}-${storeId.slice(0, 12)}`);
}

/**
 * Removes `*.tmp-PID` files a killed trainer left mid-write, when PID is no longer alive.
 * Returns the names removed.
 */
export function removeOrphanTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no folder yet
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = /\.tmp-(\d+)$/.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this pid exists on this machine (EPERM: exists, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Where a base model named in a config lives: `<name>.ckpt` in the data folder's base-models/
 * (made by `forkbench make-base`), else in the shipped resources/base-models/. Only registry
 * names are looked up, never paths: the config schema refuses separators, and so does this.
 * The file holds a trainer state (state-codec.ts); only its weights are used.
 */
export function baseModelCandidates(name: string, dataDir: string): string[] {
  if (!/^(?!\.)[A-Za-z0-9._-]+$/.test(name))
    throw new Error(`base model "${name}" is not a registry name (no paths)`);
  const file = name.endsWith('.ckpt') ? name : `${name}.ckpt`;
  return [join(dataDir, 'base-models', file), join(PROJECT_ROOT, 'resources', 'base-models', file)];
}

export function findBaseModel(name: string, dataDir: string): string {
  const candidates = baseModelCandidates(name, dataDir);
  const found = candidates.find((p) => existsSync(p) && statSync(p).isFile());
  if (found) return found;
  throw new Error(
    `base model "${name}" not found (looked in ${candidates.join(', ')}); ` +
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
