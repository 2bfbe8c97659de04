// One confirmation dialog for the whole app: `await confirmAction({...})` → true when confirmed.
export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
}

class ConfirmState {
  request = $state<ConfirmRequest | null>(null);
  private resolve: ((ok: boolean) => void) | null = null;

  ask(request: ConfirmRequest): Promise<boolean> {
    this.resolve?.(false);
    this.request = request;
    return new Promise((resolve) => (this.resolve = resolve));
  }

  answer(ok: boolean): void {
    const resolve = this.resolve;
    this.resolve = null;
    this.request = null;
    resolve?.(ok);
  }
}

export const confirmState = new ConfirmState();
export const confirmAction = (r: ConfirmRequest) => confirmState.ask(r);
