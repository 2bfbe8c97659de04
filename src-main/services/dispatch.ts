// The one entry point every transport calls: validate, run the service, wrap in an envelope.
// Never throws and never leaks a stack trace to the caller.
import type { Method, Responses } from '../contract/api';
import type { Result } from '../contract/result';
import { payloadProblem } from '../contract/path-safety';
import { WorkbenchError, fail, ok } from '../contract/result';
import { isMethod, validateRequest } from '../contract/validate';
import { storageErrorFrom } from '../store/errors';
import type { Services } from './types';

export interface DispatchOptions {
  /** Named in storage error messages. */
  dbPath?: string;
  /** Where unexpected errors (bugs) are reported with their stack; default console.error. */
  onInternalError?: (method: string, err: unknown) => void;
}

function describeMethod(method: unknown): string {
  const text = typeof method === 'string' ? method : String(method);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

export function errorToResult(
  err: unknown,
  method: string,
  options: DispatchOptions = {},
): Result<never> {
  if (err instanceof WorkbenchError) return fail(err.code, err.message, err.field);
  const storage = storageErrorFrom(err, options.dbPath ?? 'the database');
  if (storage) return fail(storage.code, storage.message, storage.field);
  (options.onInternalError ?? ((m, e) => console.error(`forkbench: ${m} failed:`, e)))(method, err);
  return fail('internal', `internal error in ${method}; the details are in the Forkbench log`);
}

export async function dispatch<M extends Method>(
  services: Services,
  method: M,
  payload: unknown,
  options?: DispatchOptions,
): Promise<Result<Responses[M]>>;
export async function dispatch(
  services: Services,
  method: unknown,
  payload: unknown,
  options?: DispatchOptions,
): Promise<Result<Responses[Method]>>;
export async function dispatch(
  services: Services,
  method: unknown,
  payload: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isMethod(method))
    return fail('invalid_request', `unknown method ${describeMethod(method)}`, 'method');
  // Before zod: a polluting key or a pathologically deep payload is refused by name.
  const problem = payloadProblem(payload);
  if (problem) return fail('invalid_request', problem.message, problem.field);
  const request = validateRequest(method, payload);
  if (!request.ok) return { ok: false, error: request.error };
  try {
    const handler = services[method] as (request: unknown) => unknown;
    return ok(await handler(request.value));
  } catch (err) {
    return errorToResult(err, method, options);
  }
}
