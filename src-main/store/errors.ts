// Turns SQLite failures into clear 'storage_error's that name the database file.
import { WorkbenchError } from '../contract/result';

interface SqliteLikeError {
  code?: unknown;
  message?: unknown;
}

function codeOf(err: unknown): string {
  const code = (err as SqliteLikeError | null)?.code;
  return typeof code === 'string' ? code : '';
}

function messageOf(err: unknown): string {
  const message = (err as SqliteLikeError | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

/**
 * A WorkbenchError for a storage failure, or null when `err` is not one (a bug, say).
 * Already-mapped WorkbenchErrors pass through.
 */
export function storageErrorFrom(err: unknown, dbPath: string): WorkbenchError | null {
  if (err instanceof WorkbenchError) return err;
  const code = codeOf(err);
  const detail = messageOf(err);
  if (code.startsWith('SQLITE_NOTADB'))
    return new WorkbenchError(
      'storage_error',
      `${dbPath} is not a Forkbench database (not an SQLite file); it was left untouched. Use another --db`,
    );
  if (code.startsWith('SQLITE_CORRUPT'))
    return new WorkbenchError(
      'storage_error',
      `database ${dbPath} is corrupt (${detail}); it was left untouched. Restore a backup or use another --db`,
    );
  if (code.startsWith('SQLITE_FULL'))
    return new WorkbenchError(
      'storage_error',
      `disk full while writing database ${dbPath}; free some space and retry`,
    );
  if (code.startsWith('SQLITE_READONLY'))
    return new WorkbenchError(
      'storage_error',
      `database ${dbPath} is read-only (${detail}); check the file and folder permissions`,
    );
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new WorkbenchError(
      'storage_error',
      `cannot open database ${dbPath} (${detail}); check that the folder exists and is writable`,
    );
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new WorkbenchError(
      'storage_error',
      `database ${dbPath} is locked by another process; retry in a moment`,
    );
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_PERM'))
    return new WorkbenchError(
      'storage_error',
      `input/output error on database ${dbPath} (${detail})`,
    );
  if (['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code))
    return new WorkbenchError('storage_error', `cannot use database ${dbPath}: ${detail}`);
  return null;
}
