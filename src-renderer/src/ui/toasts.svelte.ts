// Toast notifications: every failed call ends up here (or inline) with a readable message.
import type { ClientError } from '../api/client';

export type ToastKind = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
}

let nextId = 1;

class ToastState {
  items = $state<Toast[]>([]);

  push(kind: ToastKind, title: string, message?: string, timeoutMs?: number): number {
    const id = nextId++;
    this.items = [...this.items.slice(-4), { id, kind, title, message }];
    const ms = timeoutMs ?? (kind === 'error' ? 10_000 : 4_000);
    if (ms > 0) setTimeout(() => this.dismiss(id), ms);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** "Could not archive run “x”" + "not_found: run 12 does not exist". */
  error(action: string, error: ClientError): void {
    this.push('error', action, describeError(error));
  }
}

export function describeError(error: ClientError): string {
  const field = error.field ? ` (field: ${error.field})` : '';
  const label: Record<string, string> = {
    invalid_request: 'Invalid request',
    not_found: 'Not found',
    conflict: 'Not possible now',
    unauthorized: 'Not authorized',
    payload_too_large: 'Too large',
    storage_error: 'Database problem',
    internal: 'Internal error',
    network: 'Connection problem',
  };
  return `${label[error.code] ?? error.code}: ${error.message}${field}`;
}

export const toasts = new ToastState();
