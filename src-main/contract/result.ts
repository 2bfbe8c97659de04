// The result envelope every API call answers with, on every transport.
export type ErrorCode =
  | 'invalid_request' // payload failed validation; `field` names the offending path
  | 'not_found'
  | 'conflict' // the request is valid but the current state forbids it
  | 'unauthorized'
  | 'payload_too_large'
  | 'storage_error' // database unreadable, read-only, full, or from a newer version
  | 'internal';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Dotted path of the field at fault, when one is. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, field?: string): Result<never> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

/** Thrown by services; transports turn it into a failed Result. */
export class WorkbenchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WorkbenchError';
  }
}

/** Largest request body any transport accepts, in bytes. */
export const MAX_REQUEST_BYTES = 1_000_000;
