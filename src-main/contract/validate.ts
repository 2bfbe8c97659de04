// Validation at the edge: turns an unknown payload into a typed request or a named error.
import type { z } from 'zod';
import type { Method, Request } from './api';
import { requestSchemas } from './api';
import type { ApiError } from './result';

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** Path of an issue as a dotted field name ("config.rho", "tags.2"). */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

export function describeIssues(error: z.ZodError): ApiError {
  const first = error.issues[0];
  if (!first) return { code: 'invalid_request', message: 'invalid request' };
  let field = fieldPath(first.path);
  // An unknown key is reported on the key itself, not on its parent object.
  if (first.code === 'unrecognized_keys' && first.keys.length > 0) {
    field = fieldPath([...first.path, first.keys[0] as string]);
  }
  const where = field === '' ? 'request' : field;
  return { code: 'invalid_request', message: `${where}: ${first.message}`, field: where };
}

export function validateRequest<M extends Method>(
  method: M,
  payload: unknown,
): { ok: true; value: Request<M> } | { ok: false; error: ApiError } {
  const parsed = requestSchemas[method].safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as Request<M> };
  return { ok: false, error: describeIssues(parsed.error) };
}
